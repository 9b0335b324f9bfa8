import { BadRequestException, ValidationPipe, applyDecorators, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  registerDecorator,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { invalidFields, type FieldProblem } from './errors';

/*
 * Combined field decorators: each applies the class-validator rules, passes the rule's
 * parameters as `context` (so the error message can say "at least 3 characters" in the
 * member's language) and documents the field in OpenAPI.
 */

const ctx = (context: Record<string, unknown>): ValidationOptions => ({ context });

function doc(optional: boolean | undefined, options: Record<string, unknown>) {
  return optional ? ApiPropertyOptional(options) : ApiProperty(options);
}

/** Optional fields may be absent; required ones say "is required" rather than "must be text". */
const presence = (o: { optional?: boolean }) => (o.optional ? IsOptional() : IsDefined());

interface Common {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

export function Str(o: Common & { min?: number; max: number; pattern?: RegExp; trim?: boolean }) {
  const decorators = [
    doc(o.optional, { type: String, minLength: o.min, maxLength: o.max, description: o.description, example: o.example }),
    IsString(),
    MaxLength(o.max, ctx({ max: o.max })),
  ];
  if (o.trim !== false) decorators.unshift(Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)));
  if (o.min) decorators.push(MinLength(o.min, ctx({ min: o.min })));
  if (o.pattern) decorators.push(Matches(o.pattern));
  decorators.push(presence(o));
  return applyDecorators(...decorators);
}

export function Email(o: Common = {}) {
  return applyDecorators(
    doc(o.optional, { type: String, format: 'email', maxLength: 254, example: 'member@example.com' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(254, ctx({ max: 254 })),
    IsEmail({ allow_display_name: false, require_tld: true }),
    presence(o),
  );
}

export function OneOf<T extends string>(values: readonly T[], o: Common = {}) {
  return applyDecorators(
    doc(o.optional, { enum: values as unknown as string[], description: o.description }),
    IsIn(values as unknown as T[], ctx({ values: values.join(', ') })),
    presence(o),
  );
}

/**
 * Query text to a number only when it is plain decimal digits (an optional minus sign):
 * `0x10`, `1e3`, ` 1`, `+1` or `1.0` stay text and fail IsInt, as they do in paths (ParseIdPipe);
 * a repeated parameter (an array) stays an array and fails too.
 */
const decimalText = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value));

/** Integer field. In query strings the text is converted first (`query: true`), decimal digits only. */
export function Int(o: Common & { min?: number; max?: number; query?: boolean }) {
  const d = [
    doc(o.optional, { type: Number, minimum: o.min, maximum: o.max, description: o.description, example: o.example }),
    IsInt(),
  ];
  if (o.query) d.unshift(decimalText);
  if (o.min !== undefined) d.push(Min(o.min, ctx({ min: o.min })));
  if (o.max !== undefined) d.push(Max(o.max, ctx({ max: o.max })));
  d.push(presence(o));
  return applyDecorators(...d);
}

export const Id = (o: Common & { query?: boolean } = {}) => Int({ ...o, min: 1, max: Number.MAX_SAFE_INTEGER });

export function Bool(o: Common = {}) {
  return applyDecorators(doc(o.optional, { type: Boolean }), IsBoolean(), presence(o));
}

export function DateOnly(o: Common = {}) {
  return applyDecorators(
    doc(o.optional, { type: String, format: 'date', example: '1990-05-17' }),
    IsString(),
    IsCalendarDate(),
    presence(o),
  );
}

export function TimeZone(o: Common = {}) {
  return applyDecorators(
    doc(o.optional, { type: String, example: 'Asia/Riyadh' }),
    IsString(),
    IsTimeZone(),
    presence(o),
  );
}

export function Nested(type: () => new () => object, o: Common & { array?: boolean; maxItems?: number } = {}) {
  const d = [doc(o.optional, { type: type(), isArray: o.array }), ValidateNested({ each: o.array }), Type(type)];
  if (o.array) d.push(IsArray(), ArrayMaxSize(o.maxItems ?? 50, ctx({ max: o.maxItems ?? 50 })));
  d.push(presence(o));
  return applyDecorators(...d);
}

export function HttpUrl(o: Common & { max?: number } = {}) {
  return applyDecorators(
    doc(o.optional, { type: String, format: 'uri' }),
    IsString(),
    MaxLength(o.max ?? 500, ctx({ max: o.max ?? 500 })),
    IsHttpUrl(),
    presence(o),
  );
}

function custom(name: string, test: (v: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (object: object, propertyName: string | symbol) =>
      registerDecorator({ name, target: object.constructor, propertyName: String(propertyName), options, validator: { validate: test } });
}

export const IsTimeZone = custom('isTimeZone', (v) => {
  if (typeof v !== 'string' || v.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
});

export const IsCalendarDate = custom('isDateString', (v) => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
});

export const IsHttpUrl = custom('isUrl', (v) => {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
});

/** Flattens class-validator errors into field problems (`items.0.url`), the first rule per field. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      const names = Object.keys(e.constraints);
      // the most telling rule first: "required" before "must be text"
      const order = ['whitelistValidation', 'isDefined', 'isString', 'isInt', 'isIn', 'isEmail'];
      names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
      const name = names[0];
      const code = name === 'whitelistValidation' ? 'unknown_field' : name;
      out.push({ field, code, params: { ...(e.contexts?.[name] ?? {}) } });
    }
    if (e.children?.length) out.push(...toFieldProblems(e.children, field));
  }
  return out;
}

/**
 * The global pipe validates bodies and query DTOs. It leaves path and query primitives as the
 * text they arrived as: their own pipes (ParseIdPipe, clampLimit) judge the raw text, so
 * "0x10", "1e3" or "-1" are refused rather than converted.
 */
class BodyValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

export function createValidationPipe(): PipeTransform {
  return new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const problems = toFieldProblems(errors);
      return problems.length ? invalidFields(problems) : new BadRequestException();
    },
  });
}

/** The bilingual texts every created item has: a title in both languages, a description in either. */
export class BilingualTextDto {
  @Str({ min: 1, max: 120 })
  title: string;

  @Str({ min: 1, max: 120 })
  titleAr: string;

  @Str({ max: 4000, optional: true })
  description?: string;

  @Str({ max: 4000, optional: true })
  descriptionAr?: string;
}

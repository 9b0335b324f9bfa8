/** A field-level problem before translation: `code` is a key under `validation.` in the catalogs. */
export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/**
 * A domain error: an HTTP status, a stable code that is also the i18n key of its message, and
 * the parameters of that message. Services throw these; one filter turns them into
 * problem+json in the member's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly fieldProblems?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }
}

export const badRequest = (code = 'errors.bad_request', params?: Record<string, unknown>) => new AppError(400, code, params);
export const unauthenticated = () => new AppError(401, 'errors.unauthenticated');
export const forbidden = (code = 'errors.forbidden', params?: Record<string, unknown>) => new AppError(403, code, params);
/** Also used for things that exist but may not be seen: the same answer as a missing one. */
export const notFound = (code = 'errors.not_found') => new AppError(404, code);
export const conflict = (code = 'errors.conflict', params?: Record<string, unknown>) => new AppError(409, code, params);
export const tooManyRequests = (seconds: number) =>
  new AppError(429, 'errors.rate_limited', { seconds }, undefined, { 'retry-after': String(seconds) });
export const invalidFields = (problems: FieldProblem[]) => new AppError(400, 'errors.validation_failed', {}, problems);

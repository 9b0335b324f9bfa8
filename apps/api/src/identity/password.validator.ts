import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isAcceptablePassword } from './password.service';

export function IsStrongPassword(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isStrongPassword',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (v: unknown) => isAcceptablePassword(v) },
    });
}

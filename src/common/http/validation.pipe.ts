import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field =
      parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'is not an allowed field') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The fields (`name`, `defendants[0].charges[1]`) whose text holds U+0000, which PostgreSQL text cannot store. */
function fieldsWithNul(value: unknown, field: string, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(field);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => fieldsWithNul(item, `${field}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) fieldsWithNul(item, field === '' ? key : `${field}.${key}`, out);
  }
  return out;
}

/**
 * Request bodies and queries: unknown fields rejected, types converted, errors listed per field.
 * On top of Nest's pipe: a body must be a JSON object (Nest reads a missing or null body as `{}`, which would let
 * `PATCH` with no body pass as a change of nothing, and names the items of an array as unknown fields), and no
 * text may hold a NUL character.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !this.toValidate(metadata)) {
      return super.transform(value, metadata);
    }
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailedError(
        [{ field: 'body', message: 'must be a JSON object' }],
        'The request body must be a JSON object',
      );
    }
    const withNul: FieldError[] = fieldsWithNul(value, '').map((field) => ({
      field,
      message: 'must not contain the NUL character (\\u0000)',
    }));
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (err) {
      // Every fault at once: the NUL characters along with the rest.
      if (withNul.length > 0 && err instanceof ValidationFailedError) {
        throw new ValidationFailedError([...(err.extra.errors as FieldError[]), ...withNul]);
      }
      throw err;
    }
    if (withNul.length > 0) throw new ValidationFailedError(withNul);
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

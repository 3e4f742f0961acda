import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only an absent field is skipped: an explicit null is still validated (and refused,
 * unless the field allows it), so `{"name": null}` is a 400 naming the field rather than a database error.
 */
export const OptionalField = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

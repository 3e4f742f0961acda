import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';

/** A path parameter that must be a UUID: `@UuidParam('id') id: string`. A bad one is a 400 naming it. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => ValidationFailedError.field(name, 'must be a UUID') }));

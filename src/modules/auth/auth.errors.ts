import { DomainError } from '../../common/errors/domain-error';

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly status = 401;
  readonly title = 'Invalid credentials';
  constructor() {
    super('The e-mail address or the password is wrong');
  }
}

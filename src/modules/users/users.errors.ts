import { ConflictError } from '../../common/errors/domain-error';

export class EmailTakenError extends ConflictError {
  override readonly code = 'EMAIL_TAKEN';
  override readonly title = 'E-mail already registered';
  constructor() {
    super('A user with this e-mail address already exists');
  }
}

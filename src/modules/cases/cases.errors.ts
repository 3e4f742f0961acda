import { ConflictError } from '../../common/errors/domain-error';

export class CaseNumberTakenError extends ConflictError {
  override readonly code = 'CASE_NUMBER_TAKEN';
  override readonly title = 'Case number already used in this court';
  constructor(caseNumber: string) {
    super(`This court already has a case numbered ${caseNumber}`);
  }
}

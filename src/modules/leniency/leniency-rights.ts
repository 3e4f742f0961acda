import type { Role } from '../../common/http/request-context';
import type { LeniencyActionName, LeniencyState } from './leniency-transitions';

/**
 * Who may record which step of a plea-leniency record, among those who see its case (case-visibility.ts decides
 * that; everyone else gets 404 before this is asked). The procuratorate records review for prosecution: informing,
 * acceptance, the affidavit, the proposals, the conclusion. The court records its decision. A withdrawal is
 * recorded by whoever holds the case then: the procuratorate until the conclusion, then the procuratorate or the
 * court (a plea withdrawn at trial). Admins may record anything; lawyers and detention officers read.
 *
 * Returns why not, or null when the step is theirs.
 */
export function leniencyStepRefusal(role: Role, action: LeniencyActionName, state: LeniencyState): string | null {
  switch (role) {
    case 'admin':
      return null;
    case 'prosecutor':
      return action === 'decision' ? "the court's clerks and judges record its decision" : null;
    case 'clerk':
    case 'judge':
      if (action === 'decision') return null;
      if (action === 'withdraw')
        return state === 'concluded' ? null : 'before the conclusion the procuratorate records a withdrawal';
      return 'the procuratorate records review for prosecution';
    case 'lawyer':
    case 'detention_officer':
      return 'lawyers and detention officers read plea-leniency records; they do not record them';
  }
}

/** Whether the role may record some step (the others are refused before any state is read). */
export function mayRecordAnyLeniencyStep(role: Role): boolean {
  return role !== 'lawyer' && role !== 'detention_officer';
}

import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';

/** Who a PATCH /cases/:id put in another's place: the case's prosecutor, defendants' defense lawyers. */
export interface CasePeopleChange {
  caseId: string;
  /** The case handed to another prosecutor; null when the prosecutor stays. */
  prosecutor: { from: string; to: string } | null;
  /** A defendant's lawyer assigned (`from` null), changed, or removed (`to` null). */
  defenseLawyers: { defendantId: string; from: string | null; to: string | null }[];
}

/** Something that keeps copies of a case's people and must follow a change, inside the change's transaction. */
export interface CasePeopleListener {
  casePeopleChanged(tx: Transaction, ctx: RequestContext, change: CasePeopleChange): Promise<void>;
}

/**
 * The features above cases (hearings) hold a case's people in their own rows; a change of the case must reach
 * them in the same transaction. Cases may not import hearings (imports point down the court's order: cases →
 * calendars → hearings, and hearings already reads cases), so the dependency is inverted: cases exports this
 * registry, and a module above registers itself here when it starts (HearingsModule's CaseScheduleFollower).
 * A listener's error rolls the whole case change back.
 */
@Injectable()
export class CaseChangeListeners {
  private readonly listeners: CasePeopleListener[] = [];

  register(listener: CasePeopleListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async casePeopleChanged(tx: Transaction, ctx: RequestContext, change: CasePeopleChange): Promise<void> {
    if (change.prosecutor === null && change.defenseLawyers.length === 0) return;
    for (const listener of this.listeners) await listener.casePeopleChanged(tx, ctx, change);
  }
}

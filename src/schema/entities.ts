import { AuditEntry } from '../modules/audit/audit-entry.entity';
import { CalendarException } from '../modules/calendars/calendar-exception.entity';
import { OpeningHour } from '../modules/calendars/opening-hour.entity';
import { CaseDefendant } from '../modules/cases/case-defendant.entity';
import { Case } from '../modules/cases/case.entity';
import { Defendant } from '../modules/directory/defendant.entity';
import { Organization } from '../modules/directory/organization.entity';
import { Room } from '../modules/directory/room.entity';
import { Hearing, HearingDefendant, HearingLawyer } from '../modules/hearings/hearing.entity';
import { LeniencyProposalRow, LeniencyRecordRow, LeniencyStepRow } from '../modules/leniency/leniency-record.entity';
import { HearingOutcomeRow } from '../modules/outcomes/hearing-outcome.entity';
import { Sitting } from '../modules/sittings/sitting.entity';
import { Reservation } from '../kernel/scheduling/reservation.entity';
import { IdempotencyKey } from '../platform/idempotency/idempotency-key.entity';
import { RateLimitHit } from '../platform/rate-limit/rate-limit.entity';
import { OutboxEventRow } from '../platform/outbox/outbox-event.entity';
import { User } from '../modules/users/user.entity';
import {
  HearingInvitationRow,
  HearingLiveChangeRow,
  HearingVideoRow,
  LivekitEventRow,
  VideoIdentityRow,
  VideoSessionRow,
} from '../modules/video/hearing-video.entity';

/** Every TypeORM entity. The schema itself comes from migrations/, never from these classes. */
export const ENTITIES = [
  Organization,
  Room,
  User,
  Defendant,
  Case,
  CaseDefendant,
  AuditEntry,
  Hearing,
  HearingDefendant,
  HearingLawyer,
  Reservation,
  IdempotencyKey,
  OpeningHour,
  CalendarException,
  Sitting,
  LeniencyRecordRow,
  HearingOutcomeRow,
  LeniencyProposalRow,
  LeniencyStepRow,
  HearingVideoRow,
  HearingLiveChangeRow,
  VideoIdentityRow,
  LivekitEventRow,
  VideoSessionRow,
  HearingInvitationRow,
  RateLimitHit,
  OutboxEventRow,
];

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { toUtcIso } from '../../../common/time/local-time';
import { DECISION_KINDS, LENIENCY_STATES, PENALTIES, PROPOSAL_KINDS } from '../leniency-transitions';
import type { DecisionKind, Penalty, Procedure, ProposalKind } from '../leniency-transitions';
import type { LeniencyRecordRecord } from '../leniency.repository';

const PROCEDURES: readonly Procedure[] = ['speedy', 'summary', 'ordinary'];
const WITNESS_ROLES = ['defense_lawyer', 'duty_lawyer'];
const ACTIONS = ['inform', 'accept', 'affidavit', 'proposal', 'conclude', 'decision', 'withdraw'];
/** Fifty years: beyond any fixed term (life imprisonment is not a term). */
export const MAX_MONTHS = 600;
export const MAX_FINE_YUAN = 100_000_000;

const PAST_INSTANT = 'ISO 8601 with an offset or Z; not after now (it records what happened)';

/** inform, accept: when it happened (default now). */
export class LeniencyStepDto {
  @ApiPropertyOptional({ description: `When. ${PAST_INSTANT}; default now`, example: '2026-03-09T09:00:00+08:00' })
  @OptionalField()
  @IsString()
  @MaxLength(40)
  at?: string;
}

export class LeniencyAffidavitDto {
  @ApiProperty({ description: `When the affidavit was signed. ${PAST_INSTANT}` })
  @IsString()
  @MaxLength(40)
  signedAt: string;
  @ApiProperty({
    format: 'uuid',
    description: "An active lawyer: the defendant's defense lawyer in the case, or any other as duty lawyer",
  })
  @IsUUID()
  witnessLawyerId: string;
  @ApiProperty({ enum: PROCEDURES, description: 'The trial procedure the defendant agrees to' })
  @IsIn(PROCEDURES)
  procedure: Procedure;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The plea_signing hearing of this case, attended by the defendant and the witness, where it was signed',
  })
  @OptionalField()
  @IsUUID()
  hearingId?: string;
}

export class LeniencyProposalDto {
  @ApiProperty({ enum: PROPOSAL_KINDS, description: 'definite (one term) or range (minMonths < maxMonths)' })
  @IsIn(PROPOSAL_KINDS)
  kind: ProposalKind;
  @ApiProperty({ enum: PENALTIES }) @IsIn(PENALTIES) penalty: Penalty;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MONTHS, description: 'The term of a definite proposal' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_MONTHS)
  termMonths?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MONTHS, description: 'Lower end of a range' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_MONTHS)
  minMonths?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_MONTHS, description: 'Upper end of a range' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_MONTHS)
  maxMonths?: number;
  @ApiProperty() @IsBoolean() probation: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_FINE_YUAN, description: 'A fine (required for fine_only)' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_FINE_YUAN)
  fineYuan?: number;
  @ApiPropertyOptional({ description: `When it was made. ${PAST_INSTANT}; default now` })
  @OptionalField()
  @IsString()
  @MaxLength(40)
  proposedAt?: string;
}

export class LeniencyConclusionDto {
  @ApiProperty({ description: `When review for prosecution concluded for this person. ${PAST_INSTANT}` })
  @IsString()
  @MaxLength(40)
  concludedAt: string;
  @ApiProperty({ description: 'Whether leniency was applied (needs the affidavit)' })
  @IsBoolean()
  leniencyApplied: boolean;
}

export class LeniencyDecisionDto {
  @ApiProperty({ enum: DECISION_KINDS }) @IsIn(DECISION_KINDS) decision: DecisionKind;
  @ApiProperty({ minimum: 0, maximum: MAX_MONTHS, description: 'The sentence in months (0 for a fine only)' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONTHS)
  sentenceMonths: number;
  @ApiProperty() @IsBoolean() probation: boolean;
  @ApiProperty({ description: `When the court decided. ${PAST_INSTANT}` })
  @IsString()
  @MaxLength(40)
  decidedAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A hearing of this case the defendant attended' })
  @OptionalField()
  @IsUUID()
  hearingId?: string;
}

export class LeniencyWithdrawalDto {
  @ApiProperty({ description: `When the defendant withdrew the plea. ${PAST_INSTANT}` })
  @IsString()
  @MaxLength(40)
  at: string;
  @ApiProperty({ maxLength: 500, description: "Why (free text: read only by the case's court and procuratorate)" })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason: string;
}

export class LeniencyAffidavitResponse {
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ format: 'uuid' }) witnessLawyerId: string;
  @ApiProperty({ enum: WITNESS_ROLES }) witnessRole: string;
  @ApiProperty({ enum: PROCEDURES }) procedure: Procedure;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) hearingId: string | null;
}

export class LeniencyProposalResponse {
  @ApiProperty({ type: 'integer', description: '1 for the first; the last is in force' }) position: number;
  @ApiProperty({ enum: PROPOSAL_KINDS }) kind: ProposalKind;
  @ApiProperty({ enum: PENALTIES }) penalty: Penalty;
  @ApiProperty({ type: 'integer', nullable: true }) termMonths: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) minMonths: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxMonths: number | null;
  @ApiProperty() probation: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) fineYuan: number | null;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ format: 'uuid', description: 'Who recorded it' }) proposedBy: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt: string;
}

export class LeniencyConclusionResponse {
  @ApiProperty({ format: 'date-time' }) concludedAt: string;
  @ApiProperty() leniencyApplied: boolean;
}

export class LeniencyDecisionResponse {
  @ApiProperty({ enum: DECISION_KINDS }) decision: DecisionKind;
  @ApiProperty({ type: 'integer' }) sentenceMonths: number;
  @ApiProperty() probation: boolean;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) hearingId: string | null;
}

export class LeniencyWithdrawalResponse {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Free text: null for readers other than admins and the case's court and procuratorate",
  })
  withdrawalReason: string | null;
}

export class LeniencyStepResponse {
  @ApiProperty({ enum: ACTIONS }) action: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the step recorded, as sent (instants in UTC); a withdrawal has its withdrawalReason',
  })
  payload: Record<string, unknown>;
}

export class LeniencyRecordResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) defendantId: string;
  @ApiProperty({ enum: LENIENCY_STATES }) state: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) informedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt: string | null;
  @ApiProperty({ type: LeniencyAffidavitResponse, nullable: true }) affidavit: LeniencyAffidavitResponse | null;
  @ApiProperty({ type: [LeniencyProposalResponse], description: 'Every proposal, in the order made' })
  proposals: LeniencyProposalResponse[];
  @ApiProperty({ type: LeniencyConclusionResponse, nullable: true }) conclusion: LeniencyConclusionResponse | null;
  @ApiProperty({ type: LeniencyDecisionResponse, nullable: true }) decision: LeniencyDecisionResponse | null;
  @ApiProperty({ type: LeniencyWithdrawalResponse, nullable: true }) withdrawal: LeniencyWithdrawalResponse | null;
  @ApiProperty({ type: [LeniencyStepResponse], description: 'Every step, oldest first' })
  history: LeniencyStepResponse[];
}

const iso = (d: Date | null): string | null => (d ? toUtcIso(d) : null);

/** The record as the API shows it; a defendant with no record yet has the empty one, state open. */
export function toLeniencyRecordResponse(
  caseId: string,
  defendantId: string,
  r: LeniencyRecordRecord | null,
): LeniencyRecordResponse {
  if (!r) {
    return {
      caseId,
      defendantId,
      state: 'open',
      informedAt: null,
      acceptedAt: null,
      affidavit: null,
      proposals: [],
      conclusion: null,
      decision: null,
      withdrawal: null,
      history: [],
    };
  }
  const m = r.machine;
  return {
    caseId,
    defendantId,
    state: m.state,
    informedAt: iso(m.informedAt),
    acceptedAt: iso(m.acceptedAt),
    affidavit: m.affidavit && {
      signedAt: toUtcIso(m.affidavit.signedAt),
      witnessLawyerId: m.affidavit.witnessLawyerId,
      witnessRole: r.witnessRole ?? 'duty_lawyer',
      procedure: m.affidavit.procedure,
      hearingId: m.affidavit.hearingId,
    },
    proposals: r.proposals.map((p) => ({
      position: p.position,
      kind: p.kind,
      penalty: p.penalty,
      termMonths: p.termMonths,
      minMonths: p.minMonths,
      maxMonths: p.maxMonths,
      probation: p.probation,
      fineYuan: p.fineYuan,
      proposedAt: toUtcIso(p.proposedAt),
      proposedBy: p.proposedBy,
      recordedAt: toUtcIso(p.recordedAt),
    })),
    conclusion: m.conclusion && {
      concludedAt: toUtcIso(m.conclusion.concludedAt),
      leniencyApplied: m.conclusion.leniencyApplied,
    },
    decision: m.decision && {
      decision: m.decision.decision,
      sentenceMonths: m.decision.sentenceMonths,
      probation: m.decision.probation,
      decidedAt: toUtcIso(m.decision.decidedAt),
      hearingId: m.decision.hearingId,
    },
    withdrawal: m.withdrawal && { at: toUtcIso(m.withdrawal.at), withdrawalReason: m.withdrawal.reason },
    history: r.history.map((s) => ({
      action: s.action,
      actorId: s.actorId,
      recordedAt: toUtcIso(s.recordedAt),
      payload: s.payload,
    })),
  };
}

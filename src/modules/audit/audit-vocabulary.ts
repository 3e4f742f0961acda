/**
 * What the audit log records, as closed lists: every `action` and `entityType` written by the services and by the
 * database triggers that audit their own changes (migrations/1764500300000-CustodyFlagAudit.ts writes
 * `flag_attention` on a `hearing`). A new kind of change adds its value here first.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'cancel',
  'flag_attention',
  'lookup',
  'lookup_miss',
  'replace_opening_hours',
  'add_calendar_exception',
  'delete_calendar_exception',
  'login',
  // Steps of a plea-leniency record (entity type leniency_record).
  'leniency_inform',
  'leniency_accept',
  'leniency_affidavit',
  'leniency_proposal',
  'leniency_conclude',
  'leniency_decision',
  'leniency_withdraw',
  // A hearing's outcome (entity type hearing): recorded, corrected.
  'record_outcome',
  'correct_outcome',
  // Video (entity type hearing): a LiveKit token issued; a step of the live state.
  'issue_video_token',
  'issue_consultation_token',
  'live_start',
  'live_pause',
  'live_resume',
  'live_suspend',
  'live_close',
  // A join link (entity type invitation): made with create, revoked.
  'revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'organization',
  'room',
  'user',
  'defendant',
  'case',
  'hearing',
  'sitting',
  'calendar',
  'session',
  'leniency_record',
  'invitation',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

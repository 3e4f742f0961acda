/**
 * The outbox topics the video feature writes, for its own jobs (video-jobs.service.ts) and for whoever listens
 * (notifications). Payloads carry ids and states only.
 */
export const VIDEO_TOPICS = {
  /** `{hearingId, liveState}`: the judge (or the service) changed the live state. */
  liveChanged: 'video.live_changed',
  /** `{hearingId}`: a token was issued for a room not made yet. */
  roomNeeded: 'video.room_needed',
  /** `{hearingId, invitationId}`: a join link was revoked; its holder is removed from the room. */
  invitationRevoked: 'video.invitation_revoked',
} as const;

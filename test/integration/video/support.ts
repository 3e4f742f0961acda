import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { AccessToken, TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import type { World } from '../../support/factories';
import type { TestApp } from '../../support/test-app';

/**
 * A hearing around now (its join window meets the clock), written straight to the database: a booking through
 * the API keeps to opening hours, which the clock may be outside of. `startsInMinutes` may be negative (under way).
 */
export async function hearingNearNow(
  t: TestApp,
  w: World,
  opts: { startsInMinutes: number; kind?: 'trial' | 'plea_signing'; durationMinutes?: number },
): Promise<string> {
  const kind = opts.kind ?? 'trial';
  const starts = DateTime.utc().startOf('second').plus({ minutes: opts.startsInMinutes });
  const { rows } = await t.sql.query(
    `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, prosecutor_id, judge_id, courtroom_id, video_room_id)
     VALUES ($1, $2, $3, $4, 'Asia/Shanghai', $5, $6, $7, $8) RETURNING id`,
    [
      w.case.id,
      kind,
      starts.toJSDate(),
      starts.plus({ minutes: opts.durationMinutes ?? 30 }).toJSDate(),
      w.prosecutor.id,
      kind === 'plea_signing' ? null : w.judge.id,
      kind === 'plea_signing' ? null : w.courtroom.id,
      w.videoRooms[0].id,
    ],
  );
  const id = rows[0].id as string;
  await t.sql.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) VALUES ($1, $2)`, [id, w.defendant.id]);
  await t.sql.query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) VALUES ($1, $2)`, [id, w.lawyer.id]);
  return id;
}

/** A token as LiveKit reads it: verified with the dev key and secret the test app runs with. */
export function verify(token: string): Promise<ClaimGrants> {
  return new TokenVerifier('devkey', 'secret').verify(token);
}

/** The webhook a LiveKit server would post for this event: the JSON as written, signed over its exact bytes. */
export async function livekitWebhook(
  event: Record<string, unknown>,
  keys: { key: string; secret: string } = { key: 'devkey', secret: 'secret' },
): Promise<{ raw: string; headers: Record<string, string> }> {
  const raw = JSON.stringify(event);
  const at = new AccessToken(keys.key, keys.secret);
  at.sha256 = createHash('sha256').update(raw).digest('base64');
  return { raw, headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() } };
}

let eventSeq = 0;

/** A participant event as LiveKit writes it (protobuf JSON: camelCase, int64 as strings, seconds). */
export function participantEvent(
  event: 'participant_joined' | 'participant_left',
  room: string,
  who: { identity: string; sid: string; joinedAt: Date },
  at: Date,
  id = `EV_${process.pid}_${++eventSeq}`,
): Record<string, unknown> {
  return {
    event,
    room: { sid: 'RM_test', name: room },
    participant: {
      sid: who.sid,
      identity: who.identity,
      state: event === 'participant_left' ? 'DISCONNECTED' : 'ACTIVE',
      joinedAt: String(Math.floor(who.joinedAt.getTime() / 1000)),
      joinedAtMs: String(who.joinedAt.getTime()),
    },
    id,
    createdAt: String(Math.floor(at.getTime() / 1000)),
  };
}

import { DateTime } from 'luxon';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
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

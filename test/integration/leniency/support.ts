import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import type { TestApp } from '../../support/test-app';

/** When the file started, to the second: each test's steps are dated from it. */
const NOW = DateTime.utc().startOf('second');

/** An instant `days` before now, in UTC ISO: the steps of a record happened in the past, never near the clock. */
export const daysAgo = (days: number): string => NOW.minus({ days }).toISO({ suppressMilliseconds: true })!;

export const leniencyPath = (w: World, defendantId = w.defendant.id, caseId = w.case.id): string =>
  `/cases/${caseId}/defendants/${defendantId}/leniency`;

/** A hearing that was held (written straight to the database: a booking cannot be in the past). */
export async function pastHearing(
  t: TestApp,
  w: World,
  opts: { kind: 'plea_signing' | 'trial'; daysAgo: number; lawyerIds: string[]; defendantIds?: string[] },
): Promise<string> {
  const starts = DateTime.utc().minus({ days: opts.daysAgo });
  const { rows } = await t.sql.query(
    `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, prosecutor_id, judge_id, courtroom_id)
     VALUES ($1, $2, $3, $4, 'Asia/Shanghai', $5, $6, $7) RETURNING id`,
    [
      w.case.id,
      opts.kind,
      starts.toJSDate(),
      starts.plus({ minutes: 20 }).toJSDate(),
      w.prosecutor.id,
      opts.kind === 'plea_signing' ? null : w.judge.id,
      opts.kind === 'plea_signing' ? null : w.courtroom.id,
    ],
  );
  for (const d of opts.defendantIds ?? [w.defendant.id])
    await t.sql.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) VALUES ($1, $2)`, [rows[0].id, d]);
  for (const l of opts.lawyerIds)
    await t.sql.query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) VALUES ($1, $2)`, [rows[0].id, l]);
  return rows[0].id;
}

/**
 * Takes the record of `defendantId` up to `until` as its prosecutor would, with dates 40..35 days ago; answers
 * the last response.
 */
export async function advance(
  t: TestApp,
  w: World,
  until: 'informed' | 'accepted' | 'proposed' | 'affidavit_signed' | 'concluded',
  defendantId = w.defendant.id,
) {
  const p = leniencyPath(w, defendantId);
  const as = { token: w.prosecutor.token };
  const steps: [string, string, Record<string, unknown>][] = [
    ['informed', 'inform', { at: daysAgo(40) }],
    ['accepted', 'accept', { at: daysAgo(39) }],
    [
      'proposed',
      'proposals',
      { kind: 'range', penalty: 'fixed_term', minMonths: 6, maxMonths: 12, probation: true, proposedAt: daysAgo(38) },
    ],
    ['affidavit_signed', 'affidavit', { signedAt: daysAgo(37), witnessLawyerId: w.lawyer.id, procedure: 'speedy' }],
    ['concluded', 'conclude', { concludedAt: daysAgo(36), leniencyApplied: true }],
  ];
  let res;
  for (const [state, action, body] of steps) {
    res = await t.http.post(`${p}/${action}`, body, as);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
    if (state === until) break;
  }
  return res!;
}

import type { CaseRow, OrgRow, RoomRow, UserRow, World } from '../../support/factories';
import type { TestApp } from '../../support/test-app';
import { workingDay } from '../../support/dates';

/** A Monday three weeks after the current one (computed from now), with the default hours (08:30-12:00, 14:00-17:30). */
export const DAY = workingDay(3);

export interface SittingCase {
  case: CaseRow;
  defendantId: string;
  lawyer: UserRow;
  center: OrgRow;
}

/**
 * The world of a concentrated sitting: the factory's world (court, courtroom, judge, prosecutor, clerk, one
 * center with its video rooms), more centers when asked, and plea cases whose defendants are held in them, each
 * with a lawyer of their own.
 */
export async function sittingWorld(
  t: TestApp,
  opts: { casesPerCenter: number[]; roomsPerCenter?: number; escortBufferMinutes?: number },
): Promise<{ w: World; centers: OrgRow[]; rooms: RoomRow[][]; cases: SittingCase[] }> {
  const roomsPerCenter = opts.roomsPerCenter ?? 2;
  const w = await t.factory.world({ videoRooms: roomsPerCenter });
  if (opts.escortBufferMinutes !== undefined) {
    await t.sql.query(`UPDATE organizations SET escort_buffer_minutes = $2 WHERE id = $1`, [
      w.center.id,
      opts.escortBufferMinutes,
    ]);
  }
  const centers: OrgRow[] = [w.center];
  const rooms: RoomRow[][] = [w.videoRooms];
  for (let i = 1; i < opts.casesPerCenter.length; i++) {
    const center = await t.factory.organization('detention_center', { escortBufferMinutes: opts.escortBufferMinutes });
    centers.push(center);
    const list: RoomRow[] = [];
    for (let r = 0; r < roomsPerCenter; r++)
      list.push(await t.factory.room(center.id, 'video_room', `Video room ${r + 1}`));
    rooms.push(list);
  }
  const cases: SittingCase[] = [];
  for (const [i, count] of opts.casesPerCenter.entries()) {
    for (let k = 0; k < count; k++) {
      const defendant = await t.factory.defendant(centers[i].id);
      const lawyer = await t.factory.user('lawyer', w.lawFirm.id);
      const kase = await t.factory.case({
        courtId: w.court.id,
        procuratorateId: w.procuratorate.id,
        prosecutorId: w.prosecutor.id,
        defendants: [{ defendantId: defendant.id, defenseLawyerId: lawyer.id }],
      });
      cases.push({ case: kase, defendantId: defendant.id, lawyer, center: centers[i] });
    }
  }
  return { w, centers, rooms, cases };
}

export function sittingBody(
  w: World,
  cases: Array<{ caseId: string; durationMinutes: number } & Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) {
  return {
    courtId: w.court.id,
    courtroomId: w.courtroom.id,
    judgeId: w.judge.id,
    prosecutorId: w.prosecutor.id,
    startsAt: `${DAY}T08:30`,
    endsAt: `${DAY}T12:00`,
    cases,
    ...extra,
  };
}

export async function countRows(
  t: TestApp,
): Promise<{ sittings: number; hearings: number; reservations: number; audit: number }> {
  const { rows } = await t.sql.query(`
    SELECT (SELECT count(*) FROM sittings)::int AS sittings, (SELECT count(*) FROM hearings)::int AS hearings,
           (SELECT count(*) FROM reservations)::int AS reservations, (SELECT count(*) FROM audit_log)::int AS audit`);
  return rows[0];
}

/** "HH:mm-HH:mm" local (Asia/Shanghai) of a hearing response. */
export function localRange(h: { localStartsAt: string; localEndsAt: string }): string {
  return `${h.localStartsAt.slice(11, 16)}-${h.localEndsAt.slice(11, 16)}`;
}

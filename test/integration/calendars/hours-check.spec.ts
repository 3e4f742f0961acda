import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { NotFoundError } from '../../../src/common/errors/domain-error';
import { OutsideHoursError } from '../../../src/modules/calendars/calendars.errors';
import { CalendarsRepository } from '../../../src/modules/calendars/calendars.repository';
import { CalendarsService } from '../../../src/modules/calendars/calendars.service';
import { addDays, nextOffsetChange, workingDay } from '../../support/dates';
import { OrgRow } from '../../support/factories';
import { managerOf } from '../../../src/platform/database/transaction';
import { TransactionRunner } from '../../../src/platform/database/transaction-runner';
import { createTestApp, TestApp } from '../../support/test-app';

/** The check the booking code calls, against the real database (POST /hearings is tested in booking-within-hours). */
/** Dates some weeks ahead, as the bookings that call this check: a Monday, its make-up Saturday before it, more. */
const MONDAY = workingDay(4);
const day = (n: number) => addDays(MONDAY, n);
/** A Monday in London summer time: the one after the next change to it. */
const BST_MONDAY = addDays(nextOffsetChange('Europe/London', 'forward').date, 1);
const londonUtc = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/London' }).toUTC().toISO();

describe("checking requested times against every organization's hours", () => {
  let t: TestApp;
  let calendars: CalendarsService;
  let court: OrgRow;
  let center: OrgRow;
  let london: OrgRow;

  beforeAll(async () => {
    t = await createTestApp();
    calendars = t.app.get(CalendarsService);
    court = await t.factory.organization('court', { name: 'Haidian District Court' });
    center = await t.factory.organization('detention_center', { name: 'Haidian Detention Center' });
    london = await t.factory.organization('court', { name: 'Westminster Court', timeZone: 'Europe/London' });
    await t.sql.query(
      `INSERT INTO calendar_exceptions (organization_id, date, kind, opens, closes, reason) VALUES
         ($1, $3, 'closed', NULL, NULL, 'Spring Festival'),
         ($1, $4, 'open', NULL, NULL, 'Make-up working day'),
         ($2, $4, 'open', '09:00', '11:00', 'Make-up morning')`,
      [court.id, center.id, day(1), day(-2)],
    );
    await t.sql.query(
      `INSERT INTO opening_hours (organization_id, weekday, opens, closes) VALUES ($1, 1, '09:00', '17:00')`,
      [london.id],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const sh = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Shanghai' });
  const refusal = async (p: Promise<void>): Promise<OutsideHoursError> => {
    try {
      await p;
    } catch (err) {
      if (err instanceof OutsideHoursError) return err;
      throw err;
    }
    throw new Error('expected OUTSIDE_HOURS');
  };

  it('passes ranges inside the hours of each organization', async () => {
    await expect(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh(`${day(7)}T09:00`), endsAt: sh(`${day(7)}T09:30`) },
        { organizationId: center.id, startsAt: sh(`${day(7)}T08:50`), endsAt: sh(`${day(7)}T09:40`) },
      ]),
    ).resolves.toBeUndefined();
  });

  it('names a court closed for the Spring Festival, its empty hours, the reason and the local times asked for', async () => {
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh(`${day(1)}T09:00`), endsAt: sh(`${day(1)}T09:30`) },
      ]),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe('OUTSIDE_HOURS');
    expect(err.extra.violations).toEqual([
      {
        organization: { id: court.id, name: 'Haidian District Court', kind: 'court', timeZone: 'Asia/Shanghai' },
        date: day(1),
        hours: [],
        closed: true,
        reason: 'Spring Festival',
        localStartsAt: `${day(1)}T09:00:00+08:00`,
        localEndsAt: `${day(1)}T09:30:00+08:00`,
      },
    ]);
    expect(err.detail).toMatch(
      new RegExp(`Haidian District Court .* closed \\(Spring Festival\\) on ${day(1)}; requested 09:00-09:30`),
    );
  });

  it('lists every organization that cannot hold its range, with its hours that day, and only those', async () => {
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh(`${day(7)}T11:45`), endsAt: sh(`${day(7)}T12:15`) },
        { organizationId: center.id, startsAt: sh(`${day(7)}T08:20`), endsAt: sh(`${day(7)}T09:00`) },
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO(`${day(7)}T09:00:00Z`),
          endsAt: DateTime.fromISO(`${day(7)}T10:00:00Z`),
        },
      ]),
    );
    expect(err.extra.violations).toEqual([
      expect.objectContaining({
        organization: expect.objectContaining({ id: court.id }),
        hours: ['08:30-12:00', '14:00-17:30'],
        closed: false,
        reason: null,
      }),
      expect.objectContaining({
        organization: expect.objectContaining({ id: center.id, kind: 'detention_center' }),
        localStartsAt: `${day(7)}T08:20:00+08:00`,
      }),
    ]);
  });

  it('honours a make-up Saturday, and its own shorter hours at the center', async () => {
    await expect(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh(`${day(-2)}T15:00`), endsAt: sh(`${day(-2)}T16:00`) },
      ]),
    ).resolves.toBeUndefined();
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: center.id, startsAt: sh(`${day(-2)}T10:30`), endsAt: sh(`${day(-2)}T11:30`) },
      ]),
    );
    expect(err.extra.violations).toEqual([
      expect.objectContaining({ hours: ['09:00-11:00'], closed: false, reason: 'Make-up morning' }),
    ]);
  });

  it("reads a London court's hours in London time across the change to summer time", async () => {
    // A Monday in BST: 09:00 local is 08:00 UTC.
    await expect(
      calendars.assertWithinHours([
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO(`${BST_MONDAY}T08:00:00Z`),
          endsAt: DateTime.fromISO(`${BST_MONDAY}T09:00:00Z`),
        },
      ]),
    ).resolves.toBeUndefined();
    const err = await refusal(
      calendars.assertWithinHours([
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO(`${BST_MONDAY}T15:30:00Z`),
          endsAt: DateTime.fromISO(`${BST_MONDAY}T16:30:00Z`),
        },
      ]),
    );
    expect(err.extra.violations).toEqual([
      expect.objectContaining({
        hours: ['09:00-17:00'],
        localStartsAt: `${BST_MONDAY}T16:30:00+01:00`,
        localEndsAt: `${BST_MONDAY}T17:30:00+01:00`,
      }),
    ]);
  });

  it('gives the open intervals of several organizations in UTC, each in its own zone', async () => {
    const from = DateTime.fromISO(`${day(-2)}T00:00:00Z`);
    const to = DateTime.fromISO(`${day(1)}T00:00:00Z`);
    const open = await calendars.openIntervals([court.id, center.id, london.id], from, to);
    const show = (id: string) => open.get(id)!.map((i) => `${i.start!.toUTC().toISO()}/${i.end!.toUTC().toISO()}`);
    expect(show(court.id)).toEqual([
      `${day(-2)}T00:30:00.000Z/${day(-2)}T04:00:00.000Z`,
      `${day(-2)}T06:00:00.000Z/${day(-2)}T09:30:00.000Z`,
      `${MONDAY}T00:30:00.000Z/${MONDAY}T04:00:00.000Z`,
      `${MONDAY}T06:00:00.000Z/${MONDAY}T09:30:00.000Z`,
    ]);
    expect(show(center.id)).toEqual([
      `${day(-2)}T01:00:00.000Z/${day(-2)}T03:00:00.000Z`,
      `${MONDAY}T00:30:00.000Z/${MONDAY}T04:00:00.000Z`,
      `${MONDAY}T06:00:00.000Z/${MONDAY}T09:30:00.000Z`,
    ]);
    expect(show(london.id)).toEqual([`${londonUtc(MONDAY, '09:00')}/${londonUtc(MONDAY, '17:00')}`]);
  });

  it('reads only the exceptions of the window asked for', async () => {
    const repo = t.app.get(CalendarsRepository);
    const spy = jest.spyOn(repo, 'findHoursBetween');
    try {
      await calendars.openIntervals(
        [court.id],
        DateTime.fromISO(`${day(14)}T00:00:00Z`),
        DateTime.fromISO(`${day(16)}T00:00:00Z`),
      );
      expect(spy).toHaveBeenCalledWith([court.id], day(13), day(17), undefined);
    } finally {
      spy.mockRestore();
    }
  });

  it("joins the caller's transaction", async () => {
    // An exception written but not yet committed in the caller's transaction counts for the check made in it.
    await t.app
      .get(TransactionRunner)
      .run(async (tx) => {
        await managerOf(tx).query(
          `INSERT INTO calendar_exceptions (organization_id, date, kind, reason) VALUES ($1, $2, 'closed', 'Inspection')`,
          [court.id, day(8)],
        );
        const err = await refusal(
          calendars.assertWithinHours(
            [{ organizationId: court.id, startsAt: sh(`${day(8)}T09:00`), endsAt: sh(`${day(8)}T09:30`) }],
            tx,
          ),
        );
        expect(err.extra.violations).toEqual([expect.objectContaining({ reason: 'Inspection' })]);
        throw Object.assign(new Error('rollback'), { rollback: true });
      })
      .catch((err: { rollback?: boolean }) => {
        if (!err.rollback) throw err;
      });
    await expect(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh(`${day(8)}T09:00`), endsAt: sh(`${day(8)}T09:30`) },
      ]),
    ).resolves.toBeUndefined();
  });

  it('treats an unknown organization as not found', async () => {
    await expect(
      calendars.assertWithinHours([
        { organizationId: randomUUID(), startsAt: sh(`${day(7)}T09:00`), endsAt: sh(`${day(7)}T09:30`) },
      ]),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

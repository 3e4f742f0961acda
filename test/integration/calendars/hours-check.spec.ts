import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../../src/common/errors/domain-error';
import { OutsideHoursError } from '../../../src/modules/calendars/calendars.errors';
import { CalendarsRepository } from '../../../src/modules/calendars/calendars.repository';
import { CalendarsService } from '../../../src/modules/calendars/calendars.service';
import { OrgRow } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

/** The check the booking code calls, against the real database (POST /hearings is tested in booking-within-hours). */
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
         ($1, '2026-02-17', 'closed', NULL, NULL, 'Spring Festival'),
         ($1, '2026-02-14', 'open', NULL, NULL, 'Make-up working day'),
         ($2, '2026-02-14', 'open', '09:00', '11:00', 'Make-up morning')`,
      [court.id, center.id],
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
        { organizationId: court.id, startsAt: sh('2026-03-09T09:00'), endsAt: sh('2026-03-09T09:30') },
        { organizationId: center.id, startsAt: sh('2026-03-09T08:50'), endsAt: sh('2026-03-09T09:40') },
      ]),
    ).resolves.toBeUndefined();
  });

  it('names a court closed for the Spring Festival, its empty hours, the reason and the local times asked for', async () => {
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh('2026-02-17T09:00'), endsAt: sh('2026-02-17T09:30') },
      ]),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe('OUTSIDE_HOURS');
    expect(err.extra.violations).toEqual([
      {
        organization: { id: court.id, name: 'Haidian District Court', kind: 'court', timeZone: 'Asia/Shanghai' },
        date: '2026-02-17',
        hours: [],
        closed: true,
        reason: 'Spring Festival',
        localStartsAt: '2026-02-17T09:00:00+08:00',
        localEndsAt: '2026-02-17T09:30:00+08:00',
      },
    ]);
    expect(err.detail).toMatch(
      /Haidian District Court .* closed \(Spring Festival\) on 2026-02-17; requested 09:00-09:30/,
    );
  });

  it('lists every organization that cannot hold its range, with its hours that day, and only those', async () => {
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh('2026-03-09T11:45'), endsAt: sh('2026-03-09T12:15') },
        { organizationId: center.id, startsAt: sh('2026-03-09T08:20'), endsAt: sh('2026-03-09T09:00') },
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO('2026-03-09T09:00:00Z'),
          endsAt: DateTime.fromISO('2026-03-09T10:00:00Z'),
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
        localStartsAt: '2026-03-09T08:20:00+08:00',
      }),
    ]);
  });

  it('honours a make-up Saturday, and its own shorter hours at the center', async () => {
    await expect(
      calendars.assertWithinHours([
        { organizationId: court.id, startsAt: sh('2026-02-14T15:00'), endsAt: sh('2026-02-14T16:00') },
      ]),
    ).resolves.toBeUndefined();
    const err = await refusal(
      calendars.assertWithinHours([
        { organizationId: center.id, startsAt: sh('2026-02-14T10:30'), endsAt: sh('2026-02-14T11:30') },
      ]),
    );
    expect(err.extra.violations).toEqual([
      expect.objectContaining({ hours: ['09:00-11:00'], closed: false, reason: 'Make-up morning' }),
    ]);
  });

  it("reads a London court's hours in London time across the change to summer time", async () => {
    // Monday 2026-03-30 is in BST: 09:00 local is 08:00 UTC.
    await expect(
      calendars.assertWithinHours([
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO('2026-03-30T08:00:00Z'),
          endsAt: DateTime.fromISO('2026-03-30T09:00:00Z'),
        },
      ]),
    ).resolves.toBeUndefined();
    const err = await refusal(
      calendars.assertWithinHours([
        {
          organizationId: london.id,
          startsAt: DateTime.fromISO('2026-03-30T15:30:00Z'),
          endsAt: DateTime.fromISO('2026-03-30T16:30:00Z'),
        },
      ]),
    );
    expect(err.extra.violations).toEqual([
      expect.objectContaining({
        hours: ['09:00-17:00'],
        localStartsAt: '2026-03-30T16:30:00+01:00',
        localEndsAt: '2026-03-30T17:30:00+01:00',
      }),
    ]);
  });

  it('gives the open intervals of several organizations in UTC, each in its own zone', async () => {
    const from = DateTime.fromISO('2026-02-14T00:00:00Z');
    const to = DateTime.fromISO('2026-02-17T00:00:00Z');
    const open = await calendars.openIntervals([court.id, center.id, london.id], from, to);
    const show = (id: string) => open.get(id)!.map((i) => `${i.start!.toUTC().toISO()}/${i.end!.toUTC().toISO()}`);
    expect(show(court.id)).toEqual([
      '2026-02-14T00:30:00.000Z/2026-02-14T04:00:00.000Z',
      '2026-02-14T06:00:00.000Z/2026-02-14T09:30:00.000Z',
      '2026-02-16T00:30:00.000Z/2026-02-16T04:00:00.000Z',
      '2026-02-16T06:00:00.000Z/2026-02-16T09:30:00.000Z',
    ]);
    expect(show(center.id)).toEqual([
      '2026-02-14T01:00:00.000Z/2026-02-14T03:00:00.000Z',
      '2026-02-16T00:30:00.000Z/2026-02-16T04:00:00.000Z',
      '2026-02-16T06:00:00.000Z/2026-02-16T09:30:00.000Z',
    ]);
    expect(show(london.id)).toEqual(['2026-02-16T09:00:00.000Z/2026-02-16T17:00:00.000Z']);
  });

  it('reads only the exceptions of the window asked for', async () => {
    const repo = t.app.get(CalendarsRepository);
    const spy = jest.spyOn(repo, 'findHoursBetween');
    try {
      await calendars.openIntervals(
        [court.id],
        DateTime.fromISO('2026-05-04T00:00:00Z'),
        DateTime.fromISO('2026-05-06T00:00:00Z'),
      );
      expect(spy).toHaveBeenCalledWith([court.id], '2026-05-03', '2026-05-07', undefined);
    } finally {
      spy.mockRestore();
    }
  });

  it("joins the caller's transaction", async () => {
    // An exception written but not yet committed in the caller's transaction counts for the check made in it.
    await t.app
      .get(DataSource)
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO calendar_exceptions (organization_id, date, kind, reason) VALUES ($1, '2026-03-10', 'closed', 'Inspection')`,
          [court.id],
        );
        const err = await refusal(
          calendars.assertWithinHours(
            [{ organizationId: court.id, startsAt: sh('2026-03-10T09:00'), endsAt: sh('2026-03-10T09:30') }],
            manager,
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
        { organizationId: court.id, startsAt: sh('2026-03-10T09:00'), endsAt: sh('2026-03-10T09:30') },
      ]),
    ).resolves.toBeUndefined();
  });

  it('treats an unknown organization as not found', async () => {
    await expect(
      calendars.assertWithinHours([
        { organizationId: randomUUID(), startsAt: sh('2026-03-09T09:00'), endsAt: sh('2026-03-09T09:30') },
      ]),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

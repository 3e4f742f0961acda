import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { addDays, nextOffsetChange } from '../../support/dates';
import { book, local, MONDAY, trialBody, utc, weekday } from './support';

describe('Booking a hearing', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const hearingCount = async () => Number((await t.sql.query('SELECT count(*) FROM hearings')).rows[0].count);

  it('books a trial with the parties of the case and answers every field, with an ETag', async () => {
    const res = await book(t, w.clerk.token, trialBody(w, local(MONDAY, '09:00'), { notes: 'bring the interpreter' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual({
      id: expect.any(String),
      caseId: w.case.id,
      kind: 'trial',
      status: 'scheduled',
      startsAt: utc(MONDAY, '09:00'),
      endsAt: utc(MONDAY, '09:30'),
      timeZone: 'Asia/Shanghai',
      localStartsAt: local(MONDAY, '09:00'),
      localEndsAt: local(MONDAY, '09:30'),
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      prosecutorId: w.prosecutor.id,
      videoRoomId: w.videoRooms[0].id,
      defenseLawyerIds: [w.lawyer.id],
      defendantIds: [w.defendant.id],
      notes: 'bring the interpreter',
      version: 1,
      needsAttention: false,
      attentionReasons: [],
      videoRoom: { status: 'pending', lastError: null },
    });
    const { rows } = await t.sql.query(
      `SELECT resource_type, resource_id, lower(during) AS lo, upper(during) AS hi FROM reservations WHERE hearing_id = $1 ORDER BY resource_type`,
      [res.body.id],
    );
    expect(rows.map((r) => r.resource_type)).toEqual([
      'courtroom',
      'defendant',
      'defense_lawyer',
      'judge',
      'prosecutor',
      'video_room',
    ]);
    const room = rows.find((r) => r.resource_type === 'video_room');
    // The escort buffer (10 minutes by default) on both sides.
    expect(room.lo.toISOString()).toBe(new Date(utc(MONDAY, '08:50')).toISOString());
    expect(room.hi.toISOString()).toBe(new Date(utc(MONDAY, '09:40')).toISOString());
    const audit = await t.sql.query(
      `SELECT action, actor_id, after FROM audit_log WHERE entity_type = 'hearing' AND entity_id = $1`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'create',
        actor_id: w.clerk.id,
        after: expect.objectContaining({ startsAt: expect.any(String), hasNotes: true }),
      },
    ]);
    expect(JSON.stringify(audit.rows[0].after)).not.toContain('interpreter');
  });

  it("reads a start without offset as wall-clock time in the court's zone, and takes Z too", async () => {
    const day = weekday(1);
    const wall = await book(t, w.clerk.token, trialBody(w, `${day}T09:00`));
    expect(wall.status).toBe(201);
    expect(wall.body.startsAt).toBe(utc(day, '09:00'));
    const z = await book(t, w.clerk.token, trialBody(w, utc(day, '10:00')));
    expect(z.status).toBe(201);
    expect(z.body.localStartsAt).toBe(`${day}T10:00:00+08:00`);
  });

  it('books explicitly named parties instead of the defaults', async () => {
    const lawyer2 = await t.factory.user('lawyer', w.lawFirm.id);
    const prosecutor2 = await t.factory.user('prosecutor', w.procuratorate.id);
    const res = await book(
      t,
      w.clerk.token,
      trialBody(w, local(weekday(2), '09:00'), {
        prosecutorId: prosecutor2.id,
        defenseLawyerIds: [lawyer2.id],
        videoRoomId: w.videoRooms[1].id,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      prosecutorId: prosecutor2.id,
      defenseLawyerIds: [lawyer2.id],
      videoRoomId: w.videoRooms[1].id,
    });
  });

  it("books a plea signing without judge or courtroom, in the procuratorate's zone, by the case's prosecutor", async () => {
    const lw = await t.factory.world({ timeZone: 'Europe/London' });
    await t.sql.query(`UPDATE organizations SET time_zone = 'Asia/Shanghai' WHERE id = $1`, [lw.court.id]);
    const res = await book(t, lw.prosecutor.token, {
      caseId: lw.case.id,
      kind: 'plea_signing',
      startsAt: `${MONDAY}T10:00`,
      durationMinutes: 20,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      timeZone: 'Europe/London',
      localStartsAt: local(MONDAY, '10:00', 'Europe/London'),
      startsAt: utc(MONDAY, '10:00', 'Europe/London'),
      judgeId: null,
      courtroomId: null,
      prosecutorId: lw.prosecutor.id,
      defenseLawyerIds: [lw.lawyer.id],
    });
  });

  it('refuses a local time skipped by daylight saving, and shows the right offset on each side of the change', async () => {
    const ny = await t.factory.world({ timeZone: 'America/New_York' });
    // The next second Sunday of March: 02:00-03:00 does not exist that night.
    const change = nextOffsetChange('America/New_York', 'forward');
    const skipped = await book(t, ny.clerk.token, trialBody(ny, `${change.date}T02:30`));
    expect(skipped.status).toBe(400);
    expect(skipped.body.errors).toEqual([
      { field: 'startsAt', message: expect.stringMatching(/does not exist in America\/New_York/) },
    ]);
    const friday = addDays(change.date, -2);
    const monday = addDays(change.date, 1);
    const before = await book(t, ny.clerk.token, trialBody(ny, `${friday}T09:00`));
    const after = await book(t, ny.clerk.token, trialBody(ny, `${monday}T09:00`));
    expect([before.status, after.status]).toEqual([201, 201]);
    expect(before.body).toMatchObject({ startsAt: `${friday}T14:00:00Z`, localStartsAt: `${friday}T09:00:00-05:00` });
    expect(after.body).toMatchObject({ startsAt: `${monday}T13:00:00Z`, localStartsAt: `${monday}T09:00:00-04:00` });
  });

  it('chooses the first free video room by name, counting the escort buffer, and reports a clash when none is free', async () => {
    const day = weekday(3);
    const other = await t.factory.defendant(w.center.id);
    const otherCase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: (await t.factory.user('prosecutor', w.procuratorate.id)).id,
      defendants: [{ defendantId: other.id }],
    });
    const third = await t.factory.defendant(w.center.id);
    const thirdCase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: (await t.factory.user('prosecutor', w.procuratorate.id)).id,
      defendants: [{ defendantId: third.id }],
    });
    const courtroom2 = await t.factory.room(w.court.id, 'courtroom');
    const courtroom3 = await t.factory.room(w.court.id, 'courtroom');
    const judge2 = await t.factory.user('judge', w.court.id);
    const judge3 = await t.factory.user('judge', w.court.id);

    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    expect(a.body.videoRoomId).toBe(w.videoRooms[0].id);
    // 09:45 starts inside room 1's buffer (held until 09:40 + this booking's own 10 minutes before).
    const b = await book(t, w.clerk.token, {
      caseId: otherCase.id,
      kind: 'trial',
      startsAt: local(day, '09:45'),
      durationMinutes: 30,
      courtroomId: courtroom2.id,
      judgeId: judge2.id,
    });
    expect(b.status).toBe(201);
    expect(b.body.videoRoomId).toBe(w.videoRooms[1].id);
    const c = await book(t, w.clerk.token, {
      caseId: thirdCase.id,
      kind: 'trial',
      startsAt: local(day, '09:35'),
      durationMinutes: 30,
      courtroomId: courtroom3.id,
      judgeId: judge3.id,
    });
    expect(c.status).toBe(409);
    expect(c.body.code).toBe('HEARING_CLASH');
    expect(c.body.conflicts).toEqual([
      {
        resourceType: 'video_room',
        resourceId: w.videoRooms[0].id,
        hearingId: a.body.id,
        startsAt: utc(day, '09:00'),
        endsAt: utc(day, '09:30'),
      },
    ]);
    // Twenty minutes after the first hearing ends, both buffers fit: room 1 is free again.
    const d = await book(t, w.clerk.token, {
      caseId: thirdCase.id,
      kind: 'trial',
      startsAt: local(day, '09:50'),
      durationMinutes: 30,
      courtroomId: courtroom3.id,
      judgeId: judge3.id,
    });
    expect(d.status).toBe(201);
    expect(d.body.videoRoomId).toBe(w.videoRooms[0].id);
  });

  it('books a released defendant without a video room', async () => {
    const released = await t.factory.defendant(w.center.id, { custodyStatus: 'released' });
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: released.id }],
    });
    const res = await book(t, w.clerk.token, {
      caseId: kase.id,
      kind: 'sentencing',
      startsAt: local(weekday(4), '10:00'),
      durationMinutes: 15,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ videoRoomId: null, defendantIds: [released.id], defenseLawyerIds: [] });
  });

  describe('refuses a wrong party with a 400 naming the field, and writes nothing', () => {
    let otherWorld: World;
    beforeAll(async () => {
      otherWorld = await t.factory.world();
    });

    const cases: [string, () => Record<string, unknown>, string[]][] = [
      ['a judge of another court', () => ({ judgeId: otherWorld.judge.id }), ['judgeId']],
      ['a clerk as judge', () => ({ judgeId: w.clerk.id }), ['judgeId']],
      ['a courtroom of another court', () => ({ courtroomId: otherWorld.courtroom.id }), ['courtroomId']],
      ['a video room as courtroom', () => ({ courtroomId: w.videoRooms[0].id }), ['courtroomId']],
      ['a prosecutor of another procuratorate', () => ({ prosecutorId: otherWorld.prosecutor.id }), ['prosecutorId']],
      ['a judge as lawyer', () => ({ defenseLawyerIds: [w.lawyer.id, w.judge.id] }), ['defenseLawyerIds[1]']],
      ['a defendant of another case', () => ({ defendantIds: [otherWorld.defendant.id] }), ['defendantIds[0]']],
      [
        'a video room of another detention center',
        () => ({ videoRoomId: otherWorld.videoRooms[0].id }),
        ['videoRoomId'],
      ],
      ['a courtroom as video room', () => ({ videoRoomId: w.courtroom.id }), ['videoRoomId']],
      [
        'a trial without judge and courtroom',
        () => ({ judgeId: undefined, courtroomId: undefined }),
        ['courtroomId', 'judgeId'],
      ],
      ['a plea signing with a judge and courtroom', () => ({ kind: 'plea_signing' }), ['courtroomId', 'judgeId']],
      [
        'a plea signing without a lawyer',
        () => ({ kind: 'plea_signing', judgeId: undefined, courtroomId: undefined, defenseLawyerIds: [] }),
        ['defenseLawyerIds'],
      ],
      ['a case that does not exist', () => ({ caseId: '00000000-0000-4000-8000-000000000000' }), ['caseId']],
      ['a case of another court', () => ({ caseId: otherWorld.case.id }), ['caseId']],
      ['4 minutes', () => ({ durationMinutes: 4 }), ['durationMinutes']],
      ['481 minutes', () => ({ durationMinutes: 481 }), ['durationMinutes']],
      ['a start that is no date', () => ({ startsAt: 'next Monday' }), ['startsAt']],
      ['an empty defendant list', () => ({ defendantIds: [] }), ['defendantIds']],
      ['an unknown kind', () => ({ kind: 'tea_party' }), ['kind']],
      ['an unknown field', () => ({ room: 'big one' }), ['room']],
    ];
    it.each(cases)('%s', async (_name, change, fields) => {
      const before = await hearingCount();
      const res = await book(t, w.clerk.token, trialBody(w, local(weekday(5), '09:00'), change()));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(fields);
      expect(await hearingCount()).toBe(before);
    });

    it('defendants held in two detention centers', async () => {
      const center2 = await t.factory.organization('detention_center');
      await t.factory.room(center2.id, 'video_room');
      const d2 = await t.factory.defendant(center2.id);
      await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id) VALUES ($1, $2)`, [w.case.id, d2.id]);
      try {
        const res = await book(
          t,
          w.clerk.token,
          trialBody(w, local(weekday(5), '09:00'), { defendantIds: [w.defendant.id, d2.id] }),
        );
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([
          { field: 'defendantIds', message: expect.stringMatching(/different detention centers/) },
        ]);
      } finally {
        await t.sql.query(`DELETE FROM case_defendants WHERE case_id = $1 AND defendant_id = $2`, [w.case.id, d2.id]);
      }
    });

    it('a detention center without video rooms', async () => {
      const center2 = await t.factory.organization('detention_center');
      const d2 = await t.factory.defendant(center2.id);
      const kase = await t.factory.case({
        courtId: w.court.id,
        procuratorateId: w.procuratorate.id,
        prosecutorId: w.prosecutor.id,
        defendants: [{ defendantId: d2.id }],
      });
      const res = await book(t, w.clerk.token, { ...trialBody(w, local(weekday(5), '09:00')), caseId: kase.id });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'videoRoomId', message: expect.stringMatching(/no video room/) }]);
    });
  });

  describe('who may book', () => {
    it('refuses judges, lawyers and detention officers (403)', async () => {
      for (const user of [w.judge, w.lawyer, w.officer]) {
        const res = await book(t, user.token, trialBody(w, local(weekday(6), '09:00')));
        expect(res.status).toBe(403);
      }
    });

    it("lets the case's prosecutor book a plea signing but not a trial; another prosecutor neither", async () => {
      const trial = await book(t, w.prosecutor.token, trialBody(w, local(weekday(6), '09:00')));
      expect(trial.status).toBe(403);
      const colleague = await t.factory.user('prosecutor', w.procuratorate.id);
      const plea = {
        caseId: w.case.id,
        kind: 'plea_signing',
        startsAt: local(weekday(6), '10:00'),
        durationMinutes: 20,
      };
      expect((await book(t, colleague.token, plea)).status).toBe(403);
      const own = await book(t, w.prosecutor.token, plea);
      expect(own.status).toBe(201);
    });

    it('lets an admin book', async () => {
      const res = await book(t, t.adminToken, trialBody(w, local(weekday(7), '09:00')));
      expect(res.status).toBe(201);
    });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/hearings',
        '/api/v1/hearings/{id}',
        '/api/v1/hearings/{id}/cancel',
        '/api/v1/hearings/{id}/history',
      ]),
    );
    expect(Object.keys(doc.components.schemas.HearingResponse.properties)).toEqual(
      expect.arrayContaining(['localStartsAt', 'needsAttention', 'attentionReasons']),
    );
    expect(doc.components.schemas.HearingClashProblem.properties.conflicts).toBeDefined();
  });

  describe('opening hours', () => {
    it("refuses a hearing outside the court's hours with 422 OUTSIDE_HOURS", async () => {
      const before = await hearingCount();
      const res = await book(t, w.clerk.token, trialBody(w, local(weekday(8), '12:30')));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('OUTSIDE_HOURS');
      expect(await hearingCount()).toBe(before);
    });

    it("counts the escort buffer against the detention center's hours", async () => {
      // 08:35-09:00 fits the court (opens 08:30), but the video room would be held from 08:25.
      const res = await book(t, w.clerk.token, trialBody(w, local(weekday(8), '08:35'), { durationMinutes: 25 }));
      expect(res.status).toBe(422);
      expect(res.body.violations.map((v: { organization: { id: string } }) => v.organization.id)).toEqual([
        w.center.id,
      ]);
    });

    it('lets a clerk override the hours with a reason, which is stored and audited', async () => {
      const res = await book(
        t,
        w.clerk.token,
        trialBody(w, local(weekday(8), '12:30'), { override: { reason: 'urgent custody deadline' } }),
      );
      expect(res.status).toBe(201);
      const { rows } = await t.sql.query(`SELECT hours_override_reason FROM hearings WHERE id = $1`, [res.body.id]);
      expect(rows[0].hours_override_reason).toBe('urgent custody deadline');
      const audit = await t.sql.query(`SELECT after FROM audit_log WHERE entity_type = 'hearing' AND entity_id = $1`, [
        res.body.id,
      ]);
      expect(audit.rows[0].after.hoursOverrideReason).toBe('urgent custody deadline');
    });

    it('does not let a prosecutor override the hours', async () => {
      const res = await book(t, w.prosecutor.token, {
        caseId: w.case.id,
        kind: 'plea_signing',
        startsAt: local(weekday(8), '12:30'),
        durationMinutes: 20,
        override: { reason: 'please' },
      });
      expect(res.status).toBe(403);
    });

    it('refuses an override without a reason', async () => {
      const res = await book(
        t,
        w.clerk.token,
        trialBody(w, local(weekday(8), '12:30'), { override: { reason: '  ' } }),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['override.reason']);
    });
  });
});

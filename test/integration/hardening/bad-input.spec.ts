/**
 * The hardening sweep: every operation of the OpenAPI document gets a series of wrong requests, built from its
 * own schema, and each one must be a clear 4xx application/problem+json answer that says what is wrong and where,
 * and writes nothing. A 500 is a bug.
 *
 * The cases are generated deterministically from the document (no randomness), so a new route or a new field is
 * covered the day it is added; a route with a body needs a valid base body below, or the sweep fails naming it.
 */
import { DateTime } from 'luxon';
import { addDays, workingDay } from '../../support/dates';
import type { World } from '../../support/factories';
import type { HttpResponse } from '../../support/http-client';
import { createTestApp, TestApp } from '../../support/test-app';

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  /** OpenAPI path without the /api/v1 prefix, e.g. /hearings/{id}. */
  path: string;
  parameters: Parameter[];
  bodySchema?: string;
}

/**
 * What an answer must be: `400` (a fault of form), `4xx` (a fault that a rule or a lookup finds: 400, 403, 404,
 * 409, 412, 422...), a list of statuses, or `no-5xx` for odd but legitimate input (a search for "%").
 */
type Expectation = 400 | '4xx' | 'no-5xx' | number[];

interface BadRequest {
  label: string;
  expect: Expectation;
  /** Where the fault is: a 400 must name it in `errors[].field` or in `detail`. */
  field?: string;
  /** The 400 must name `field` and nothing else. */
  onlyField?: boolean;
  /** The problem's `code`, where it matters. */
  code?: string;
  pathIds?: Record<string, string>;
  /** Path ids sent as they are, not percent-encoded. */
  rawPath?: boolean;
  query?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  noBody?: boolean;
}

const TABLES = [
  'organizations',
  'rooms',
  'users',
  'defendants',
  'cases',
  'case_defendants',
  'hearings',
  'reservations',
  'sittings',
  'calendar_exceptions',
  'opening_hours',
  'audit_log',
  'idempotency_keys',
  'leniency_records',
  'leniency_proposals',
  'leniency_steps',
];

const LONG = 'x'.repeat(10_000);
const NUL = 'a\u0000b';
/** Valid UUIDs that name nothing. */
const NOBODY = '5d6f4a0e-8c1b-4f7a-9e2d-3b4c5d6e7f80';
const NOBODY_2 = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
/** The week of the bookings (some weeks ahead: bookings and searches in the past are refused), and the next. */
const MONDAY = workingDay(4);
const day = (n: number) => addDays(MONDAY, n);
/** An instant `n` days ago, for the plea-leniency steps. */
const past = (n: number) => DateTime.utc().minus({ days: n }).toISO()!;

/** Not instants, or not dates at all. */
const NOT_DATES = [
  '2026-02-30T10:00:00Z',
  'yesterday',
  '2026-13-01T09:00:00Z',
  '2026-01-28T10:00:60Z',
  '+275761-01-01T00:00:00Z',
  '-010000-01-01T00:00:00Z',
  // Outside the years 2000-2999 that the service accepts: these were 500s (or stored, then 500 on every change).
  '+010000-01-01T00:29:00Z',
  '9999-12-31T09:00',
  '0001-01-01T09:00',
  '9999-12-31',
  // No clock shows these: luxon read them.
  '2027-01-28T10:00:00+25:00',
  '2027-01-28T24:00:00Z',
];
/**
 * Rarer ISO 8601 forms of a query's window (week date, ordinal date, basic format, 24:00): read correctly or
 * refused, never a 500.
 */
const ODD_ISO_DATES = ['2026-W05-3', '2026-028', '20260128T100000Z', '2026-01-28T10:00:00,5Z', '2026-01-28T24:00:00Z'];

describe('hardening: every operation refuses wrong input with a clear 4xx and writes nothing', () => {
  let t: TestApp;
  let w: World;
  let ops: Operation[];
  let schemas: Record<string, Schema>;
  let hearingId: string;
  let sittingId: string;
  let exceptionId: string;
  let invitationId: string;
  let joinCode: string;

  /** Valid bodies, by request schema: each wrong request changes one thing in one of them. */
  let baseBodies: Record<string, Record<string, unknown>>;
  /** Valid queries, by operation, for the operations with required query parameters. */
  let baseQueries: Record<string, Record<string, string>>;

  beforeAll(async () => {
    // The sweep asks the public join routes hundreds of times from one address: no rate limit here.
    t = await createTestApp({ JOIN_RATE_LIMIT_PER_MINUTE: '100000' });
    w = await t.factory.world();
    const admin = { token: t.adminToken };

    const hearing = await t.http.post(
      '/hearings',
      {
        caseId: w.case.id,
        kind: 'trial',
        startsAt: `${day(0)}T09:00:00+08:00`,
        durationMinutes: 30,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
        override: { reason: 'set-up' },
      },
      admin,
    );
    if (hearing.status !== 201) throw new Error(`set-up hearing: ${hearing.status} ${hearing.text}`);
    hearingId = hearing.body.id;

    const sitting = await t.http.post(
      '/sittings',
      {
        courtId: w.court.id,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
        prosecutorId: w.prosecutor.id,
        startsAt: `${day(1)}T08:30:00+08:00`,
        endsAt: `${day(1)}T12:00:00+08:00`,
        cases: [{ caseId: w.case.id, durationMinutes: 15 }],
      },
      admin,
    );
    if (sitting.status !== 201) throw new Error(`set-up sitting: ${sitting.status} ${sitting.text}`);
    sittingId = sitting.body.id;

    const exception = await t.http.post(
      `/organizations/${w.center.id}/calendar-exceptions`,
      { date: day(-7), kind: 'closed', reason: 'Spring Festival' },
      admin,
    );
    if (exception.status !== 201) throw new Error(`set-up exception: ${exception.status} ${exception.text}`);
    exceptionId = exception.body.id;

    const invitation = await t.http.post(
      `/hearings/${hearingId}/invitations`,
      { role: 'observer', name: 'Set-up observer' },
      { token: w.clerk.token },
    );
    if (invitation.status !== 201) throw new Error(`set-up invitation: ${invitation.status} ${invitation.text}`);
    invitationId = invitation.body.id;
    joinCode = invitation.body.joinUrl.split('/join/')[1];
    const newcomer = await t.factory.defendant(w.center.id);

    baseBodies = {
      LoginDto: { email: 'admin@test.local', password: 'not-the-password' },
      CreateUserDto: {
        email: 'new.clerk@test.local',
        password: 'a-long-enough-password',
        name: 'New Clerk',
        role: 'clerk',
        organizationId: w.court.id,
      },
      UpdateUserDto: { name: 'Renamed', role: 'clerk', organizationId: w.court.id, active: true },
      CreateOrganizationDto: {
        kind: 'detention_center',
        name: 'New center',
        timeZone: 'Asia/Shanghai',
        escortBufferMinutes: 10,
      },
      UpdateOrganizationDto: { name: 'Renamed center', timeZone: 'Asia/Shanghai', escortBufferMinutes: 15 },
      CreateRoomDto: { name: 'Video room 9', kind: 'video_room' },
      CreateDefendantDto: {
        name: '李四',
        idNumber: '110101199001011234',
        detentionCenterId: w.center.id,
        custodyStatus: 'detained',
      },
      UpdateDefendantDto: {
        name: '李四',
        idNumber: '110101199001015678',
        detentionCenterId: w.center.id,
        custodyStatus: 'detained',
      },
      LookupDefendantDto: { idNumber: '110101199001011234', detentionCenterId: w.center.id },
      CreateCaseDto: {
        caseNumber: '(2027)刑初1号',
        courtId: w.court.id,
        procuratorateId: w.procuratorate.id,
        prosecutorId: w.prosecutor.id,
        procedure: 'speedy',
        defendants: [{ defendantId: w.defendant.id, defenseLawyerId: w.lawyer.id, charges: ['盗窃罪'] }],
      },
      UpdateCaseDto: {
        procedure: 'summary',
        prosecutorId: w.prosecutor.id,
        addDefendants: [{ defendantId: newcomer.id, defenseLawyerId: w.lawyer.id, charges: ['诈骗罪'] }],
        defenseLawyers: [{ defendantId: w.defendant.id, defenseLawyerId: w.lawyer.id }],
      },
      ReplaceOpeningHoursDto: { weekly: [{ weekday: 1, opens: '09:00', closes: '12:00' }] },
      CreateCalendarExceptionDto: {
        date: day(-6),
        kind: 'open',
        opens: '09:00',
        closes: '12:00',
        reason: 'Make-up day',
      },
      CreateHearingDto: {
        caseId: w.case.id,
        kind: 'trial',
        startsAt: `${day(2)}T09:00:00+08:00`,
        durationMinutes: 30,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
        prosecutorId: w.prosecutor.id,
        defenseLawyerIds: [w.lawyer.id],
        defendantIds: [w.defendant.id],
        videoRoomId: w.videoRooms[1].id,
        notes: 'Interpreter needed',
        override: { reason: 'Urgent' },
      },
      UpdateHearingDto: {
        kind: 'trial',
        startsAt: `${day(0)}T10:00:00+08:00`,
        durationMinutes: 45,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
        prosecutorId: w.prosecutor.id,
        defenseLawyerIds: [w.lawyer.id],
        defendantIds: [w.defendant.id],
        videoRoomId: w.videoRooms[0].id,
        notes: 'Moved',
        override: { reason: 'Urgent' },
      },
      CancelHearingDto: { reason: 'The defendant is ill' },
      CreateSittingDto: {
        courtId: w.court.id,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
        prosecutorId: w.prosecutor.id,
        startsAt: `${day(3)}T08:30:00+08:00`,
        endsAt: `${day(3)}T12:00:00+08:00`,
        gapMinutes: 5,
        kind: 'speedy_trial',
        cases: [
          { caseId: w.case.id, durationMinutes: 15, defendantIds: [w.defendant.id], defenseLawyerIds: [w.lawyer.id] },
        ],
        dryRun: false,
      },
      CancelSittingDto: { reason: 'The judge is ill' },
      // The plea-leniency steps: dates in the past (a step records what happened).
      LeniencyStepDto: { at: past(3) },
      LeniencyAffidavitDto: {
        signedAt: past(3),
        witnessLawyerId: w.lawyer.id,
        procedure: 'speedy',
        hearingId: hearingId,
      },
      LeniencyProposalDto: {
        kind: 'definite',
        penalty: 'fixed_term',
        termMonths: 12,
        probation: false,
        fineYuan: 2000,
        proposedAt: past(3),
      },
      LeniencyConclusionDto: { concludedAt: past(3), leniencyApplied: true },
      LeniencyDecisionDto: {
        decision: 'adopted',
        sentenceMonths: 12,
        probation: false,
        decidedAt: past(3),
        hearingId: hearingId,
      },
      LeniencyWithdrawalDto: { at: past(3), reason: 'The defendant changed his mind' },
      // A hearing's outcome (the set-up hearing is in the future: a valid body then gets 422, never a 400).
      RecordOutcomeDto: {
        result: 'adjourned',
        adjournTo: { startsAt: `${day(4)}T09:00:00+08:00`, durationMinutes: 30 },
        startedAt: past(3),
        endedAt: past(2),
        notes: 'On time',
        leniency: [
          {
            defendantId: w.defendant.id,
            pleaConfirmed: true,
            decision: { decision: 'adopted', sentenceMonths: 12, probation: false, decidedAt: past(3) },
          },
        ],
      },
      CorrectOutcomeDto: { result: 'held', startedAt: past(3), endedAt: past(2), notes: 'On time', reason: 'Typo' },
      LiveActionDto: { action: 'start' },
      CreateInvitationDto: { role: 'observer', name: 'Observer', email: 'observer@example.org' },
    };
    baseQueries = {
      'GET /organizations/{id}/calendar-exceptions': { from: '2027-01-01', to: '2027-12-31' },
      'GET /stats/leniency': { from: '2027-01-01', to: '2027-12-31', groupBy: 'month' },
      'GET /stats/hearings': { from: '2027-01-01', to: '2027-12-31', courtId: w.court.id },
      'GET /stats/proposals': { from: '2027-01-01', to: '2027-12-31', procuratorateId: w.procuratorate.id },
      'GET /availability': {
        caseId: w.case.id,
        kind: 'trial',
        durationMinutes: '30',
        from: `${day(7)}T08:00:00+08:00`,
        to: `${day(8)}T18:00:00+08:00`,
        judgeId: w.judge.id,
        courtroomId: w.courtroom.id,
      },
    };

    const doc = (await t.http.get('/docs-json')).body;
    schemas = doc.components.schemas;
    ops = [];
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
      if (path.startsWith('/health')) continue;
      for (const [method, op] of Object.entries<any>(methods)) {
        const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
        ops.push({
          method: method.toUpperCase(),
          path: path.replace(/^\/api\/v1/, ''),
          parameters: op.parameters ?? [],
          bodySchema: ref?.split('/').pop(),
        });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Building the wrong requests

  const keyOf = (op: Operation) => `${op.method} ${op.path}`;
  const resolve = (s: Schema): Schema => (s.$ref ? schemas[s.$ref.split('/').pop()!] : s);

  /** A valid id for each path parameter: the organization is the detention center (it may have rooms and hours). */
  function validPathIds(op: Operation): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      if (p.name === 'exceptionId') ids[p.name] = exceptionId;
      else if (p.name === 'invitationId') ids[p.name] = invitationId;
      else if (p.name === 'code') ids[p.name] = joinCode;
      else if (p.name === 'defendantId') ids[p.name] = w.defendant.id;
      else if (op.path.startsWith('/organizations')) ids[p.name] = w.center.id;
      else if (op.path.startsWith('/users')) ids[p.name] = w.clerk.id;
      else if (op.path.startsWith('/defendants')) ids[p.name] = w.defendant.id;
      else if (op.path.startsWith('/cases')) ids[p.name] = w.case.id;
      else if (op.path.startsWith('/hearings')) ids[p.name] = hearingId;
      else if (op.path.startsWith('/sittings')) ids[p.name] = sittingId;
      else throw new Error(`no valid id for ${p.name} of ${keyOf(op)}`);
    }
    return ids;
  }

  /** Headers a valid request carries (If-Match on PATCH /hearings/{id}). */
  function validHeaders(op: Operation): Record<string, string> {
    const required = op.parameters.filter((p) => p.in === 'header' && p.required);
    return Object.fromEntries(required.map((p) => [p.name, p.name === 'If-Match' ? '"1"' : 'x']));
  }

  /** Values that break a property of this schema; each with what the answer must be. */
  function badValues(name: string, raw: Schema): { label: string; value: unknown; expect: Expectation }[] {
    const s = resolve(raw);
    const out: { label: string; value: unknown; expect: Expectation }[] = [];
    const add = (label: string, value: unknown, expect: Expectation = 400) => out.push({ label, value, expect });
    if (!raw.nullable && !s.nullable) add('null', null);
    if (s.type === 'array') {
      for (const v of ['x', 12345, true, {}]) add(JSON.stringify(v), v);
      add('[null]', [null]);
      const item = resolve(s.items ?? {});
      if (item.type === 'object' || item.properties) {
        add('["x"]', ['x']);
        add('[12345]', [12345]);
        add('[[]]', [[]]);
        add('[[{}]]', [[{}]]);
      } else if (item.format === 'uuid') {
        add('["not-a-uuid"]', ['not-a-uuid']);
        add('[12345]', [12345]);
        add('[<unknown uuid>]', [NOBODY], '4xx');
        add('1000 items', Array(1000).fill(NOBODY), [400, 413]);
      } else {
        add('[12345]', [12345]);
        add('[{}]', [{}]);
        add('[LONG]', [LONG]);
        add('1000 items', Array(1000).fill('x'), [400, 413]);
      }
      return out;
    }
    if (s.type === 'object' || s.properties) {
      for (const v of ['x', 12345, true, []]) add(JSON.stringify(v), v);
      return out;
    }
    if (s.type === 'number' || s.type === 'integer') {
      for (const v of ['30', true, {}, [], 1.5, 'NaN', 1e12, -1e12]) add(JSON.stringify(v), v);
      if (s.minimum !== undefined && s.minimum > -1) add('-1', -1);
      return out;
    }
    if (s.type === 'boolean') {
      for (const v of ['true', 1, 0, {}, []]) add(JSON.stringify(v), v);
      return out;
    }
    // strings
    for (const v of [12345, true, {}, []]) add(JSON.stringify(v), v);
    add('10,000 characters', LONG);
    if (s.format === 'uuid') {
      add('"not-a-uuid"', 'not-a-uuid');
      add('""', '');
      add('<unknown uuid>', NOBODY, '4xx');
    } else if (s.enum) {
      add('"not-a-value"', 'not-a-value');
      add('""', '');
    } else {
      add('a NUL character', NUL);
      if (/At$|^date$|^from$|^to$/.test(name)) {
        for (const d of NOT_DATES) add(JSON.stringify(d), d);
        add('a date without a time', '2026-W05-3');
      }
      if (/^(opens|closes)$/.test(name))
        for (const v of ['25:00', '9:00', 'noon', '12:00:00']) add(JSON.stringify(v), v);
      if (name === 'timeZone') for (const v of ['CST', '+08:00', 'Mars/Olympus_Mons']) add(JSON.stringify(v), v);
      if (name === 'email') add('"not-an-email"', 'not-an-email');
    }
    return out;
  }

  /** Every wrong value of every property of `base` (and of the first item of its arrays of objects). */
  function propertyMutations(schemaName: string, base: Record<string, unknown>, prefix = '', depth = 0): BadRequest[] {
    const schema = resolve({ $ref: `#/components/schemas/${schemaName}` });
    const out: BadRequest[] = [];
    for (const [prop, propSchema] of Object.entries(schema.properties ?? {})) {
      const field = prefix === '' ? prop : `${prefix}.${prop}`;
      for (const bad of badValues(prop, propSchema)) {
        out.push({
          label: `body ${field} = ${bad.label}`,
          expect: bad.expect,
          field,
          body: { ...base, [prop]: bad.value },
        });
      }
      const value = base[prop];
      const items = resolve(resolve(propSchema).items ?? {});
      if (Array.isArray(value) && value.length > 0 && (items.format === 'uuid' || items.properties)) {
        // Refused (a case's defendants) or read once (a hearing's parties), never a 500.
        out.push({
          label: `body ${field} with its first item twice`,
          expect: 'no-5xx',
          field,
          body: { ...base, [prop]: [value[0], value[0]] },
        });
      }
      if (depth > 0) continue;
      const resolved = resolve(propSchema);
      const itemRef = resolved.type === 'array' ? resolved.items?.$ref : undefined;
      const nestedRef = propSchema.$ref ?? (propSchema as { allOf?: Schema[] }).allOf?.[0]?.$ref;
      if (itemRef && Array.isArray(value) && value.length > 0) {
        const item = (value as Record<string, unknown>[])[0];
        const itemName = itemRef.split('/').pop()!;
        for (const m of propertyMutations(itemName, item, `${field}[0]`, depth + 1)) {
          out.push({ ...m, body: { ...base, [prop]: [m.body] } });
        }
        out.push({
          label: `body ${field}[0] with an unknown field`,
          expect: 400,
          field: `${field}[0].unexpected`,
          body: { ...base, [prop]: [{ ...item, unexpected: 1 }] },
        });
      }
      if (nestedRef && value && typeof value === 'object') {
        const nested = value as Record<string, unknown>;
        for (const m of propertyMutations(nestedRef.split('/').pop()!, nested, field, depth + 1)) {
          out.push({ ...m, body: { ...base, [prop]: m.body } });
        }
      }
    }
    return out;
  }

  function bodyCases(op: Operation): BadRequest[] {
    if (!op.bodySchema) return [];
    const base = baseBodies[op.bodySchema];
    if (!base) throw new Error(`no valid base body for ${op.bodySchema} (${keyOf(op)}): add one to baseBodies`);
    return [
      { label: 'no body at all', expect: 400, field: 'body', noBody: true },
      { label: 'an empty JSON body', expect: 400, code: 'MALFORMED_JSON', raw: '' },
      { label: 'body null', expect: 400, field: 'body', body: null },
      { label: 'body []', expect: 400, field: 'body', body: [] },
      { label: 'body [valid]', expect: 400, field: 'body', body: [base] },
      { label: 'body "a string"', expect: 400, field: 'body', body: 'a string' },
      { label: 'body 42', expect: 400, field: 'body', body: 42 },
      { label: 'body true', expect: 400, field: 'body', body: true },
      { label: 'malformed JSON', expect: 400, code: 'MALFORMED_JSON', raw: '{"a": ' },
      {
        label: 'a form instead of JSON',
        expect: [400, 415],
        raw: 'a=1',
        contentType: 'application/x-www-form-urlencoded',
      },
      // Named alone: this also proves that the base body itself passes validation.
      {
        label: 'an unknown field',
        expect: 400,
        field: 'unexpectedField',
        onlyField: true,
        body: { ...base, unexpectedField: 1 },
      },
      {
        label: 'a __proto__ field',
        expect: 400,
        code: 'MALFORMED_JSON',
        raw: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"x":1},'),
      },
      ...propertyMutations(op.bodySchema, base),
    ];
  }

  function queryString(values: Record<string, string | string[]>): string {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(values))
      for (const one of Array.isArray(v) ? v : [v]) parts.push(`${k}=${encodeURIComponent(one)}`);
    return parts.join('&');
  }

  function queryCases(op: Operation): BadRequest[] {
    const params = op.parameters.filter((p) => p.in === 'query');
    if (params.length === 0) return [];
    const base = baseQueries[keyOf(op)] ?? {};
    const out: BadRequest[] = [];
    const add = (label: string, field: string, values: Record<string, string | string[]>, expect: Expectation = 400) =>
      out.push({ label: `query ${label}`, field, expect, query: queryString(values) });
    const isBooking = op.path === '/availability';
    for (const p of params) {
      const s = p.schema;
      const set = (v: string | string[]) => ({ ...base, [p.name]: v });
      if (p.required) {
        const { [p.name]: _dropped, ...without } = base;
        add(`without ${p.name}`, p.name, without);
      }
      add(`${p.name} repeated`, p.name, set(['1', '2']));
      add(`${p.name} = 10,000 characters`, p.name, set(LONG));
      if (s.format === 'uuid') {
        for (const v of ['not-a-uuid', '', `${NOBODY},${NOBODY_2}`, NUL])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
        if (isBooking) add(`${p.name} = <unknown uuid>`, p.name, set(NOBODY), '4xx');
      } else if (s.enum) {
        for (const v of ['bogus', '', `${String(s.enum[0])},${String(s.enum[1] ?? s.enum[0])}`, NUL])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
      } else if (s.type === 'number' || s.type === 'integer') {
        for (const v of ['abc', '', '1.5', 'NaN', 'Infinity', '1e12', '99999999999999999999999', '-1', '0'])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
      } else if (/Ids$/.test(p.name)) {
        for (const v of ['x,y', `${NOBODY},not-a-uuid`, ',,,', `${NOBODY},,${NOBODY_2}`, NUL])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
        if (isBooking) add(`${p.name} = <unknown uuid>`, p.name, set(NOBODY), '4xx');
      } else if (/^(from|to)$/.test(p.name)) {
        for (const v of [...NOT_DATES, '', NUL]) add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
        for (const v of ODD_ISO_DATES) add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v), 'no-5xx');
      } else if (p.name === 'cursor') {
        for (const v of ['abc', '-1', '1.5', '99999999999999999999', ''])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v));
      } else {
        add(`${p.name} = a NUL character`, p.name, set(NUL));
        // Odd but legitimate searches: found literally or not at all, never a 500.
        for (const v of ['%', '_', '\\', "'", '%_\\%'])
          add(`${p.name} = ${JSON.stringify(v)}`, p.name, set(v), 'no-5xx');
      }
    }
    const names = params.map((p) => p.name);
    if (names.includes('from') && names.includes('to')) {
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(base.from ?? '');
      const [early, late] = dateOnly
        ? ['2027-01-01', '2027-12-31']
        : isBooking
          ? [`${day(7)}T08:00:00+08:00`, `${day(8)}T18:00:00+08:00`]
          : ['2027-01-01T00:00:00Z', '2027-12-31T00:00:00Z'];
      add('from after to', 'to', { ...base, from: late, to: early });
    }
    add('with an unknown parameter', 'unexpectedParam', { ...base, unexpectedParam: '1' });
    return out;
  }

  function pathCases(op: Operation): BadRequest[] {
    const valid = validPathIds(op);
    const out: BadRequest[] = [];
    const body = op.bodySchema ? baseBodies[op.bodySchema] : undefined;
    const query = queryString(baseQueries[keyOf(op)] ?? {});
    for (const name of Object.keys(valid)) {
      // A join code is no uuid: whatever is not a live code gets the one 404 (unknown and revoked alike).
      const malformed: Expectation = name === 'code' ? [404] : 400;
      for (const [label, id, expect] of [
        ['"not-a-uuid"', 'not-a-uuid', malformed],
        ['a uuid with a trailing character', `${valid[name]}x`, malformed],
        ['300 characters', 'x'.repeat(300), '4xx'],
        ['an unknown uuid', NOBODY, [404]],
      ] as [string, string, Expectation][]) {
        out.push({
          label: `path ${name} = ${label}`,
          field: name,
          expect,
          pathIds: { ...valid, [name]: id },
          body,
          query,
        });
      }
      out.push({
        label: `path ${name} = a malformed percent-encoding`,
        expect: 400,
        pathIds: { ...valid, [name]: '%E0%A4%A' },
        rawPath: true,
        body,
        query,
      });
    }
    return out;
  }

  function headerCases(op: Operation): BadRequest[] {
    const body = op.bodySchema ? baseBodies[op.bodySchema] : undefined;
    const out: BadRequest[] = [];
    for (const p of op.parameters.filter((x) => x.in === 'header')) {
      const others = { ...validHeaders(op) };
      delete others[p.name];
      const add = (label: string, value: string | undefined, expect: Expectation) =>
        out.push({
          label: `header ${p.name} ${label}`,
          field: p.name,
          expect,
          body,
          headers: value === undefined ? others : { ...others, [p.name]: value },
        });
      if (p.name === 'If-Match') {
        if (p.required) {
          add('missing', undefined, [428]);
          add('empty', '', [428]);
        }
        for (const v of ['abc', '"-1"', '"1.5"', '"99999999999"', 'W/"abc"', '""']) add(`= ${v}`, v, 400);
        add('stale ("0")', '"0"', [412]);
      } else if (p.name === 'Idempotency-Key') {
        for (const [label, v] of [
          ['empty', ''],
          ['201 characters', 'k'.repeat(201)],
          ['with a space', 'two words'],
          ['not ASCII', 'cl\u00e9'],
        ])
          add(label, v, 400);
      } else {
        throw new Error(`no wrong values for header ${p.name} of ${keyOf(op)}`);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sending them and judging the answers

  async function counts(): Promise<Record<string, number>> {
    const { rows } = await t.sql.query(
      `SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`,
    );
    return rows[0];
  }

  function send(op: Operation, c: BadRequest, token: string): Promise<HttpResponse> {
    const ids = c.pathIds ?? validPathIds(op);
    let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      c.rawPath ? ids[name] : encodeURIComponent(ids[name]),
    );
    const query = c.query ?? queryString(baseQueries[keyOf(op)] ?? {});
    if (query !== '') path += `?${query}`;
    const headers = { ...(c.headers ?? validHeaders(op)) };
    if (c.contentType) headers['content-type'] = c.contentType;
    if (!op.bodySchema || c.noBody) return t.http.request(op.method, path, undefined, { token, headers });
    if (c.raw !== undefined) return t.http.request(op.method, path, undefined, { token, headers, raw: c.raw });
    const body = 'body' in c ? c.body : baseBodies[op.bodySchema];
    return t.http.request(op.method, path, body, { token, headers });
  }

  /** What is wrong with an answer, or undefined when it is right. */
  function fault(c: BadRequest, res: HttpResponse): string | undefined {
    const brief = res.text.slice(0, 300);
    if (res.status >= 500) return `${res.status}: ${brief}`;
    if (res.status < 400) return c.expect === 'no-5xx' ? undefined : `accepted with ${res.status}: ${brief}`;
    if (c.expect === 400 && res.status !== 400) return `expected 400, got ${res.status}: ${brief}`;
    if (Array.isArray(c.expect) && !c.expect.includes(res.status))
      return `expected ${c.expect.join(' or ')}, got ${res.status}: ${brief}`;
    if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? ''))
      return `content-type ${res.headers.get('content-type')}: ${brief}`;
    const b = res.body as Record<string, unknown>;
    for (const member of ['type', 'title', 'detail', 'code'])
      if (typeof b?.[member] !== 'string' || b[member] === '') return `no ${member}: ${brief}`;
    if (b.status !== res.status) return `status member ${String(b.status)} on a ${res.status}`;
    if (c.code && b.code !== c.code) return `code ${String(b.code)}, expected ${c.code}: ${brief}`;
    if (res.status === 400) {
      const errors = Array.isArray(b.errors) ? (b.errors as { field?: string; message?: string }[]) : [];
      if (b.errors !== undefined && errors.length === 0) return `an empty errors list: ${brief}`;
      if (c.field) {
        const f = c.field;
        const named =
          errors.some((e) => e.field === f || e.field?.startsWith(`${f}.`) || e.field?.startsWith(`${f}[`)) ||
          (b.detail as string).includes(f);
        if (!named) return `does not say that ${f} is wrong: ${brief}`;
        if (c.onlyField && errors.some((e) => e.field !== f)) return `names more than ${f}: ${brief}`;
      } else if (errors.length === 0 && /^(Bad request|A value has the wrong format)$/i.test(b.detail as string)) {
        return `a 400 that does not say what is wrong: ${brief}`;
      }
    }
    return undefined;
  }

  /**
   * Sends every case of one batch, then checks that the tables did not change. Odd but legitimate requests
   * ('no-5xx') may succeed, so they are sent after the check.
   */
  async function runBatch(op: Operation, cases: BadRequest[], token: string, who: string, failures: string[]) {
    const judge = async (c: BadRequest) => {
      const why = fault(c, await send(op, c, token));
      if (why) failures.push(`${who} ${keyOf(op)} — ${c.label}: ${why}`);
    };
    const wrong = cases.filter((c) => c.expect !== 'no-5xx');
    if (wrong.length > 0) {
      const before = await counts();
      for (const c of wrong) await judge(c);
      const after = await counts();
      const changed = TABLES.filter((table) => before[table] !== after[table]);
      if (changed.length > 0) {
        const what = changed.map((x) => `${x} (${before[x]} → ${after[x]})`).join(', ');
        failures.push(`${who} ${keyOf(op)} — wrong requests wrote to ${what}`);
      }
    }
    for (const c of cases.filter((x) => x.expect === 'no-5xx')) await judge(c);
  }

  it('covers every operation of the OpenAPI document but health', () => {
    expect(ops.length).toBeGreaterThanOrEqual(30);
    for (const op of ops)
      if (op.bodySchema) expect([keyOf(op), baseBodies[op.bodySchema] !== undefined]).toEqual([keyOf(op), true]);
  });

  it('refuses malformed bodies, as an admin', async () => {
    const failures: string[] = [];
    for (const op of ops) await runBatch(op, bodyCases(op), t.adminToken, 'admin', failures);
    expect(failures).toEqual([]);
  });

  it('refuses malformed path ids, queries and headers, as an admin', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      await runBatch(op, pathCases(op), t.adminToken, 'admin', failures);
      await runBatch(op, queryCases(op), t.adminToken, 'admin', failures);
      await runBatch(op, headerCases(op), t.adminToken, 'admin', failures);
    }
    expect(failures).toEqual([]);
  });

  it('refuses malformed requests from a clerk too', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      const body = bodyCases(op);
      const sample = [
        ...body.filter((c) => /^(body null|body \[\]|an unknown field)$/.test(c.label)),
        ...body.filter((c) => c.field && c.label.endsWith('= 12345')).slice(0, 3),
        ...pathCases(op).filter((c) => /not-a-uuid|unknown uuid/.test(c.label)),
        ...queryCases(op).slice(0, 6),
        ...headerCases(op),
      ].map((c) => ({ ...c, expect: c.expect === 'no-5xx' ? c.expect : ('4xx' as const) }));
      await runBatch(op, sample, w.clerk.token, 'clerk', failures);
    }
    expect(failures).toEqual([]);
  });
});

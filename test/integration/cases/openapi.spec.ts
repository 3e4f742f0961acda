import { createTestApp, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TestApp } from '../../support/test-app';

describe('the OpenAPI document at /docs-json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes every route with its request and response schemas', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    for (const [path, methods] of Object.entries({
      '/api/v1/organizations': ['get', 'post'],
      '/api/v1/organizations/{id}': ['get', 'patch'],
      '/api/v1/organizations/{id}/rooms': ['get', 'post'],
      '/api/v1/defendants': ['get', 'post'],
      '/api/v1/defendants/{id}': ['get', 'patch'],
      '/api/v1/cases': ['get', 'post'],
      '/api/v1/cases/{id}': ['get', 'patch'],
    })) {
      for (const m of methods) {
        expect([path, m, doc.paths[path]?.[m]?.security]).toEqual([path, m, [{ bearer: [] }]]);
      }
    }
    const s = doc.components.schemas;
    expect(s.CreateCaseDto.properties.defendants.items.$ref).toBe('#/components/schemas/CaseDefendantInput');
    expect(s.UpdateCaseDto.properties.defenseLawyers.items.$ref).toBe('#/components/schemas/DefenseLawyerAssignment');
    expect(s.CaseResponse.properties.defendants.items.$ref).toBe('#/components/schemas/CaseDefendantResponse');
    expect(s.CreateOrganizationDto.properties.kind.enum).toEqual([
      'court',
      'procuratorate',
      'detention_center',
      'law_firm',
    ]);
    expect(s.DefendantResponse.properties.idNumber).toBeDefined();
    expect(s.RoomResponse.required).toEqual(expect.arrayContaining(['id', 'organizationId', 'name', 'kind']));
  });

  type Doc = {
    servers?: unknown[];
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, any> };
  };
  const operations = (doc: Doc) =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) => ({ path, method, op }) as { path: string; method: string; op: any },
      ),
    );
  const schemaOf = (doc: Doc, ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')];

  it('gives every operation a summary, its security, a unique id, and a 4xx answer (health probes aside)', async () => {
    const doc: Doc = (await t.http.get('/docs-json')).body;
    expect(doc.servers?.length).toBeGreaterThan(0);
    const ops = operations(doc);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      expect([where, typeof op.summary]).toEqual([where, 'string']);
      // Public: the probes, the login, LiveKit's webhook (signed with the API secret) and the join links' own routes.
      const isPublic =
        path.startsWith('/health') ||
        path === '/api/v1/auth/login' ||
        path === '/api/v1/webhooks/livekit' ||
        path.startsWith('/api/v1/join/');
      expect([where, op.security]).toEqual([where, isPublic ? [] : [{ bearer: [] }]]);
      const fourXx = Object.keys(op.responses).filter((s) => s.startsWith('4'));
      if (!path.startsWith('/health')) expect([where, fourXx.length > 0]).toEqual([where, true]);
      if (!isPublic) expect([where, fourXx]).toEqual([where, expect.arrayContaining(['401'])]);
    }
  });

  it('documents every problem as application/problem+json with a schema of the problem fields', async () => {
    const doc: Doc = (await t.http.get('/docs-json')).body;
    const base = doc.components.schemas.Problem;
    expect(base.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    for (const { path, method, op } of operations(doc)) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const where = `${method} ${path} ${status}`;
        expect([where, Object.keys(response.content ?? {})]).toEqual([where, ['application/problem+json']]);
        const schema = response.content['application/problem+json'].schema;
        const refs: string[] = schema.anyOf ? schema.anyOf.map((s: any) => s.$ref) : [schema.$ref];
        for (const ref of refs) {
          expect([where, schemaOf(doc, ref)?.required]).toEqual([
            where,
            expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
          ]);
        }
      }
    }
  });

  it('names the codes and extension members that clients branch on', async () => {
    const doc: Doc = (await t.http.get('/docs-json')).body;
    const op = (method: string, path: string) => doc.paths[`/api/v1${path}`][method];
    expect(op('post', '/users').responses['409'].description).toMatch(/EMAIL_TAKEN/);
    expect(op('post', '/organizations/{id}/rooms').responses['409'].description).toMatch(/ROOM_NAME_TAKEN/);
    expect(op('post', '/cases').responses['409'].description).toMatch(/CASE_NUMBER_TAKEN/);

    const patch = op('patch', '/hearings/{id}');
    expect(patch.responses['409'].description).toMatch(/HEARING_CLASH.*HEARING_CANCELLED/);
    const clash = patch.responses['409'].content['application/problem+json'].schema.anyOf.map((s: any) => s.$ref);
    expect(clash).toContain('#/components/schemas/HearingClashProblem');
    expect(doc.components.schemas.HearingClashProblem.required).toContain('conflicts');
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['400', '404', '412', '422', '428']));
    expect(doc.components.schemas.PreconditionFailedProblem.properties.currentVersion.type).toBe('integer');
    expect(patch.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    const cancel = op('post', '/hearings/{id}/cancel');
    expect(cancel.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', required: false }));
    expect(Object.keys(cancel.responses)).toEqual(expect.arrayContaining(['409', '412']));
    expect(op('post', '/hearings').parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
    const outside = op('post', '/hearings').responses['422'].content['application/problem+json'].schema.anyOf;
    expect(outside).toContainEqual({ $ref: '#/components/schemas/OutsideHoursProblem' });
    expect(doc.components.schemas.OutsideHoursProblem.required).toContain('violations');
    expect(doc.components.schemas.BadRequestProblem.properties.errors.items.$ref).toBe(
      '#/components/schemas/FieldErrorResponse',
    );

    const login = op('post', '/auth/login');
    expect(login.responses['429'].headers['Retry-After'].schema.type).toBe('integer');
    expect(login.responses['401'].description).toMatch(/INVALID_CREDENTIALS/);
  });

  it('states the rules the server enforces on requests', async () => {
    const doc: Doc = (await t.http.get('/docs-json')).body;
    const s = doc.components.schemas;
    for (const { path, method, op } of operations(doc)) {
      for (const p of (op.parameters ?? []).filter((p: any) => p.in === 'path')) {
        // Every id is a uuid; a join link's code is a secret of its own, bounded in length.
        if (p.name === 'code') expect([method, path, p.schema.maxLength]).toEqual([method, path, 100]);
        else expect([method, path, p.name, p.schema.format]).toEqual([method, path, p.name, 'uuid']);
      }
      const limit = (op.parameters ?? []).find((p: any) => p.name === 'limit');
      if (limit) expect([method, path, limit.schema.type]).toEqual([method, path, 'integer']);
      const body = op.requestBody?.content?.['application/json']?.schema?.$ref;
      if (body) expect([method, path, schemaOf(doc, body).additionalProperties]).toEqual([method, path, false]);
    }
    expect(s.CreateHearingDto.properties.durationMinutes.type).toBe('integer');
    expect(s.UpdateHearingDto.properties.durationMinutes.type).toBe('integer');
    expect(s.CreateHearingDto.properties.defendantIds).toMatchObject({ minItems: 1, maxItems: 50 });
    expect(s.CreateCaseDto.properties.defendants).toMatchObject({ minItems: 1, maxItems: 100 });
    expect(s.CaseDefendantInput.additionalProperties).toBe(false);
    expect(s.HoursOverrideDto).toMatchObject({ additionalProperties: false, required: ['reason'] });
    expect(s.CreateUserDto.properties.password).toMatchObject({ minLength: 12, maxLength: 200 });
    expect(s.CreateUserDto.properties.name).toMatchObject({ minLength: 1, maxLength: 200 });
    const availability = doc.paths['/api/v1/availability'].get.parameters;
    expect(availability.find((p: any) => p.name === 'defendantIds')).toMatchObject({
      explode: false,
      schema: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 50 },
    });
  });

  it('describes the login answer as it is sent', async () => {
    const doc: Doc = (await t.http.get('/docs-json')).body;
    const login = await t.http.post('/auth/login', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
    const user = schemaOf(doc, doc.components.schemas.LoginResponse.properties.user.$ref);
    expect(Object.keys(login.body.user).sort()).toEqual(Object.keys(user.properties).sort());
    expect(user.required.sort()).toEqual(Object.keys(login.body.user).sort());
  });
});

import { createTestApp, TestApp } from '../../support/test-app';

describe('OpenAPI for the directory and cases', () => {
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
});

import { ContractViolation, OpenApiContract } from '../support/openapi-contract';

/** The contract checker that HttpClient runs on every answer: it must refuse what the document does not say. */
describe('the OpenAPI contract checker', () => {
  const problem = {
    type: 'object',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string' },
    },
    required: ['type', 'title', 'status', 'detail', 'code'],
  };
  const contract = new OpenApiContract({
    openapi: '3.0.0',
    paths: {
      '/api/v1/rooms/{id}': {
        get: {
          operationId: 'RoomsController_get',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Room' } } } },
            '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          },
        },
        delete: { operationId: 'RoomsController_remove', responses: { '204': { description: 'gone' } } },
      },
      '/api/v1/rooms/lookup': {
        get: {
          operationId: 'RoomsController_lookup',
          responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } },
        },
      },
    },
    components: {
      schemas: {
        Problem: problem,
        Room: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            closedReason: { type: 'string', nullable: true },
          },
          required: ['id', 'name', 'closedReason'],
        },
      },
    },
  });
  const id = '6f1c2b1e-2f44-4b8a-9a43-0d9b8a1f2c3d';
  const get = { method: 'GET', path: `/api/v1/rooms/${id}` };
  const json = 'application/json; charset=utf-8';

  it('accepts an answer that matches its schema, nullable fields included', () => {
    expect(() =>
      contract.check(get, { status: 200, contentType: json, body: { id, name: 'Room 1', closedReason: null } }),
    ).not.toThrow();
  });

  it('refuses a body that does not match, naming the operation, the status and the schema path', () => {
    const check = () => contract.check(get, { status: 200, contentType: json, body: { id: 'not-a-uuid', name: 1 } });
    expect(check).toThrow(ContractViolation);
    expect(check).toThrow(/GET \/api\/v1\/rooms\/\{id\} \(RoomsController\.get\) answered 200/);
    expect(check).toThrow(/#\/paths\/~1api~1v1~1rooms~1\{id\}\/get\/responses\/200\/content\/application~1json/);
    expect(check).toThrow(/\/id must match format "uuid"/);
    expect(check).toThrow(/must have required property 'closedReason'/);
  });

  it('refuses a status the document does not list, saying which decorator to add where', () => {
    const check = () =>
      contract.check(get, {
        status: 409,
        contentType: 'application/problem+json; charset=utf-8',
        body: { type: 't', title: 'Conflict', status: 409, detail: 'd', code: 'CONFLICT' },
      });
    expect(check).toThrow(ContractViolation);
    expect(check).toThrow(/answered 409 application\/problem\+json, which the document does not list/);
    expect(check).toThrow(/@ApiProblems\(409, \.\.\.\) on RoomsController\.get/);
  });

  it('refuses a problem sent with a content type the document does not list for it', () => {
    const body = { type: 't', title: 'Not found', status: 404, detail: 'd', code: 'NOT_FOUND' };
    expect(() => contract.check(get, { status: 404, contentType: json, body })).toThrow(
      /answered 404 as application\/json, but the document lists application\/problem\+json/,
    );
    expect(() =>
      contract.check(get, { status: 404, contentType: 'application/problem+json; charset=utf-8', body }),
    ).not.toThrow();
  });

  it('refuses a body where the document promises none', () => {
    const del = { method: 'DELETE', path: `/api/v1/rooms/${id}` };
    expect(() => contract.check(del, { status: 204, contentType: null, body: '' })).not.toThrow();
    expect(() => contract.check(del, { status: 204, contentType: json, body: { id } })).toThrow(/has no body/);
  });

  it('matches a fixed path before a template, and leaves routes the document does not have alone', () => {
    const lookup = { method: 'GET', path: '/api/v1/rooms/lookup?name=x' };
    expect(() => contract.check(lookup, { status: 200, contentType: json, body: [] })).not.toThrow();
    expect(() =>
      contract.check({ method: 'GET', path: '/nowhere' }, { status: 404, contentType: json, body: {} }),
    ).not.toThrow();
  });
});

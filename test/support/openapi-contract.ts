import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The contract test: every answer the integration suite receives is checked against the OpenAPI document that
 * the same app serves at /docs-json (HttpClient does it for each request). An answer with a status, a content
 * type or a body that the document does not describe throws ContractViolation, naming the operation and the
 * decorator to fix, so the document cannot drift from what the service does.
 */

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Fewer path parameters first: `/defendants/lookup` wins over `/defendants/{id}`. */
  params: number;
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** `HearingsController_update` → `HearingsController.update`, as a reader finds it in src/modules. */
function handlerOf(operationId: string): string {
  return operationId.replace('_', '.');
}

function pointer(...segments: string[]): string {
  return '#/' + segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/**
 * OpenAPI 3.0 schemas are almost JSON Schema; `nullable` is the difference that matters (Ajv accepts it only
 * beside a `type`, and nest/swagger also writes it beside `$ref` and `allOf`).
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    out[key] =
      key === 'properties' || key === 'patternProperties'
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]))
        : toJsonSchema(value);
  }
  if ((schema as Json).nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} (schema ${e.schemaPath})`)
    .join('\n');
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

export class OpenApiContract {
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
    this.ajv.addSchema({ components: { schemas: toJsonSchema(schemas) } }, 'openapi');
    for (const [template, methods] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
      const names: string[] = [];
      const pattern = new RegExp(
        '^' +
          template
            .split(/(\{[^}]+\})/)
            .map((part) => {
              if (/^\{[^}]+\}$/.test(part)) {
                names.push(part);
                return '[^/]+';
              }
              return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            })
            .join('') +
          '$',
      );
      for (const [method, op] of Object.entries(methods)) {
        const o = op as Json;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          params: names.length,
          operationId: String(o.operationId ?? `${method} ${template}`),
          responses: (o.responses ?? {}) as Operation['responses'],
        });
      }
    }
    this.operations.sort((a, b) => a.params - b.params);
  }

  /** The documented operation for a request, or undefined (a route the app does not have, /docs itself). */
  operationFor(method: string, path: string): Operation | undefined {
    const bare = path.split('?')[0];
    return this.operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(bare));
  }

  /** Throws ContractViolation unless the document describes this answer (status, content type and body). */
  check(req: { method: string; path: string }, res: { status: number; contentType: string | null; body: unknown }) {
    const op = this.operationFor(req.method, req.path);
    if (!op) return;
    const where = `${op.method} ${op.template} (${handlerOf(op.operationId)})`;
    const status = String(res.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => op.responses[k] !== undefined);
    const mediaType = (res.contentType ?? '').split(';')[0].trim().toLowerCase();
    const fix = res.status >= 400 ? `@ApiProblems(${status}, ...)` : `@Api...Response({ status: ${status}, ... })`;
    if (!key) {
      throw new ContractViolation(
        `OpenAPI contract: ${where} answered ${status} ${mediaType || '(no body)'}, which the document does not ` +
          `list for this operation (documented: ${Object.keys(op.responses).join(', ')}).\n` +
          `Fix: document it with ${fix} on ${handlerOf(op.operationId)} (or its controller class), ` +
          `or fix the answer.\nBody: ${preview(res.body)}`,
      );
    }
    const content = op.responses[key].content ?? {};
    const empty = res.body === '' || res.body === undefined;
    if (Object.keys(content).length === 0) {
      if (empty) return;
      throw new ContractViolation(
        `OpenAPI contract: ${where} answered ${status} with a ${mediaType} body, but the document says ${key} has ` +
          `no body.\nFix: give the ${key} response of ${handlerOf(op.operationId)} a type, or send no body.`,
      );
    }
    const media = content[mediaType];
    if (!media) {
      throw new ContractViolation(
        `OpenAPI contract: ${where} answered ${status} as ${mediaType || '(no content type)'}, but the document ` +
          `lists ${Object.keys(content).join(', ')} for ${key}.\nFix: ${
            res.status >= 400 ? `document it with ${fix}, which describes application/problem+json,` : 'the decorator'
          } on ${handlerOf(op.operationId)}, or fix the answer.\nBody: ${preview(res.body)}`,
      );
    }
    if (!media.schema) return;
    const schemaPath = pointer('paths', op.template, op.method.toLowerCase(), 'responses', key, 'content', mediaType);
    let validate = this.validators.get(schemaPath);
    if (!validate) {
      const schema = JSON.parse(
        JSON.stringify(toJsonSchema(media.schema)).replace(
          /"#\/components\/schemas\//g,
          '"openapi#/components/schemas/',
        ),
      ) as Json;
      validate = this.ajv.compile(schema);
      this.validators.set(schemaPath, validate);
    }
    if (!validate(res.body)) {
      const ref = (media.schema.$ref as string | undefined) ?? JSON.stringify(media.schema).slice(0, 200);
      throw new ContractViolation(
        `OpenAPI contract: ${where} answered ${status} ${mediaType} with a body that does not match its schema ` +
          `${schemaPath}/schema (${ref}):\n${describeErrors(validate.errors)}\n` +
          `Fix: the response DTO or the ${fix} of ${handlerOf(op.operationId)}, or the answer.\n` +
          `Body: ${preview(res.body)}`,
      );
    }
  }
}

const contracts = new Map<string, OpenApiContract>();

/** One compiled contract per distinct document text (every app of a run serves the same one). */
export function contractFor(documentText: string): OpenApiContract {
  let contract = contracts.get(documentText);
  if (!contract) {
    contract = new OpenApiContract(JSON.parse(documentText) as Json);
    contracts.set(documentText, contract);
  }
  return contract;
}

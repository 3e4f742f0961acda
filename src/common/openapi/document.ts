import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { IS_PUBLIC, ROLES_KEY } from '../auth/decorators';
import { BadRequestProblem, PreconditionFailedProblem, Problem, problemResponse } from './problems';

type Schema = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- classes, as class-validator keys them
type Class = Function;
type Operation = Record<string, any>;

/** What the code says about one route: its handler, its body and query classes, which path params are UUIDs. */
interface RouteFacts {
  handler: string;
  isPublic: boolean;
  /** @Roles(...): the guard answers 403 to the other roles. */
  hasRoles: boolean;
  body?: Class;
  query?: Class;
  uuidParams: Set<string>;
}

function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const method = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof method !== 'function') continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown; pipes?: unknown[] }
        >;
        const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype, name) ?? []) as Class[];
        const f: RouteFacts = {
          handler: `${controller.name}.${name}`,
          isPublic: Boolean(
            Reflect.getMetadata(IS_PUBLIC, method) ?? Reflect.getMetadata(IS_PUBLIC, controller) ?? false,
          ),
          hasRoles: Boolean(Reflect.getMetadata(ROLES_KEY, method) ?? Reflect.getMetadata(ROLES_KEY, controller)),
          uuidParams: new Set(),
        };
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind === RouteParamtypes.BODY && arg.data === undefined) f.body = types[arg.index];
          if (kind === RouteParamtypes.QUERY && arg.data === undefined) f.query = types[arg.index];
          if (kind === RouteParamtypes.PARAM && arg.pipes?.some((p) => p instanceof ParseUUIDPipe)) {
            f.uuidParams.add(String(arg.data));
          }
        }
        facts.set(`${controller.name}_${name}`, f);
      }
    }
  }
  return facts;
}

const storage = getMetadataStorage();

function rulesOf(cls: Class): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  return byProperty;
}

/** ValidationTypes.CONDITIONAL_VALIDATION: @IsOptional, @ValidateIf, OptionalField. */
const CONDITIONAL = 'conditionalValidation';

/**
 * States on one property's schema what class-validator enforces on it, so that the document cannot say less than
 * the server checks: integer, bounds, lengths, sizes, enums, UUIDs, e-mail addresses.
 */
function applyRules(schema: Schema, rules: ValidationMetadata[]): void {
  const target = (each: boolean): Schema => {
    if (!each) return schema;
    schema.items ??= {};
    return schema.items as Schema;
  };
  for (const r of rules) {
    const s = target(Boolean(r.each));
    const [a, b] = (r.constraints ?? []) as unknown[];
    switch (r.name) {
      case 'isInt':
        s.type = 'integer';
        break;
      case 'isBoolean':
        s.type = 'boolean';
        break;
      case 'min':
        s.minimum = a;
        break;
      case 'max':
        s.maximum = a;
        break;
      case 'minLength':
        s.minLength = a;
        break;
      case 'maxLength':
        s.maxLength = a;
        break;
      case 'isLength':
        s.minLength = a;
        if (typeof b === 'number') s.maxLength = b;
        break;
      case 'arrayMinSize':
        schema.minItems = a;
        break;
      case 'arrayMaxSize':
        schema.maxItems = a;
        break;
      case 'isUuid':
        s.format = 'uuid';
        break;
      case 'isEmail':
        s.format = 'email';
        break;
      case 'isIn':
        if (Array.isArray(a)) s.enum = a;
        break;
      case 'isEnum':
        if (a && typeof a === 'object') s.enum = Object.values(a);
        break;
      default:
        break;
    }
  }
}

function isOptional(rules: ValidationMetadata[] | undefined): boolean {
  return (rules ?? []).some((r) => r.type === CONDITIONAL);
}

/** A request DTO's schema, with every nested request DTO it refers to: rules applied, unknown fields refused. */
function describeRequestSchema(doc: OpenAPIObject, cls: Class, byName: Map<string, Class>, seen: Set<string>) {
  if (seen.has(cls.name)) return;
  seen.add(cls.name);
  const schema = doc.components?.schemas?.[cls.name] as Schema | undefined;
  if (!schema?.properties) return;
  // The validation pipe runs with forbidNonWhitelisted: a field the class does not declare is a 400.
  schema.additionalProperties = false;
  const rules = rulesOf(cls);
  const required = new Set<string>(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties as Record<string, Schema>)) {
    const own = rules.get(name);
    if (!own) continue;
    applyRules(property, own);
    if (isOptional(own)) required.delete(name);
    else required.add(name);
    const nested = nestedClass(cls, name);
    if (nested) describeRequestSchema(doc, nested, byName, seen);
    for (const ref of JSON.stringify(property).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) {
      const named = byName.get(ref[1]);
      if (named) describeRequestSchema(doc, named, byName, seen);
    }
  }
  if (required.size > 0) schema.required = [...required];
  else delete schema.required;
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array, Date]);

/** The class of a nested object property, as @ApiProperty({ type }) names it (a class, [class] or () => class). */
function nestedClass(cls: Class, property: string): Class | undefined {
  const meta = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype as object, property) as
    { type?: unknown } | undefined;
  let type = meta?.type;
  if (Array.isArray(type)) type = type[0];
  if (typeof type === 'function' && !type.prototype) type = (type as () => unknown)();
  if (Array.isArray(type)) type = type[0];
  return typeof type === 'function' && !PRIMITIVES.has(type) ? (type as Class) : undefined;
}

function requestClasses(): Map<string, Class> {
  const byName = new Map<string, Class>();
  const all = (storage as unknown as { validationMetadatas: Map<Class, unknown> }).validationMetadatas;
  for (const target of all.keys()) if (typeof target === 'function') byName.set(target.name, target);
  return byName;
}

function addProblem(op: Operation, status: number): void {
  op.responses ??= {};
  op.responses[status] ??= problemResponse([{ status }]);
}

/**
 * The OpenAPI document of the service, as served at /docs-json and linted by `npm run lint:openapi`. On top of
 * what @nestjs/swagger reads from the decorators, it states what the framework does the same way on every route:
 * who needs a token, the validation rules of request bodies and queries, and the problems every route of a kind
 * answers (see src/common/openapi/problems.ts).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Remote Hearings')
      .setDescription(
        'Remote criminal hearings over video: scheduling, video rooms, plea-leniency outcomes. ' +
          'Errors are application/problem+json (RFC 9457) with a stable `code`.',
      )
      .setVersion('1')
      .addServer('/', 'This server')
      .addBearerAuth()
      .setLicense('UNLICENSED', 'https://remote-hearings.example/license')
      .build(),
    { extraModels: [Problem, BadRequestProblem, PreconditionFailedProblem] },
  );
  const facts = routeFacts(app);
  const byName = requestClasses();
  const seen = new Set<string>();
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods as Record<string, Operation>)) {
      if (typeof op !== 'object' || !op.operationId) continue;
      const f = facts.get(op.operationId as string);
      if (!f) continue;
      op.security = f.isPublic ? [] : [{ bearer: [] }];
      if (!f.isPublic) addProblem(op, 401);
      if (f.hasRoles) addProblem(op, 403);
      const params = (op.parameters ?? []) as Array<{
        name: string;
        in: string;
        required?: boolean;
        schema: Schema;
      }>;
      const queryRules = f.query ? rulesOf(f.query) : undefined;
      for (const p of params) {
        if (p.in === 'path' && f.uuidParams.has(p.name)) p.schema = { ...p.schema, type: 'string', format: 'uuid' };
        const rules = p.in === 'query' ? queryRules?.get(p.name) : undefined;
        if (rules) {
          if (rules.some((r) => r.name === 'isArray') && p.schema.type !== 'array') {
            // A list in the query is comma-separated (`?defendantIds=a,b`), not a repeated parameter.
            Object.assign(p, { style: 'form', explode: false });
            p.schema = { type: 'array', items: { type: 'string' } };
          }
          applyRules(p.schema, rules);
          p.required = !isOptional(rules);
        }
      }
      if (params.length > 0) addProblem(op, 400);
      if (params.some((p) => p.in === 'path')) addProblem(op, 414);
      if (f.body) {
        describeRequestSchema(doc, f.body, byName, seen);
        addProblem(op, 400);
        addProblem(op, 413);
        addProblem(op, 415);
      }
    }
  }
  return doc;
}

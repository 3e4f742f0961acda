import { createHash } from 'node:crypto';
import { PreconditionRequiredError, ValidationFailedError } from '../../common/errors/domain-error';

/** `If-Match: *`: whatever version is current (RFC 9110 §13.1.1: the resource exists). */
export const ANY_VERSION = '*';
/** The version a change is meant for: the one the client read, or any. */
export type ExpectedVersion = number | typeof ANY_VERSION;

/**
 * The version a client says it is changing, from `If-Match: "<version>"` (a weak `W/"3"` and a bare `3` are
 * read the same way), or `*` for any. Missing → 428; not a version → 400.
 */
export function parseIfMatch(header: string | string[] | undefined): ExpectedVersion {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw new PreconditionRequiredError(
      'Send If-Match: "<version>" with the version you read (the ETag of GET /hearings/:id)',
    );
  }
  if (value.trim() === ANY_VERSION) return ANY_VERSION;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw ValidationFailedError.field('If-Match', 'must be the ETag of the hearing, e.g. "3", or *');
  return Number(match[1]);
}

/** The ETag of a version: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** A fingerprint of a request body that ignores key order, for Idempotency-Key checks. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** A valid Idempotency-Key header, or undefined when none was sent. 1..200 visible ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (!KEY.test(value))
    throw ValidationFailedError.field('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
  return value;
}

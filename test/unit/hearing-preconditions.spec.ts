import {
  ANY_VERSION,
  etagOf,
  parseIdempotencyKey,
  parseIfMatch,
  requestFingerprint,
} from '../../src/modules/hearings/http-preconditions';

describe('If-Match on a hearing', () => {
  it('reads the version from a strong, weak or bare ETag', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch(etagOf(42))).toBe(42);
  });

  it('reads * as any current version (RFC 9110)', () => {
    expect(parseIfMatch('*')).toBe(ANY_VERSION);
    expect(parseIfMatch(' * ')).toBe(ANY_VERSION);
  });

  it('asks for it when missing (428) and refuses what is not a version (400)', () => {
    expect(() => parseIfMatch(undefined)).toThrow(
      expect.objectContaining({ status: 428, code: 'PRECONDITION_REQUIRED' }),
    );
    expect(() => parseIfMatch('  ')).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => parseIfMatch('**')).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
    expect(() => parseIfMatch('"abc"')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('Idempotency keys', () => {
  it('fingerprints a body regardless of key order, and tells different bodies apart', () => {
    const a = requestFingerprint({ caseId: 'x', kind: 'trial', nested: { b: 1, a: [1, 2] } });
    const b = requestFingerprint({ nested: { a: [1, 2], b: 1 }, kind: 'trial', caseId: 'x' });
    expect(a).toBe(b);
    expect(requestFingerprint({ caseId: 'x', kind: 'trial', nested: { b: 1, a: [2, 1] } })).not.toBe(a);
    expect(requestFingerprint({ caseId: 'x', notes: undefined })).toBe(requestFingerprint({ caseId: 'x' }));
  });

  it('accepts 1 to 200 visible characters, and no header at all', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('8f2c-retry')).toBe('8f2c-retry');
    expect(() => parseIdempotencyKey('')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseIdempotencyKey('has space')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseIdempotencyKey('k'.repeat(201))).toThrow(expect.objectContaining({ status: 400 }));
  });
});

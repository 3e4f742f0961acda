import { parseInstant, parseIsoInstant, toLocalIso, isValidTimeZone } from '../../src/common/time/local-time';
import { ValidationFailedError } from '../../src/common/errors/domain-error';

describe('reading times given by a clerk', () => {
  it('takes an instant with an offset as is', () => {
    expect(parseInstant('2026-03-09T09:00:00+08:00', 'Asia/Shanghai', 'startsAt').toISO()).toBe(
      '2026-03-09T01:00:00.000Z',
    );
    expect(parseInstant('2026-03-09T01:00:00Z', 'Europe/London', 'startsAt').toISO()).toBe('2026-03-09T01:00:00.000Z');
  });

  it('reads a wall-clock time in the organization zone', () => {
    expect(parseInstant('2026-07-01T09:30', 'Europe/London', 'startsAt').toISO()).toBe('2026-07-01T08:30:00.000Z');
    expect(parseInstant('2026-01-15T09:30', 'America/New_York', 'startsAt').toISO()).toBe('2026-01-15T14:30:00.000Z');
  });

  it('refuses a wall-clock time skipped by spring forward, naming the field', () => {
    // 2026-03-08 02:30 does not exist in New York; 2026-03-29 01:30 does not exist in London.
    for (const [value, zone] of [
      ['2026-03-08T02:30', 'America/New_York'],
      ['2026-03-29T01:30', 'Europe/London'],
    ]) {
      try {
        parseInstant(value, zone, 'startsAt');
        throw new Error('expected a refusal');
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationFailedError);
        expect((err as ValidationFailedError).extra.errors).toEqual([
          { field: 'startsAt', message: expect.stringMatching(/does not exist/) },
        ]);
      }
    }
  });

  it('asks for an offset when a wall-clock time occurs twice (fall back)', () => {
    expect(() => parseInstant('2026-11-01T01:30', 'America/New_York', 'startsAt')).toThrow(/occurs twice/);
    expect(() => parseInstant('2026-10-25T01:30', 'Europe/London', 'startsAt')).toThrow(/occurs twice/);
    expect(parseInstant('2026-11-01T01:30-05:00', 'America/New_York', 'startsAt').toISO()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
  });

  it('has no daylight saving in Asia/Shanghai', () => {
    expect(parseInstant('2026-03-08T02:30', 'Asia/Shanghai', 'startsAt').toISO()).toBe('2026-03-07T18:30:00.000Z');
  });

  it('refuses a six-digit year that PostgreSQL cannot store, naming the field', () => {
    for (const value of ['-010000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z']) {
      expect(() => parseInstant(value, 'Asia/Shanghai', 'startsAt')).toThrow(ValidationFailedError);
      expect(() => parseIsoInstant(value, 'from')).toThrow(/from: must be between the years 0001 and 9999/);
    }
  });

  it('reads a query instant in every ISO 8601 form the validator lets through, in UTC without an offset', () => {
    for (const value of ['2026-W05-3', '2026-028', '20260128T000000Z', '2026-01-28']) {
      expect(parseIsoInstant(value, 'from').toISOString()).toBe('2026-01-28T00:00:00.000Z');
    }
    expect(parseIsoInstant('2026-01-28T10:00:00,5+08:00', 'from').toISOString()).toBe('2026-01-28T02:00:00.500Z');
  });

  it('shows instants with the local offset', () => {
    expect(toLocalIso(new Date('2026-07-01T08:30:00Z'), 'Europe/London')).toBe('2026-07-01T09:30:00+01:00');
    expect(toLocalIso(new Date('2026-12-01T08:30:00Z'), 'Europe/London')).toBe(
      '2026-12-01T08:30:00Z'.replace('Z', '+00:00'),
    );
  });

  it('accepts only IANA zone names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('UTC+8')).toBe(false);
  });
});

import { DateTime } from 'luxon';
import {
  canonicalTimeZone,
  isValidTimeZone,
  parseInstant,
  parseIsoInstant,
  toLocalIso,
  toUtcIso,
} from '../../src/common/time/local-time';
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

  it('refuses instants outside the years 2000 to 2999, naming the field', () => {
    for (const value of [
      '-010000-01-01T00:00:00Z',
      '+010000-01-01T00:00:00Z',
      '9999-12-31T09:00',
      '0001-01-01T09:00',
      '1999-12-31T23:59:59Z',
      '3000-01-01T00:00:00Z',
      '2999-12-31T23:30:00-01:00',
    ]) {
      expect(() => parseInstant(value, 'Asia/Shanghai', 'startsAt')).toThrow(
        /startsAt: must lie between 2000-01-01T00:00:00Z and 3000-01-01T00:00:00Z/,
      );
      expect(() => parseIsoInstant(value, 'from')).toThrow(/from: must lie between/);
    }
    expect(parseInstant('2000-01-01T00:00:00Z', 'Asia/Shanghai', 'startsAt').toISO()).toBe('2000-01-01T00:00:00.000Z');
    expect(parseIsoInstant('2999-12-31T23:59:59Z', 'to').toISOString()).toBe('2999-12-31T23:59:59.000Z');
  });

  it('refuses offsets no clock shows and the hour 24', () => {
    for (const value of [
      '2027-01-28T10:00:00+25:00',
      '2027-01-28T10:00:00+14:30',
      '2027-01-28T10:00:00-13:00',
      '2027-01-28T10:00:00+08:60',
      '20270128T100000+2500',
      '2027-01-28T24:00:00Z',
      '2027-01-28T24:00:00+08:00',
    ]) {
      expect(() => parseInstant(value, 'Asia/Shanghai', 'startsAt')).toThrow(ValidationFailedError);
      expect(() => parseIsoInstant(value, 'from')).toThrow(ValidationFailedError);
    }
    expect(() => parseInstant('2027-01-28T24:00', 'Asia/Shanghai', 'startsAt')).toThrow(/startsAt/);
    expect(parseInstant('2027-01-28T10:00:00+14:00', 'Asia/Shanghai', 'startsAt').toISO()).toBe(
      '2027-01-27T20:00:00.000Z',
    );
    expect(parseInstant('2027-01-28T10:00:00-12:00', 'Asia/Shanghai', 'startsAt').toISO()).toBe(
      '2027-01-28T22:00:00.000Z',
    );
  });

  it('asks for an offset when a daylight-saving change of any size repeats the wall-clock time', () => {
    // Lord Howe Island falls back 30 minutes, Troll station 2 hours.
    expect(() => parseInstant('2027-04-04T01:45', 'Australia/Lord_Howe', 'startsAt')).toThrow(/occurs twice/);
    expect(() => parseInstant('2027-10-31T01:30', 'Antarctica/Troll', 'startsAt')).toThrow(/occurs twice/);
    expect(() => parseInstant('2027-10-31T02:59', 'Antarctica/Troll', 'startsAt')).toThrow(/occurs twice/);
    expect(parseInstant('2027-10-31T03:00', 'Antarctica/Troll', 'startsAt').toISO()).toBe('2027-10-31T03:00:00.000Z');
    expect(parseInstant('2027-04-04T01:45+11:00', 'Australia/Lord_Howe', 'startsAt').toISO()).toBe(
      '2027-04-03T14:45:00.000Z',
    );
    expect(parseInstant('2027-04-04T02:00', 'Australia/Lord_Howe', 'startsAt').toISO()).toBe(
      '2027-04-03T15:30:00.000Z',
    );
  });

  it('refuses a wall-clock time that a daylight-saving change of any size skips', () => {
    // Lord Howe springs forward 30 minutes (02:00 → 02:30), Troll 2 hours (01:00 → 03:00).
    expect(() => parseInstant('2027-10-03T02:15', 'Australia/Lord_Howe', 'startsAt')).toThrow(/does not exist/);
    expect(() => parseInstant('2027-03-28T02:30', 'Antarctica/Troll', 'startsAt')).toThrow(/does not exist/);
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
    expect(isValidTimeZone('CST')).toBe(false);
    expect(isValidTimeZone('EST')).toBe(false);
    expect(isValidTimeZone('+08:00')).toBe(false);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('names a zone by its canonical IANA spelling, whatever the case typed', () => {
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('AMERICA/NEW_YORK')).toBe('America/New_York');
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    for (const utc of ['UTC', 'utc', 'Etc/UTC', 'etc/utc', 'Etc/GMT', 'GMT'])
      expect(canonicalTimeZone(utc)).toBe('UTC');
  });
});

describe('toUtcIso', () => {
  it('writes the same text as luxon for instants of every era, with and without milliseconds', () => {
    const samples = [
      Date.parse('0000-01-01T00:00:00Z'),
      Date.parse('0999-12-31T23:59:59.999Z'),
      Date.parse('1969-12-31T23:59:59.500Z'),
      0,
      Date.parse('2026-03-09T01:00:00Z'),
      Date.parse('2026-03-09T01:00:00.007Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('-000001-06-01T00:00:00Z'),
      Date.parse('+010000-01-01T00:00:00Z'),
    ];
    for (let i = 0; i < 200; i++) samples.push(Math.round((Math.random() - 0.3) * 1e13));
    for (const ms of samples) {
      const expected = DateTime.fromMillis(ms).toUTC().toISO({ suppressMilliseconds: true });
      expect(toUtcIso(new Date(ms))).toBe(expected);
      expect(toUtcIso(DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' }))).toBe(expected);
    }
  });
});

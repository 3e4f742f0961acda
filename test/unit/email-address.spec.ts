import { normalizeEmail } from '../../src/modules/users/email-address';

describe('one normalization of e-mail addresses', () => {
  it('trims and lower-cases plain addresses', () => {
    expect(normalizeEmail('  Li.Ming@Court.Example ')).toBe('li.ming@court.example');
  });

  it('folds the dotted capital I (U+0130), which JavaScript and PostgreSQL lower-case differently, to i', () => {
    expect(normalizeEmail('adm\u0130n@test.local')).toBe('admin@test.local');
    expect(normalizeEmail('ADM\u0130N@TEST.LOCAL')).toBe('admin@test.local');
  });

  it('gives composed and decomposed accents, fullwidth letters and ligatures one form', () => {
    expect(normalizeEmail('Jos\u00e9@x.example')).toBe(normalizeEmail('jose\u0301@x.example'));
    expect(normalizeEmail('\uff41dmin@test.local')).toBe('admin@test.local');
    expect(normalizeEmail('\ufb01le@x.example')).toBe('file@x.example');
  });

  it('keeps Hangul syllables whole', () => {
    expect(normalizeEmail('\ud55c@x.example')).toBe('\ud55c@x.example');
  });
});

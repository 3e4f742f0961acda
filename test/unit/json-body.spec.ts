import { assertJsonDepth, declaredCharset, jsonBodyText } from '../../src/common/http/json-body';

describe('reading a JSON body', () => {
  it('counts only the brackets outside strings, escaped quotes included', () => {
    expect(() => assertJsonDepth(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 2)).not.toThrow();
    expect(() => assertJsonDepth('[[[]]]', 3)).not.toThrow();
    expect(() => assertJsonDepth('[[[[]]]]', 3)).toThrow(/deeper than 3 levels/);
    expect(() => assertJsonDepth('[{"a":[{}]}]', 3)).toThrow(/deeper than 3 levels/);
  });

  it('reads the declared charset, quoted or not, in any case', () => {
    expect(declaredCharset('application/json')).toBeUndefined();
    expect(declaredCharset('application/json; charset=UTF-8')).toBe('utf-8');
    expect(declaredCharset('application/json;charset="latin1"')).toBe('latin1');
  });

  it('refuses other charsets and bytes that are not UTF-8', () => {
    expect(jsonBodyText(Buffer.from('{"a":"法院"}'), 'application/json; charset=utf8')).toBe('{"a":"法院"}');
    expect(() => jsonBodyText(Buffer.from('{}'), 'application/json; charset=utf-16')).toThrow(/must be UTF-8/);
    expect(() => jsonBodyText(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), undefined)).toThrow(/not valid UTF-8/);
  });
});

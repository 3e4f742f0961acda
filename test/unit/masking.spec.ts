import { maskEmail, maskIdNumber, maskName } from '../../src/modules/audit/masking';

describe('masking personal data', () => {
  it('shows the last 4 characters of a resident identity number', () => {
    expect(maskIdNumber('110101199001011234')).toBe('**************1234');
  });

  it('hides at least two thirds of a short number', () => {
    expect(maskIdNumber('E1234567')).toBe('******67');
    expect(maskIdNumber('G12345678')).toBe('******678');
    expect(maskIdNumber('AB12')).toBe('***2');
    expect(maskIdNumber('AB')).toBe('**');
  });

  it('keeps the first character of a name and of an e-mail', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
    expect(maskEmail('li.ming@firm.cn')).toBe('l***@firm.cn');
    expect(maskIdNumber(null)).toBeNull();
  });
});

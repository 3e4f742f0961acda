import {
  defenseLawyerProblem,
  organizationProblem,
  prosecutorProblem,
  repeatedPositions,
} from '../../src/modules/cases/case-rules';

const PROCURATORATE = 'b6f1c1de-0000-4000-8000-000000000001';

describe('Who may play which part in a case', () => {
  it('wants the court to be a court and the procuratorate a procuratorate', () => {
    expect(organizationProblem({ kind: 'court' }, 'court')).toBeNull();
    expect(organizationProblem({ kind: 'detention_center' }, 'court')).toBe('is a detention center, not a court');
    expect(organizationProblem({ kind: 'court' }, 'procuratorate')).toBe('is a court, not a procuratorate');
    expect(organizationProblem(undefined, 'court')).toBe('no organization has this id');
  });

  it("wants the prosecutor to be an active prosecutor of the case's procuratorate", () => {
    expect(
      prosecutorProblem({ role: 'prosecutor', organizationId: PROCURATORATE, active: true }, PROCURATORATE),
    ).toBeNull();
    expect(prosecutorProblem({ role: 'judge', organizationId: PROCURATORATE, active: true }, PROCURATORATE)).toBe(
      'is a judge, not a prosecutor',
    );
    expect(prosecutorProblem({ role: 'prosecutor', organizationId: 'elsewhere', active: true }, PROCURATORATE)).toBe(
      'is not a prosecutor of this procuratorate',
    );
    // A deactivated account is answered as an unknown id, whatever it was.
    for (const role of ['prosecutor', 'judge'] as const)
      expect(prosecutorProblem({ role, organizationId: PROCURATORATE, active: false }, PROCURATORATE)).toBe(
        prosecutorProblem(undefined, PROCURATORATE),
      );
    expect(prosecutorProblem(undefined, PROCURATORATE)).toBe('no active user has this id');
  });

  it('wants a defense lawyer to be an active lawyer, of any firm', () => {
    expect(defenseLawyerProblem({ role: 'lawyer', organizationId: 'any firm', active: true })).toBeNull();
    expect(defenseLawyerProblem({ role: 'detention_officer', organizationId: 'c', active: true })).toBe(
      'is a detention officer, not a lawyer',
    );
    expect(defenseLawyerProblem({ role: 'lawyer', organizationId: 'f', active: false })).toBe(
      defenseLawyerProblem(undefined),
    );
    expect(defenseLawyerProblem({ role: 'clerk', organizationId: 'c', active: false })).toBe(
      defenseLawyerProblem(undefined),
    );
    expect(defenseLawyerProblem(undefined)).toBe('no active user has this id');
  });
});

describe('A defendant listed more than once', () => {
  it('is reported at every repeat, never at the first mention', () => {
    expect(repeatedPositions(['a', 'b', 'a', 'c', 'a', 'b'])).toEqual([2, 4, 5]);
    expect(repeatedPositions(['a', 'b', 'c'])).toEqual([]);
    expect(repeatedPositions([])).toEqual([]);
  });
});

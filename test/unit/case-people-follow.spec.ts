import { movesNothing, peopleToMove } from '../../src/modules/hearings/case-people-follow';

describe('peopleToMove: which people of a booked hearing follow a change of its case', () => {
  const none = { prosecutor: null, defenseLawyers: [] };

  it('hands a hearing held by the old prosecutor to the new one, and leaves one a colleague stood in for', () => {
    const change = { prosecutor: { from: 'p1', to: 'p2' }, defenseLawyers: [] };
    expect(
      peopleToMove({ prosecutorId: 'p1', defendantIds: ['d1'], defenseLawyerIds: [] }, change, new Map()).prosecutor,
    ).toEqual({ from: 'p1', to: 'p2' });
    const stoodIn = peopleToMove({ prosecutorId: 'p9', defendantIds: ['d1'], defenseLawyerIds: [] }, change, new Map());
    expect(movesNothing(stoodIn)).toBe(true);
  });

  it("swaps the defendant's lawyer only in hearings that defendant attends", () => {
    const change = { ...none, defenseLawyers: [{ defendantId: 'd1', from: 'l1', to: 'l2' }] };
    const after = new Map([['d1', 'l2']]);
    expect(peopleToMove({ prosecutorId: 'p', defendantIds: ['d1'], defenseLawyerIds: ['l1'] }, change, after)).toEqual({
      prosecutor: null,
      lawyersOut: ['l1'],
      lawyersIn: [{ lawyerId: 'l2', defendantId: 'd1' }],
    });
    expect(
      movesNothing(peopleToMove({ prosecutorId: 'p', defendantIds: ['d2'], defenseLawyerIds: ['l1'] }, change, after)),
    ).toBe(true);
  });

  it('keeps a lawyer who still defends a co-defendant attending the hearing', () => {
    const change = { ...none, defenseLawyers: [{ defendantId: 'd1', from: 'l1', to: null }] };
    const after = new Map<string, string | null>([
      ['d1', null],
      ['d2', 'l1'],
    ]);
    const move = peopleToMove(
      { prosecutorId: 'p', defendantIds: ['d1', 'd2'], defenseLawyerIds: ['l1'] },
      change,
      after,
    );
    expect(movesNothing(move)).toBe(true);
    // The co-defendant does not attend: the lawyer leaves.
    expect(
      peopleToMove({ prosecutorId: 'p', defendantIds: ['d1'], defenseLawyerIds: ['l1'] }, change, after).lawyersOut,
    ).toEqual(['l1']);
  });

  it('moves nothing when two co-defendants swap lawyers who both attend', () => {
    const change = {
      ...none,
      defenseLawyers: [
        { defendantId: 'd1', from: 'l1', to: 'l2' },
        { defendantId: 'd2', from: 'l2', to: 'l1' },
      ],
    };
    const after = new Map([
      ['d1', 'l2'],
      ['d2', 'l1'],
    ]);
    expect(
      movesNothing(
        peopleToMove({ prosecutorId: 'p', defendantIds: ['d1', 'd2'], defenseLawyerIds: ['l1', 'l2'] }, change, after),
      ),
    ).toBe(true);
  });

  it('adds a lawyer to a place left empty, once for two defendants given the same lawyer', () => {
    const change = {
      ...none,
      defenseLawyers: [
        { defendantId: 'd1', from: null, to: 'l3' },
        { defendantId: 'd2', from: 'l9', to: 'l3' },
      ],
    };
    const after = new Map([
      ['d1', 'l3'],
      ['d2', 'l3'],
    ]);
    expect(
      peopleToMove({ prosecutorId: 'p', defendantIds: ['d1', 'd2'], defenseLawyerIds: [] }, change, after),
    ).toEqual({ prosecutor: null, lawyersOut: [], lawyersIn: [{ lawyerId: 'l3', defendantId: 'd1' }] });
  });
});

import type { Actor, Role } from '../../../src/common/http/request-context';
import { visibleHearingFilter } from '../../../src/modules/statistics/stats-visibility';

const actor = (role: Role, organizationId: string | null = 'mine'): Actor => ({ id: 'u', role, organizationId });

describe('whose hearings a caller counts', () => {
  it("forces the caller's own organization in, keeping the other filters asked for", () => {
    expect(visibleHearingFilter(actor('clerk'), { detentionCenterId: 'dc' })).toEqual({
      courtId: 'mine',
      procuratorateId: null,
      detentionCenterId: 'dc',
    });
    expect(visibleHearingFilter(actor('judge'), { courtId: 'mine' })).toMatchObject({ courtId: 'mine' });
    expect(visibleHearingFilter(actor('prosecutor'), { courtId: 'c' })).toEqual({
      courtId: 'c',
      procuratorateId: 'mine',
      detentionCenterId: null,
    });
    expect(visibleHearingFilter(actor('detention_officer'), {})).toEqual({
      courtId: null,
      procuratorateId: null,
      detentionCenterId: 'mine',
    });
    expect(visibleHearingFilter(actor('admin', null), { courtId: 'c' })).toEqual({
      courtId: 'c',
      procuratorateId: null,
      detentionCenterId: null,
    });
  });

  it("refuses another court's or center's hearings, and lawyers altogether", () => {
    expect(() => visibleHearingFilter(actor('clerk'), { courtId: 'other' })).toThrow(/court/);
    expect(() => visibleHearingFilter(actor('detention_officer'), { detentionCenterId: 'other' })).toThrow(/center/);
    expect(() => visibleHearingFilter(actor('lawyer'), {})).toThrow();
  });
});

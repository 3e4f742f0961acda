import type { Actor } from '../../src/common/http/request-context';
import { mayReadFreeText, redactFreeText } from '../../src/kernel/access/free-text-readers';

const scope = { courtId: 'court-a', procuratorateId: 'proc-a' };
const actor = (role: Actor['role'], organizationId: string | null): Actor => ({
  id: `${role}-1`,
  role,
  organizationId,
});

describe('Who reads the free text of a hearing of court A, prosecuted by procuratorate A', () => {
  it('is its writers: admins, the clerks and judges of court A, the prosecutors of procuratorate A', () => {
    for (const reader of [
      actor('admin', null),
      actor('clerk', 'court-a'),
      actor('judge', 'court-a'),
      actor('prosecutor', 'proc-a'),
    ])
      expect([reader.role, mayReadFreeText(reader, scope)]).toEqual([reader.role, true]);
  });

  it('is never the defense lawyer, the detention officer, or a court or procuratorate elsewhere', () => {
    for (const reader of [
      actor('lawyer', 'firm-a'),
      actor('detention_officer', 'center-a'),
      actor('clerk', 'court-b'),
      actor('judge', 'court-b'),
      // A sitting's former prosecutor, moved to another procuratorate, still sees the sitting, not its free text.
      actor('prosecutor', 'proc-b'),
      actor('prosecutor', 'court-a'),
    ])
      expect([reader.role, reader.organizationId, mayReadFreeText(reader, scope)]).toEqual([
        reader.role,
        reader.organizationId,
        false,
      ]);
    expect(mayReadFreeText(actor('prosecutor', 'proc-a'), { courtId: 'court-a', procuratorateId: null })).toBe(false);
  });
});

describe('A view redacted for a reader', () => {
  const entry = {
    action: 'cancel',
    notes: 'interpreter',
    before: { status: 'scheduled', hoursOverrideReason: 'late', cancelReason: null, hasNotes: true },
    after: { status: 'cancelled', hoursOverrideReason: 'late', cancelReason: '张三 is ill' },
    hearings: [{ id: 'h1', notes: 'n', attentionReasons: [{ code: 'DEFENDANT_RELEASED' }] }],
    at: new Date(0),
  };

  it('nulls every free-text field at any depth for those who may not read it, and keeps the rest', () => {
    expect(redactFreeText(actor('lawyer', 'firm-a'), scope, entry)).toEqual({
      action: 'cancel',
      notes: null,
      before: { status: 'scheduled', hoursOverrideReason: null, cancelReason: null, hasNotes: true },
      after: { status: 'cancelled', hoursOverrideReason: null, cancelReason: null },
      hearings: [{ id: 'h1', notes: null, attentionReasons: [{ code: 'DEFENDANT_RELEASED' }] }],
      at: new Date(0),
    });
    expect(entry.after.cancelReason).toBe('张三 is ill'); // the original is left alone
  });

  it('is the view itself for its writers', () => {
    expect(redactFreeText(actor('clerk', 'court-a'), scope, entry)).toBe(entry);
  });
});

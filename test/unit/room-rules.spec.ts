import { roomKindMismatch } from '../../src/modules/directory/room-rules';

describe('Which organizations may hold which rooms', () => {
  it('gives courtrooms to courts only', () => {
    expect(roomKindMismatch('courtroom', 'court')).toBeNull();
    expect(roomKindMismatch('courtroom', 'procuratorate')).toBe(
      'a courtroom belongs to courts, not to a procuratorate',
    );
    expect(roomKindMismatch('courtroom', 'detention_center')).toBe(
      'a courtroom belongs to courts, not to a detention center',
    );
    expect(roomKindMismatch('courtroom', 'law_firm')).toBe('a courtroom belongs to courts, not to a law firm');
  });

  it('gives video rooms to detention centers, courts and procuratorates, never to law firms', () => {
    expect(roomKindMismatch('video_room', 'detention_center')).toBeNull();
    expect(roomKindMismatch('video_room', 'court')).toBeNull();
    expect(roomKindMismatch('video_room', 'procuratorate')).toBeNull();
    expect(roomKindMismatch('video_room', 'law_firm')).toBe(
      'a video room belongs to courts, procuratorates or detention centers, not to a law firm',
    );
  });
});

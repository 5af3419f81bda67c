import { VerifiedConversations } from '../../bot/webchat/verifiedConversations.js';

describe('VerifiedConversations', () => {
  it('forgets a conversation unused for longer than the idle time', () => {
    let now = 0;
    const verified = new VerifiedConversations({ idleMs: 1000, now: () => now });
    verified.record('c1', 'anna');
    now = 900;
    expect(verified.userOf('c1')).toBe('anna');
    now = 1800; // 900 ms after its last use: still known
    expect(verified.userOf('c1')).toBe('anna');
    now = 2900;
    expect(verified.userOf('c1')).toBeUndefined();
    verified.record('c2', 'carla'); // recording prunes what expired
    expect(verified.size).toBe(1);
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const verified = new VerifiedConversations({ maxEntries: 2 });
    verified.record('c1', 'anna');
    verified.record('c2', 'bram');
    verified.userOf('c1');
    verified.record('c3', 'carla');
    expect(['c1', 'c2', 'c3'].map((c) => verified.userOf(c))).toEqual(['anna', undefined, 'carla']);
  });
});

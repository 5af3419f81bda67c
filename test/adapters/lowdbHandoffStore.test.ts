import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbHandoffStore } from '../../adapters/handoff/lowdbHandoffStore.js';

describe('LowdbHandoffStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'slb-handoffs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves transcripts a handoffs.json of the previous format holds inline into their own files', async () => {
    const id = '5a0c8a3e-8f3e-4d8a-9b1e-0c2d3e4f5a6b';
    const old = {
      id,
      conversationId: 'c1',
      reference: {},
      status: 'waiting',
      reason: 'r',
      requester: { userId: 'u', verified: false },
      createdAt: '2026-11-01T10:00:00.000Z',
      transcript: [{ from: 'user', text: 'oude regel', at: '2026-11-01T10:00:00.000Z' }],
    };
    writeFileSync(path.join(dir, 'handoffs.json'), JSON.stringify({ handoffs: [old] }));
    const store = new LowdbHandoffStore(dir);
    const [summary] = await store.list(['waiting']);
    expect(summary).not.toHaveProperty('transcript');
    expect(summary.id).toBe(id);
    await store.append(id, { from: 'user', text: 'nieuwe regel', at: '2026-11-01T10:01:00.000Z' });
    expect((await store.get(id))!.transcript.map((l) => l.text)).toEqual(['oude regel', 'nieuwe regel']);
    expect(readFileSync(path.join(dir, 'handoffs.json'), 'utf8')).not.toContain('oude regel');
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PERSONAS } from '../support/personas.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;

async function fileRequest(t: TestApp, chat: Chat, question: string): Promise<void> {
  await chat.say('Servicedesk');
  await chat.say(question);
  await chat.say('Ja, indienen');
}

describe('privacy (AVG/GDPR)', () => {
  it('exports and deletes one user\'s data, and leaves other users\' data alone', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-privacy-'));
    const t = await startTestApp({ SERVICEDESK_HOURS: 'altijd', DATA_DIR: dataDir });
    try {
      await fileRequest(t, new Chat(t, { as: 'anna' }), 'Vraag van Anna over de factuur');
      await fileRequest(t, new Chat(t, { as: 'carla' }), 'Vraag van Carla over de levering');
      await new Chat(t, { as: 'anna' }).say('kan ik een medewerker spreken');
      await t.close();

      const env = { ...process.env, DATA_DIR: dataDir };
      const exported = JSON.parse((await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.anna.aadObjectId], { env })).stdout);
      expect(exported.tickets.map((x: { fields: Array<{ value: string }> }) => x.fields[0].value)).toEqual(['Vraag van Anna over de factuur']);
      expect(exported.handoffs).toHaveLength(1);
      expect(exported.conversations.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(exported)).not.toContain('Carla');

      const deleted = JSON.parse((await run('npm', ['run', '--silent', 'privacy', '--', 'delete', '--user', PERSONAS.anna.aadObjectId], { env })).stdout);
      expect(deleted).toEqual({ tickets: 1, handoffs: 1, conversations: exported.conversations.length });
      const after = JSON.parse((await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.anna.aadObjectId], { env })).stdout);
      expect(after).toEqual({ user: PERSONAS.anna.aadObjectId, tickets: [], handoffs: [], conversations: [] });
      const carla = JSON.parse((await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.carla.aadObjectId], { env })).stdout);
      expect(carla.tickets).toHaveLength(1);
    } finally {
      await t.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('deletes expired tickets, conversations and feedback after the retention period', async () => {
    const t = await startTestApp({ RETENTION_DAYS_TICKETS: '365', RETENTION_DAYS_CONVERSATIONS: '30' });
    try {
      const chat = new Chat(t, { as: 'carla' });
      await fileRequest(t, chat, 'Een vraag die lang blijft liggen');
      await chat.say('Hoe zet ik de printer aan?');
      const privacy = t.app.privacy!;
      expect(await privacy.purgeExpired(new Date(Date.now() + 10 * DAY))).toEqual({ tickets: 0, handoffs: 0, conversations: 0, feedback: 0 });
      const monthLater = await privacy.purgeExpired(new Date(Date.now() + 31 * DAY));
      expect(monthLater).toEqual(expect.objectContaining({ tickets: 0, conversations: expect.any(Number), feedback: 1 }));
      expect(monthLater.conversations).toBeGreaterThanOrEqual(1);
      expect(await privacy.purgeExpired(new Date(Date.now() + 366 * DAY))).toEqual(expect.objectContaining({ tickets: 1 }));
      expect(await t.app.tickets.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

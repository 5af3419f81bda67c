import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DirectLineClient } from '../support/directLineClient.js';
import { PERSONAS } from '../support/personas.js';
import { signWebsiteAssertion } from '../support/websiteAssertion.js';
import { eventually } from '../support/eventually.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(path.join(dir, f)).isDirectory() ? filesUnder(path.join(dir, f)) : [path.join(dir, f)],
  );
const filesContaining = (dir: string, text: string) =>
  filesUnder(dir).filter((f) => readFileSync(f, 'utf8').includes(text));

async function fileRequest(t: TestApp, chat: Chat, question: string): Promise<void> {
  await chat.say('Servicedesk');
  await chat.say(question);
  await chat.say('Ja, indienen');
}

describe('privacy (AVG/GDPR)', () => {
  it("exports and deletes one user's data, and leaves other users' data alone", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-privacy-'));
    const t = await startTestApp({ SERVICEDESK_HOURS: 'altijd', DATA_DIR: dataDir, TRANSCRIPT_STORE: 'lowdb' });
    try {
      await fileRequest(t, new Chat(t, { as: 'anna' }), 'Vraag van Anna over de factuur');
      await fileRequest(t, new Chat(t, { as: 'carla' }), 'Vraag van Carla over de levering');
      await new Chat(t, { as: 'anna' }).say('kan ik een medewerker spreken');
      await t.close();

      const env = { ...process.env, DATA_DIR: dataDir };
      const exported = JSON.parse(
        (await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.anna.aadObjectId], { env }))
          .stdout,
      );
      expect(exported.tickets.map((x: { fields: Array<{ value: string }> }) => x.fields[0].value)).toEqual([
        'Vraag van Anna over de factuur',
      ]);
      expect(exported.handoffs).toHaveLength(1);
      expect(exported.conversations.length).toBeGreaterThanOrEqual(2);
      expect(
        exported.transcripts.filter((e: { from: string }) => e.from === 'user').map((e: { text: string }) => e.text),
      ).toEqual(['Servicedesk', 'Vraag van Anna over de factuur', 'Ja, indienen', 'kan ik een medewerker spreken']);
      expect(
        exported.transcripts.some(
          (e: { from: string; text: string }) => e.from === 'bot' && /referentie SD-/.test(e.text),
        ),
      ).toBe(true);
      expect(JSON.stringify(exported)).not.toContain('Carla');
      expect(filesContaining(dataDir, 'Vraag van Anna').length).toBeGreaterThan(0);

      const deleted = JSON.parse(
        (await run('npm', ['run', '--silent', 'privacy', '--', 'delete', '--user', PERSONAS.anna.aadObjectId], { env }))
          .stdout,
      );
      expect(deleted).toEqual({
        tickets: 1,
        handoffs: 1,
        conversations: exported.conversations.length,
        transcriptLines: exported.transcripts.length,
      });
      const after = JSON.parse(
        (await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.anna.aadObjectId], { env }))
          .stdout,
      );
      expect(after).toEqual({
        user: PERSONAS.anna.aadObjectId,
        tickets: [],
        handoffs: [],
        conversations: [],
        transcripts: [],
        webChat: [],
      });
      // Gone from disk, not only from view: no store file (state journal, snapshots, transcripts) still holds it.
      expect(filesContaining(dataDir, 'Vraag van Anna')).toEqual([]);
      expect(filesContaining(dataDir, 'Vraag van Carla').length).toBeGreaterThan(0);
      const carla = JSON.parse(
        (
          await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.carla.aadObjectId], {
            env,
          })
        ).stdout,
      );
      expect(carla.tickets).toHaveLength(1);
    } finally {
      await t.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('finds and deletes everything about a signed-in Web Chat user, by Entra object id: no file in DATA_DIR names her afterwards', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-privacy-webchat-'));
    const secret = 'website-and-bot-share-this-secret-of-32+chars';
    const t = await startTestApp({
      SERVICEDESK_HOURS: 'altijd',
      DATA_DIR: dataDir,
      TRANSCRIPT_STORE: 'lowdb',
      WEBCHAT_ASSERTION_SECRET: secret,
    });
    try {
      const assertion = await signWebsiteAssertion(PERSONAS.anna.aadObjectId, secret);
      const token = (await (
        await fetch(`${t.url}/api/webchat/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ assertion }),
        })
      ).json()) as { token: string; verified: boolean };
      expect(token.verified).toBe(true);
      const web = new DirectLineClient(t.url, token.token);
      await web.start();
      for (const text of [
        'wat zit er in mijn winkelwagen',
        'Servicedesk',
        'Vraag van Anna via de website',
        'Ja, indienen',
        'Mail me op anna.devries@demolyceum.nl of bel 06-12345678 over de printer',
        'kan ik een medewerker spreken',
      ]) {
        expect((await web.send(text)).status).toBe(200);
      }
      expect(await web.read()).toMatch(/wachtrij op positie/);
      await new Chat(t, { as: 'carla' }).say('Servicedesk');
      await t.close();

      // Unanswered questions are kept for editors without the personal data typed into them.
      const feedbackDir = path.join(dataDir, 'feedback');
      const feedback = readdirSync(feedbackDir)
        .map((name) => readFileSync(path.join(feedbackDir, name), 'utf8'))
        .join('\n');
      expect(feedback).toContain('[e-mailadres]');
      expect(feedback).toContain('[telefoonnummer]');
      expect(feedback).not.toMatch(/anna\.devries@demolyceum\.nl|12345678/);

      const env = { ...process.env, DATA_DIR: dataDir };
      const exported = JSON.parse(
        (await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--user', PERSONAS.anna.aadObjectId], { env }))
          .stdout,
      );
      expect(exported.tickets).toHaveLength(1);
      expect(exported.handoffs).toHaveLength(1);
      expect(exported.conversations).toHaveLength(1);
      // The embedded Web Chat conversation, with what she typed, is part of it (DATA_DIR/directline).
      expect(exported.webChat).toHaveLength(1);
      expect(JSON.stringify(exported.webChat)).toContain('Vraag van Anna via de website');
      expect(
        exported.transcripts.filter((e: { from: string }) => e.from === 'user').map((e: { text: string }) => e.text),
      ).toEqual(expect.arrayContaining(['wat zit er in mijn winkelwagen', 'Vraag van Anna via de website']));
      expect(
        exported.transcripts.some(
          (e: { from: string; text: string }) => e.from === 'bot' && /referentie SD-/.test(e.text),
        ),
      ).toBe(true);

      // Her name is in the ticket, the handoff, the conversation state and the transcripts before the delete ...
      const stores = (dir: string) =>
        filesContaining(dir, 'Anna de Vries').filter((f) => path.basename(f) !== 'portal.json');
      expect(stores(dataDir).length).toBeGreaterThan(0);
      await run('npm', ['run', '--silent', 'privacy', '--', 'delete', '--user', PERSONAS.anna.aadObjectId], { env });
      // ... and in no file afterwards (portal.json is the embedded stand-in for SLB's portal, the source system).
      expect(stores(dataDir)).toEqual([]);
      expect(filesContaining(dataDir, 'Demo Lyceum').filter((f) => path.basename(f) !== 'portal.json')).toEqual([]);
      expect(filesContaining(dataDir, 'Vraag van Anna via de website')).toEqual([]);
      expect(filesContaining(dataDir, PERSONAS.anna.aadObjectId)).toEqual([]);
      expect(filesContaining(dataDir, 'anna.devries@demolyceum.nl')).toEqual([]);
      expect(filesContaining(dataDir, '12345678')).toEqual([]);
    } finally {
      await t.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exports and deletes one conversation by its id', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-privacy-conv-'));
    const t = await startTestApp({ DATA_DIR: dataDir, TRANSCRIPT_STORE: 'lowdb' });
    try {
      const [visitor, other] = [new Chat(t), new Chat(t)];
      await visitor.say('Hoe vraag ik Office A1 licenties aan?');
      await other.say('Hoe vraag ik Office A1 licenties aan?');
      await t.close();
      const env = { ...process.env, DATA_DIR: dataDir };
      const exported = JSON.parse(
        (
          await run('npm', ['run', '--silent', 'privacy', '--', 'export', '--conversation', visitor.conversationId], {
            env,
          })
        ).stdout,
      );
      expect(exported.conversations).toHaveLength(1);
      expect(exported.transcripts.map((e: { text: string }) => e.text)).toContain(
        'Hoe vraag ik Office A1 licenties aan?',
      );
      expect(filesContaining(dataDir, visitor.conversationId).length).toBeGreaterThan(0);
      await run('npm', ['run', '--silent', 'privacy', '--', 'delete', '--conversation', visitor.conversationId], {
        env,
      });
      expect(filesContaining(dataDir, visitor.conversationId)).toEqual([]);
      expect(filesContaining(dataDir, other.conversationId).length).toBeGreaterThan(0);
    } finally {
      await t.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('deletes expired tickets, conversations and feedback after the retention period', async () => {
    const t = await startTestApp({
      RETENTION_DAYS_TICKETS: '365',
      RETENTION_DAYS_CONVERSATIONS: '30',
      TRANSCRIPT_STORE: 'lowdb',
    });
    try {
      const chat = new Chat(t, { as: 'carla' });
      await fileRequest(t, chat, 'Een vraag die lang blijft liggen');
      await chat.say('Hoe zet ik de printer aan?');
      const privacy = t.app.privacy!;
      await eventually(
        () => privacy.export(PERSONAS.carla.aadObjectId),
        (d) => d.transcripts.length >= 8,
      );
      expect(await privacy.purgeExpired(new Date(Date.now() + 10 * DAY))).toEqual({
        tickets: 0,
        handoffs: 0,
        conversations: 0,
        feedback: 0,
        transcriptLines: 0,
      });
      const monthLater = await privacy.purgeExpired(new Date(Date.now() + 31 * DAY));
      expect(monthLater).toEqual(
        expect.objectContaining({
          tickets: 0,
          conversations: expect.any(Number),
          feedback: 1,
          transcriptLines: expect.any(Number),
        }),
      );
      expect(monthLater.transcriptLines).toBeGreaterThanOrEqual(8);
      expect(monthLater.conversations).toBeGreaterThanOrEqual(1);
      expect(await privacy.purgeExpired(new Date(Date.now() + 366 * DAY))).toEqual(
        expect.objectContaining({ tickets: 1 }),
      );
      expect(await t.app.tickets.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

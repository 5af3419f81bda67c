import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { appIdFor } from '../../teams/teamsPackage.js';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const BOT_ID = '0f3c2b1a-1234-4abc-9def-0123456789ab';
const run = promisify(execFile);

// Through the real command in its own process: @microsoft/app-manifest require()s an ES module (strip-bom),
// which Node does and Jest's module loader does not.
describe('Teams app package (npm run teams:package)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'teams-package-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const teamsPackage = (botId: string) =>
    run('npm', ['run', '--silent', 'teams:package', '--', '--out', path.join(out, 'app.zip')], {
      env: { ...process.env, MicrosoftAppId: botId, MicrosoftAppPassword: 'x' },
    });

  it('builds a zip whose manifest validates against the Teams schema, with the configured bot id and the icon files', async () => {
    const { stdout } = await teamsPackage(BOT_ID);
    expect(stdout).toContain(`app id ${appIdFor(BOT_ID)}, bot id ${BOT_ID}`);
    const files = unzipSync(readFileSync(path.join(out, 'app.zip')));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.bots[0]).toEqual(expect.objectContaining({ botId: BOT_ID, scopes: ['personal'] }));
    expect(manifest.id).toBe(appIdFor(BOT_ID));
    expect(Buffer.from(files['color.png']).equals(readFileSync('teams/color.png'))).toBe(true);
    const size = (png: Uint8Array) => [Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20)];
    expect(size(files['color.png'])).toEqual([192, 192]);
    expect(size(files['outline.png'])).toEqual([32, 32]);
  }, 30_000);

  it('refuses a bot id that is not a Microsoft App ID', async () => {
    await expect(teamsPackage('my-bot')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/the bot id must be the Microsoft App ID/),
    });
  }, 30_000);

  it('reports schema violations', async () => {
    const script =
      "import { validateManifest } from './teams/teamsPackage.ts'; console.log(JSON.stringify(await validateManifest({ manifestVersion: '1.19', version: '1.0.0' })));";
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual(
      expect.arrayContaining([expect.stringMatching(/must have required property 'id'/)]),
    );
  }, 30_000);
});

describe('Teams conversations', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('greets on install in a personal chat', async () => {
    expect(texts(await new Chat(t, { as: 'anna' }).join())).toMatch(
      /Ik kan ook je eigen winkelwagen en bestellingen voor je opzoeken/,
    );
  });

  it('stays quiet in a group chat unless mentioned, and shows no account data there', async () => {
    const chat = new Chat(t, { as: 'anna' });
    const group = { id: chat.conversationId, conversationType: 'groupChat' };
    const unaddressed = await chat.post(
      chat.activity({ type: 'message', text: 'wat zit er in mijn winkelwagen', conversation: group }),
    );
    expect(unaddressed.replies).toHaveLength(0);
    const mention = {
      type: 'mention',
      mentioned: { id: 'bot', name: 'SLB assistent' },
      text: '<at>SLB assistent</at>',
    };
    const addressed = await chat.post(
      chat.activity({
        type: 'message',
        text: '<at>SLB assistent</at> wat zit er in mijn winkelwagen',
        conversation: group,
        entities: [mention],
      }),
    );
    expect(texts(addressed.replies)).toMatch(/moet ik weten wie je bent/);
    expect(texts(addressed.replies)).not.toMatch(/Demo Lyceum/);
    const faq = await chat.post(
      chat.activity({
        type: 'message',
        text: '<at>SLB assistent</at> Hoe vraag ik Office A1 licenties aan?',
        conversation: group,
        entities: [mention],
      }),
    );
    expect(texts(faq.replies)).toMatch(/Services kopen/);
  });

  it('accepts Adaptive Card submit values as the button text', async () => {
    const chat = new Chat(t, { as: 'carla' });
    const { replies } = await chat.post(
      chat.activity({ type: 'message', text: undefined, value: { text: 'Bekijk mijn bestellingen' } }),
    );
    expect(texts(replies)).toMatch(/ORD-2025-008765/);
  });
});

import { unzipSync } from 'fflate';
import { appIdFor, buildTeamsPackage, validateManifest } from '../../teams/teamsPackage.js';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const BOT_ID = '0f3c2b1a-1234-4abc-9def-0123456789ab';

describe('Teams app package', () => {
  it('builds a zip whose manifest validates against the Teams schema, with the configured bot id', () => {
    const files = unzipSync(buildTeamsPackage(BOT_ID).zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest.bots[0]).toEqual(expect.objectContaining({ botId: BOT_ID, scopes: ['personal'] }));
    expect(manifest.id).toBe(appIdFor(BOT_ID));
    const size = (png: Uint8Array) => [Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20)];
    expect(size(files['color.png'])).toEqual([192, 192]);
    expect(size(files['outline.png'])).toEqual([32, 32]);
  });

  it('refuses a bot id that is not a Microsoft App ID', () => {
    expect(() => buildTeamsPackage('my-bot')).toThrow(/the bot id must be the Microsoft App ID/);
  });

  it('reports schema violations', () => {
    expect(validateManifest({ manifestVersion: '1.19', version: '1.0.0' })).toEqual(expect.arrayContaining([expect.stringMatching(/must have required property 'id'/)]));
  });
});

describe('Teams conversations', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('greets on install in a personal chat', async () => {
    expect(texts(await new Chat(t, { as: 'anna' }).join())).toMatch(/Ik kan ook je eigen winkelwagen en bestellingen voor je opzoeken/);
  });

  it('stays quiet in a group chat unless mentioned, and shows no account data there', async () => {
    const chat = new Chat(t, { as: 'anna' });
    const group = { id: chat.conversationId, conversationType: 'groupChat' };
    const unaddressed = await chat.post(chat.activity({ type: 'message', text: 'wat zit er in mijn winkelwagen', conversation: group }));
    expect(unaddressed.replies).toHaveLength(0);
    const mention = { type: 'mention', mentioned: { id: 'bot', name: 'SLB assistent' }, text: '<at>SLB assistent</at>' };
    const addressed = await chat.post(chat.activity({ type: 'message', text: '<at>SLB assistent</at> wat zit er in mijn winkelwagen', conversation: group, entities: [mention] }));
    expect(texts(addressed.replies)).toMatch(/moet ik weten wie je bent/);
    expect(texts(addressed.replies)).not.toMatch(/Demo Lyceum/);
    const faq = await chat.post(chat.activity({ type: 'message', text: '<at>SLB assistent</at> Hoe vraag ik Office A1 licenties aan?', conversation: group, entities: [mention] }));
    expect(texts(faq.replies)).toMatch(/Services kopen/);
  });

  it('accepts Adaptive Card submit values as the button text', async () => {
    const chat = new Chat(t, { as: 'carla' });
    const { replies } = await chat.post(chat.activity({ type: 'message', text: undefined, value: { text: 'Bekijk mijn bestellingen' } }));
    expect(texts(replies)).toMatch(/ORD-2025-008765/);
  });
});

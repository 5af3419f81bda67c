import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import { Azurite } from '../support/azurite.js';
import { eventually } from '../support/eventually.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('two bot instances on one Azure Blob store for state and transcripts (Azurite)', () => {
  const azurite = new Azurite();
  let one: TestApp;
  let two: TestApp;
  let connectionString: string;
  beforeAll(async () => {
    connectionString = await azurite.start();
    const env = {
      STATE_STORE: 'blobs',
      TRANSCRIPT_STORE: 'blobs',
      AZURE_STORAGE_CONNECTION_STRING: connectionString,
      AZURE_STORAGE_CONTAINER: 'bot-state',
      AZURE_TRANSCRIPT_CONTAINER: 'bot-transcripts',
    };
    [one, two] = await Promise.all([startTestApp(env), startTestApp(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await azurite.stop();
  });

  it('serves one conversation alternately without losing dialog state', async () => {
    const viaOne = new Chat(one, { as: 'anna' });
    // The same conversation, routed to the other instance (as a load balancer without affinity would).
    const viaTwo = Object.assign(new Chat(two, { as: 'anna' }), { conversationId: viaOne.conversationId });
    expect(await viaOne.ask('ik wil de contactpersoon wijzigen')).toMatch(/Welke contactpersoon wil je wijzigen\?/);
    expect(await viaTwo.ask('Microsoft-contactpersoon')).toMatch(/Wat is de naam van de nieuwe contactpersoon\?/);
    expect(await viaOne.ask('Jan de Boer')).toMatch(/e-mailadres van de nieuwe contactpersoon/);
    expect(await viaTwo.ask('jan@demolyceum.nl')).toMatch(/Per wanneer gaat de wijziging in\?/);
    expect(await viaOne.ask('per direct')).toMatch(/Klopt dit\?[\s\S]*Jan de Boer[\s\S]*jan@demolyceum\.nl/);
    expect(await viaTwo.ask('Ja, indienen')).toMatch(/referentie SD-\d{4}-\d{6}/);

    // Both instances wrote the one transcript, in order, in the shared container.
    const store = new BlobsTranscriptStore(connectionString, 'bot-transcripts');
    const transcript = await eventually(
      async () => (await store.getTranscriptActivities('msteams', viaOne.conversationId)).items,
      (items) => items.some((a) => /referentie SD-/.test(a.text ?? '')),
      10_000,
    );
    const said = transcript.filter((a) => a.from.role === 'user').map((a) => a.text);
    expect(said).toEqual([
      'ik wil de contactpersoon wijzigen',
      'Microsoft-contactpersoon',
      'Jan de Boer',
      'jan@demolyceum.nl',
      'per direct',
      'Ja, indienen',
    ]);
    expect(transcript.every((a) => a.type === 'message')).toBe(true);
  }, 60_000);
});

import { Azurite } from '../support/azurite.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

describe('two bot instances on one Azure Blob state store (Azurite)', () => {
  const azurite = new Azurite();
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    const connectionString = await azurite.start();
    const env = { STATE_STORE: 'blobs', AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: 'bot-state' };
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
  }, 60_000);
});

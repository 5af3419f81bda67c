import { AgentClient } from '../support/agentClient.js';
import { requestFrom } from '../support/fromAddress.js';
import { Chat } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const PASSWORD = 'correct horse battery staple';

describe('agent login under attack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SERVICEDESK_HOURS: 'altijd' });
    await t.app.agents.setPassword('servicedesk', PASSWORD);
    await t.app.agents.setPassword('agent.two', PASSWORD);
  });
  afterAll(() => t.close());

  it('checks only the free attempts of 100 concurrent wrong logins, keeps chat turns fast, and lets the real agent in from another address', async () => {
    const chat = new Chat(t);
    await chat.say('hallo'); // warm-up: the first turn of a process builds caches
    const attacker = new AgentClient(t.url);
    const guesses = Promise.all(
      Array.from({ length: 100 }, (_, i) => attacker.login('servicedesk', `guess number ${i}`).then((r) => r.status)),
    );
    const started = Date.now();
    expect(await chat.ask('Hoe vraag ik Office A1 licenties aan?')).toMatch(/Services kopen/);
    const turnMs = Date.now() - started;
    const statuses = await guesses;
    // Each attempt counts before its hash: 3 free + the one that starts the 1 s lock-out are checked, the rest
    // refused; should the burst take longer than a second to arrive, one more per doubled lock-out gets through.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(94);
    expect(turnMs).toBeLessThan(2000);

    const real = await requestFrom('127.0.0.2', `${t.url}/agent/api/login`, 'POST', {
      username: 'servicedesk',
      password: PASSWORD,
    });
    expect(real.status).toBe(200);
    expect(real.headers['set-cookie']?.[0]).toMatch(/^slb_agent=/);
  });

  it('lets a colleague behind the same address log in while one username is locked out there', async () => {
    const login = (username: string, password: string) =>
      requestFrom('127.0.0.3', `${t.url}/agent/api/login`, 'POST', { username, password });
    for (let i = 0; i < 6; i++) await login('agent.two', 'typo typo typo');
    expect((await login('agent.two', PASSWORD)).status).toBe(429);
    expect((await login('servicedesk', PASSWORD)).status).toBe(200);
  });

  it('slows down an address that tries many usernames (a ceiling per address)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++)
      statuses.push(
        (
          await requestFrom('127.0.0.5', `${t.url}/agent/api/login`, 'POST', {
            username: `user${i}`,
            password: 'whatever it is',
          })
        ).status,
      );
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(21)).toEqual([429, 429, 429]);
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotProcess } from '../support/botProcess.js';
import { ReplyCollector } from '../support/replyCollector.js';
import { Chat, texts } from '../support/transcript.js';

const REFERENCE = /SD-\d{4}-\d{6}/g;

describe('a bot killed with SIGKILL right after confirming tickets', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-kill-'));
  const collector = new ReplyCollector();
  beforeAll(() => collector.start());
  afterAll(async () => {
    await collector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has every confirmed ticket after a restart, and intact store files', async () => {
    const confirmed: string[] = [];
    for (let round = 0; round < 3; round++) {
      const bot = new BotProcess({ DATA_DIR: dataDir });
      const url = await bot.start();
      const people = ['anna', 'carla', undefined, 'bram'] as const;
      const chats = people.map((as) => new Chat({ url, collector }, { as }));
      await Promise.all(
        chats.map(async (chat, i) => {
          await chat.say('Servicedesk');
          await chat.say(`Vraag ${round}-${i}: graag een kopie van de factuur`);
          if (!people[i]) await chat.say(`bezoeker${round}${i}@school.nl`);
        }),
      );
      const replies = await Promise.all(chats.map((chat) => chat.ask('Ja, indienen')));
      for (const reply of replies) confirmed.push(reply.match(REFERENCE)![0]);
      await bot.kill();
    }

    expect(new Set(confirmed).size).toBe(12);
    for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.json'))) {
      expect(() => JSON.parse(readFileSync(path.join(dataDir, file), 'utf8'))).not.toThrow();
    }
    const bot = new BotProcess({ DATA_DIR: dataDir });
    const url = await bot.start();
    try {
      const stored = JSON.parse(readFileSync(path.join(dataDir, 'tickets.json'), 'utf8')).tickets.map(
        (t: { reference: string }) => t.reference,
      );
      expect(stored).toEqual(expect.arrayContaining(confirmed));
      const carla = new Chat({ url, collector }, { as: 'carla' });
      const mine = texts(await carla.say('Mijn tickets'));
      expect(mine.match(REFERENCE)).toHaveLength(3);
    } finally {
      await bot.kill();
    }
  }, 90_000);
});

import { MemoryStorage, TestAdapter, TurnContext, type Activity, type StoreItems } from 'botbuilder';
import { MessageTurnState } from '../../bot/messageTurnState.js';

/** MemoryStorage that counts its writes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

const turn = (type: string) =>
  new TurnContext(new TestAdapter(), {
    type,
    channelId: 'test',
    conversation: { id: 'c1' },
    from: { id: 'u1' },
    recipient: { id: 'bot' },
  } as Partial<Activity>);

/** A state on counting storage, with one property. */
function setUp() {
  const storage = new CountingStorage();
  const state = new MessageTurnState(storage);
  return { storage, state, topic: state.createProperty<string>('topic') };
}

describe('MessageTurnState', () => {
  it('writes a message turn that read the state, and what it holds comes back next turn', async () => {
    const { storage, state, topic } = setUp();
    const first = turn('message');
    await topic.set(first, '1.5');
    await state.saveChanges(first);
    expect(storage.writes).toBe(1);
    const second = turn('message');
    expect(await topic.get(second)).toBe('1.5');
    await state.saveChanges(second);
    expect(storage.writes).toBe(2);
  });

  it('writes nothing for a turn that never read the state', async () => {
    const { storage, state } = setUp();
    await state.saveChanges(turn('message'));
    expect(storage.writes).toBe(0);
  });

  it('writes another kind of turn only when it changed the state', async () => {
    const { storage, state, topic } = setUp();
    const unchanged = turn('conversationUpdate');
    await topic.get(unchanged);
    await state.saveChanges(unchanged);
    expect(storage.writes).toBe(0);
    const changed = turn('conversationUpdate');
    await topic.set(changed, '2.1');
    await state.saveChanges(changed);
    expect(storage.writes).toBe(1);
    await state.saveChanges(changed);
    expect(storage.writes).toBe(1);
    expect(await topic.get(turn('message'))).toBe('2.1');
  });

  it('forgets the state on delete and writes a cleared state', async () => {
    const { storage, state, topic } = setUp();
    const first = turn('message');
    await topic.set(first, '1.5');
    await state.saveChanges(first);
    const update = turn('conversationUpdate');
    await topic.get(update);
    await state.clear(update);
    await state.saveChanges(update);
    expect(await topic.get(turn('message'))).toBeUndefined();
    await state.delete(turn('message'));
    expect(await storage.read(['test/conversations/c1'])).toEqual({});
  });
});

import { calculateChangeHash, ConversationState, type TurnContext } from 'botbuilder';

/** A turn's loaded state; `hash` only on turns that write on change (see below). */
interface Cached {
  state: Record<string, unknown>;
  hash?: string;
}

/**
 * Conversation state that a message turn always writes back (if the turn read it), so it never hashes it.
 *
 * botbuilder's BotState hashes the whole state after loading it and again after saving it (stringify with a
 * replacer, then SHA-256), only to find out at the end of the turn whether anything changed. A message turn of
 * this bot always changes it (RegistrationBot records `lastActivity` and the recent lines), so for message turns
 * both hashes were pure cost: about a tenth of a FAQ turn's CPU. Other turns (conversation updates, invokes) keep
 * botbuilder's behaviour: written only when changed, never when not even read.
 *
 * The cache is this class's own (the base class keeps its cache under a private key), so every method that
 * touches it is overridden here.
 */
export class MessageTurnState extends ConversationState {
  private readonly cacheKey = Symbol('conversation state');

  private static writesAlways(context: TurnContext): boolean {
    return context.activity.type === 'message';
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const state = ((await this.storage.read([key]))[key] ?? {}) as Record<string, unknown>;
    const hash = MessageTurnState.writesAlways(context) ? undefined : calculateChangeHash(state);
    context.turnState.set(this.cacheKey, { state, hash } satisfies Cached);
    return state;
  }

  /** Writes a message turn's state if it was read, any other turn's if it changed; `force` writes it regardless. */
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    const always = MessageTurnState.writesAlways(context);
    const write = force || (cached && (always || cached.hash !== calculateChangeHash(cached.state)));
    if (!write) return;
    cached ??= { state: {} };
    cached.state.eTag = '*';
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: cached.state });
    cached.hash = always ? undefined : calculateChangeHash(cached.state);
    context.turnState.set(this.cacheKey, cached);
  }

  override clear(context: TurnContext): Promise<void> {
    // An empty hash differs from any state's: the cleared state is written at the end of the turn.
    context.turnState.set(this.cacheKey, { state: {}, hash: '' } satisfies Cached);
    return Promise.resolve();
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    const cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    return typeof cached === 'object' && typeof cached.state === 'object' ? cached.state : undefined;
  }
}

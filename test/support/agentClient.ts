/** The agent console API as a test (or a script) uses it: login keeps the session cookie. */
export class AgentClient {
  private cookie = '';
  /** `baseUrl` may change (the bot restarted on another port): the session cookie stays. */
  constructor(public baseUrl: string) {}

  async login(username: string, password: string): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/agent/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const setCookie = res.headers.get('set-cookie');
    if (res.ok && setCookie) this.cookie = setCookie.split(';')[0];
    return res;
  }

  /** The session token of the cookie (to check it is stored nowhere). */
  get sessionToken(): string {
    return this.cookie.split('=')[1] ?? '';
  }

  /** A request with the session cookie; a new cookie in the answer (a changed password) replaces it. */
  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/agent/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (res.ok && setCookie) this.cookie = setCookie.split(';')[0];
    return res;
  }

  /** Opens the server-sent event stream and collects its events until `close()`. */
  async events(): Promise<{
    events: Array<Record<string, unknown>>;
    waitFor: (p: (e: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
    close: () => void;
  }> {
    const controller = new AbortController();
    const res = await fetch(`${this.baseUrl}/agent/api/events`, {
      headers: { cookie: this.cookie },
      signal: controller.signal,
    });
    if (res.status !== 200) throw new Error(`AgentClient: events answered ${res.status}`);
    const events: Array<Record<string, unknown>> = [];
    const reader = res.body!.getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += Buffer.from(value).toString('utf8');
          let split;
          while ((split = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, split);
            buffer = buffer.slice(split + 2);
            const data = chunk.split('\n').find((l) => l.startsWith('data: '));
            if (data) events.push(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        // aborted by close()
      }
    })();
    const waitFor = async (predicate: (e: Record<string, unknown>) => boolean) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`AgentClient: event not seen; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    return { events, waitFor, close: () => controller.abort() };
  }
}

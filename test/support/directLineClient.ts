/** A minimal Direct Line 3.0 client (polling), as botframework-directlinejs talks to the embedded channel. */
export class DirectLineClient {
  conversationId = '';
  private watermark = '0';
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}/v3/directline${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async start(): Promise<Response> {
    const res = await this.call('POST', '/conversations');
    if (res.status === 201)
      this.conversationId = ((await res.clone().json()) as { conversationId: string }).conversationId;
    return res;
  }

  /** Posts any activity body as-is (for hostile or oversized activities). */
  post(activity: unknown): Promise<Response> {
    return this.call('POST', `/conversations/${this.conversationId}/activities`, activity);
  }

  /** Every kept activity from `watermark` on, with the watermark the channel answers. */
  async activitiesSince(watermark: number): Promise<{
    activities: Array<Record<string, unknown> & { id: string; type: string; text?: string; from: { role?: string } }>;
    watermark: number;
  }> {
    const res = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${watermark}`);
    const body = (await res.json()) as {
      activities: Array<Record<string, unknown> & { id: string; type: string; text?: string; from: { role?: string } }>;
      watermark: string;
    };
    return { activities: body.activities, watermark: Number(body.watermark) };
  }

  send(text: string, from = { id: 'whoever-the-client-says' }): Promise<Response> {
    return this.call('POST', `/conversations/${this.conversationId}/activities`, {
      type: 'message',
      text,
      from,
      locale: 'nl-NL',
    });
  }

  /** New activities from the bot since the last call. */
  async botActivities(): Promise<
    Array<{
      type: string;
      text?: string;
      from: { id: string };
      attachments?: Array<{ content: { fallbackText?: string } }>;
    }>
  > {
    const res = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    const body = (await res.json()) as {
      activities: Array<{
        type: string;
        text?: string;
        from: { id: string; role?: string };
        attachments?: Array<{ content: { fallbackText?: string } }>;
      }>;
      watermark: string;
    };
    this.watermark = body.watermark;
    return body.activities.filter((a) => a.from.role === 'bot');
  }

  /** Everything the user reads from the bot's latest replies (text and card fallback text). */
  async read(): Promise<string> {
    return (await this.botActivities())
      .flatMap((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => x.content?.fallbackText ?? '')])
      .filter(Boolean)
      .join('\n');
  }
}

import { z } from 'zod';
import {
  cartSchema,
  contactSchema,
  licenseSchema,
  orderSchema,
  schoolSchema,
  type Cart,
  type Contact,
  type License,
  type Order,
  type School,
} from '../../domain/portal.js';
import { PortalError, type PortalAdapter } from './portalAdapter.js';

/**
 * The SLB portal's REST API (contract: adapters/portal/openapi.yaml). Every call is an idempotent GET, so
 * timeouts, network errors and 5xx are retried with a short backoff; answers are validated, and anything
 * else becomes a {@link PortalError} the dialogs can explain.
 */
export interface HttpPortalOptions {
  baseUrl: string;
  /** Per attempt. @default 4000 */
  timeoutMs?: number;
  /** Extra attempts after the first for timeouts, network errors and 5xx. @default 2 */
  retries?: number;
  /** @default 150 */
  retryDelayMs?: number;
  /** Sent as `Authorization: Bearer ...` when set. */
  token?: string;
}

class Retryable extends Error {}

export class HttpPortal implements PortalAdapter {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: HttpPortalOptions) {
    this.timeoutMs = options.timeoutMs ?? 4000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 150;
  }

  async contactByIdentity(aadObjectId: string): Promise<Contact | undefined> {
    return this.get(`/contacts/${encodeURIComponent(aadObjectId)}`, contactSchema, { notFound: 'undefined' });
  }

  async school(customerNumber: string): Promise<School> {
    return (await this.get(`/schools/${encodeURIComponent(customerNumber)}`, schoolSchema, { notFound: 'error' }))!;
  }

  async cart(customerNumber: string): Promise<Cart | undefined> {
    return this.get(`/schools/${encodeURIComponent(customerNumber)}/cart`, cartSchema, { notFound: 'undefined' });
  }

  async orders(customerNumber: string): Promise<Order[]> {
    const body = await this.get(
      `/schools/${encodeURIComponent(customerNumber)}/orders`,
      z.object({ orders: z.array(orderSchema) }),
      { notFound: 'error' },
    );
    return body!.orders;
  }

  async licenses(customerNumber: string): Promise<License[]> {
    const body = await this.get(
      `/schools/${encodeURIComponent(customerNumber)}/licenses`,
      z.object({ licenses: z.array(licenseSchema) }),
      { notFound: 'error' },
    );
    return body!.licenses;
  }

  private async get<T>(
    path: string,
    schema: z.ZodType<T>,
    { notFound }: { notFound: 'undefined' | 'error' },
  ): Promise<T | undefined> {
    const url = new URL(
      path.replace(/^\//, ''),
      this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`,
    );
    let lastError: PortalError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.retryDelayMs * 2 ** (attempt - 1)));
      try {
        return await this.attempt(url, schema, notFound);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        lastError = (err.cause as PortalError) ?? new PortalError('unavailable', err.message);
      }
    }
    throw lastError!;
  }

  private async attempt<T>(url: URL, schema: z.ZodType<T>, notFound: 'undefined' | 'error'): Promise<T | undefined> {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const cause = new PortalError(
        timedOut ? 'timeout' : 'unavailable',
        `GET ${url.pathname} ${timedOut ? `timed out after ${this.timeoutMs} ms` : `failed: ${(err as Error).message}`}`,
      );
      throw new Retryable(cause.message, { cause });
    }
    if (res.status === 404) {
      await res.body?.cancel();
      if (notFound === 'undefined') return undefined;
      throw new PortalError('not-found', `GET ${url.pathname} answered 404`);
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      const cause = new PortalError('unavailable', `GET ${url.pathname} answered ${res.status}`);
      throw new Retryable(cause.message, { cause });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new PortalError('invalid-response', `GET ${url.pathname} answered ${res.status}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new PortalError('invalid-response', `GET ${url.pathname} answered with a body that is not JSON`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PortalError(
        'invalid-response',
        `GET ${url.pathname} answered with an unexpected body (${issue.path.join('.') || 'body'}: ${issue.message})`,
      );
    }
    return parsed.data;
  }
}

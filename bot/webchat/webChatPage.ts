import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const require = createRequire(import.meta.url);

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
}

/** Loaded and compressed once per process, off the event loop (the Web Chat bundle is 3.9 MB), on first use. */
const loaded = new Map<string, Promise<Asset>>();
function asset(file: string, type: string): Promise<Asset> {
  let pending = loaded.get(file);
  if (!pending) {
    pending = readFile(file).then(async (body) => ({ body, gzip: await promisify(gzip)(body), type }));
    loaded.set(file, pending);
    pending.catch(() => loaded.delete(file));
  }
  return pending;
}

/**
 * The website chat at `/`: the official Web Chat widget, its bundle served from the installed
 * botframework-webchat package (no CDN), compressed once per process.
 */
export function registerWebChatPage(server: Server, options: { azureDirectLine: boolean }): void {
  // The package's ready-made browser bundle (its main entry is for bundlers).
  const bundle = path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  const assets: Record<string, [file: string, type: string]> = {
    '/': [path.join(PUBLIC, 'index.html'), 'text/html; charset=utf-8'],
    '/webchat/webchat.js': [bundle, 'text/javascript; charset=utf-8'],
    '/webchat/page.js': [path.join(PUBLIC, 'page.js'), 'text/javascript; charset=utf-8'],
    '/webchat/page.css': [path.join(PUBLIC, 'page.css'), 'text/css; charset=utf-8'],
  };
  const connect = options.azureDirectLine
    ? "'self' https://directline.botframework.com wss://directline.botframework.com"
    : "'self'";
  const csp = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src ${connect}; frame-ancestors 'self'`;
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
    res.end();
  });
  for (const [route, [source, type]] of Object.entries(assets)) {
    // Started now, so the first visitor does not wait for the compression.
    void asset(source, type).catch(() => undefined);
    server.get(route, async (req: Request, res: Response) => {
      const file = await asset(source, type);
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': route.endsWith('webchat.js') ? 'public, max-age=86400' : 'no-cache',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        vary: 'accept-encoding',
      });
      res.end(gzip ? file.gzip : file.body);
    });
  }
}

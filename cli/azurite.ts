import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AzuriteService = 'blob' | 'queue' | 'table';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The emulator's documented, well-known development account. */
const ACCOUNT =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;';

/**
 * The Azurite storage emulator (npm azurite, a devDependency) on free loopback ports with a temporary folder:
 * the blob service by default, or blob, queue and table together. For the tests and `npm run start:cluster`.
 */
export class Azurite {
  private child: ChildProcess | undefined;
  private readonly location: string;
  connectionString = '';
  readonly ports: Partial<Record<AzuriteService, number>> = {};

  /** `location`: a folder to keep the data in (kept at stop); default a temporary one, removed at stop. */
  constructor(
    private readonly services: AzuriteService[] = ['blob'],
    private readonly options: { location?: string } = {},
  ) {
    this.location = options.location ?? mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
    mkdirSync(this.location, { recursive: true });
  }

  async start(): Promise<string> {
    for (const service of this.services) this.ports[service] = await freePort();
    const single = this.services.length === 1;
    const args = ['--location', this.location, '--silent', '--skipApiVersionCheck', '--disableTelemetry'];
    for (const service of this.services)
      args.push(`--${service}Host`, '127.0.0.1', `--${service}Port`, String(this.ports[service]));
    // `azurite` runs every service; only the requested ones must listen on our ports, the others get free ones too.
    if (!single)
      for (const other of (['blob', 'queue', 'table'] as const).filter((s) => !this.services.includes(s)))
        args.push(`--${other}Host`, '127.0.0.1', `--${other}Port`, String(await freePort()));
    const bin = path.join(ROOT, 'node_modules', '.bin', single ? `azurite-${this.services[0]}` : 'azurite');
    this.child = spawn(bin, args, { stdio: 'ignore' });
    for (const service of this.services) {
      // Say so here, not later as a storage timeout somewhere else.
      if (!(await listening(this.ports[service]!))) {
        const exit = this.child.exitCode ?? 'none';
        await this.stop();
        throw new Error(
          `Azurite: the ${service} emulator did not listen on port ${this.ports[service]} within 10 s (exit code ${exit})`,
        );
      }
    }
    const endpoint = (service: AzuriteService, name: string) =>
      this.ports[service] ? `${name}=http://127.0.0.1:${this.ports[service]}/devstoreaccount1;` : '';
    this.connectionString = `${ACCOUNT}${endpoint('blob', 'BlobEndpoint')}${endpoint('queue', 'QueueEndpoint')}${endpoint('table', 'TableEndpoint')}`;
    return this.connectionString;
  }

  /** The process id, for whoever must stop it from outside. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    if (!this.options.location) rmSync(this.location, { recursive: true, force: true });
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) =>
      net
        .connect(port, '127.0.0.1')
        .once('connect', function (this: net.Socket) {
          this.destroy();
          resolve(true);
        })
        .once('error', () => resolve(false)),
    );
    if (open) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

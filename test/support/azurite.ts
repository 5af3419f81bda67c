import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The Azurite blob emulator (npm azurite) on a free loopback port with a temporary folder. */
export class Azurite {
  private child: ChildProcess | undefined;
  private readonly location = mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  connectionString = '';

  async start(): Promise<string> {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    this.child = spawn(
      path.join('node_modules', '.bin', 'azurite-blob'),
      [
        '--location',
        this.location,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--silent',
        '--skipApiVersionCheck',
      ],
      { stdio: 'ignore' },
    );
    let open = false;
    for (let i = 0; i < 100 && !open; i++) {
      open = await new Promise<boolean>((resolve) =>
        net
          .connect(port, '127.0.0.1')
          .once('connect', function (this: net.Socket) {
            this.destroy();
            resolve(true);
          })
          .once('error', () => resolve(false)),
      );
      if (!open) await new Promise((r) => setTimeout(r, 100));
    }
    // Say so here, not later as a storage timeout in some test.
    if (!open) {
      await this.stop();
      throw new Error(
        `Azurite: the blob emulator did not listen on port ${port} within 10 s (exit code ${this.child.exitCode ?? 'none'})`,
      );
    }
    // The emulator's documented, well-known development account.
    this.connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    return this.connectionString;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(this.location, { recursive: true, force: true });
  }
}

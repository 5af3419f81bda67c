import { spawn, type ChildProcess } from 'node:child_process';

/** The bot as its own process (`node --import tsx cli/start.ts`), as `npm start` runs it, for kill tests. */
export class BotProcess {
  private child: ChildProcess | undefined;
  url = '';
  /** What the process printed up to its start-up line (stdout and stderr). */
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<string> {
    this.child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'cli/start.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    this.output = '';
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`BotProcess: no start-up line after 20 s:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /SLB registration assistant: (http:\/\/[\d.:]+)\/api\/messages/.exec(output);
        if (match) {
          this.output = output;
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      this.child!.stdout!.on('data', onData);
      this.child!.stderr!.on('data', onData);
      this.child!.once('exit', (code) =>
        reject(new Error(`BotProcess: exited with ${code} before listening:\n${output}`)),
      );
    });
    return this.url;
  }

  /** SIGKILL: no shutdown hooks, no flushing; whatever was not on disk is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

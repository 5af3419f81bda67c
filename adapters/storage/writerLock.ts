import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes this process the one writer of a data folder: two processes appending to the same journals would
 * interleave and delete each other's files. A lock left by a killed process (its pid no longer runs) is taken
 * over; one held by a live process is an error that says which.
 */
export function claimWriterLock(file: string): void {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readFileSync(file, 'utf8'));
  if (holder && holder !== process.pid && alive(holder)) {
    throw new Error(
      `${file} is held by process ${holder}: one writer per data folder: stop that process first (\`npm run privacy\` also needs the bot stopped)`,
    );
  }
  writeFileSync(file, String(process.pid));
}

/** The live process other than this one that holds the lock `file`, if any (to refuse early, before any turn). */
export function writerLockHolder(file: string): number | undefined {
  let holder: number;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return holder && holder !== process.pid && alive(holder) ? holder : undefined;
}

/** Gives the folder up on a clean shutdown (a crash leaves the lock, which the next process takes over). */
export function releaseWriterLock(file: string): void {
  try {
    if (Number(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

import { existsSync } from 'node:fs';

/** Loads `.env` from the working directory when present (Node's own parser); real env vars win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AzureTablesOptions } from '../../adapters/azure/tables.js';
import { Azurite } from './azurite.js';

/** The implementations every store role has: the embedded one (lowdb or memory) and Azure Tables. */
export type Backend = 'embedded' | 'azure';
export const BACKENDS: Backend[] = ['embedded', 'azure'];

/** Where one test's store lives: a fresh folder for the embedded store, fresh tables (own prefix) for Azure. */
export interface Place {
  dataDir: string;
  tables: AzureTablesOptions;
}

/**
 * For a behavioural suite run against both implementations: starts Azurite's table service once for the file
 * (free port, temporary folder) and hands each test a place of its own.
 */
export function useStoreBackends(): { place(): Place } {
  const azurite = new Azurite(['table']);
  const dirs: string[] = [];
  let connectionString = '';
  let count = 0;
  beforeAll(async () => {
    connectionString = await azurite.start();
  }, 30_000);
  afterAll(async () => {
    await azurite.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    place() {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-store-'));
      dirs.push(dataDir);
      return { dataDir, tables: { connectionString, tablePrefix: `t${process.pid}x${++count}` } };
    },
  };
}

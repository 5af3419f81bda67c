import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { isObjectId } from '../domain/identity.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = path.join(here, 'manifest.template.json');
const require = createRequire(import.meta.url);

/** A stable app id derived from the bot id, so rebuilding the package does not create a new Teams app. */
export function appIdFor(botId: string): string {
  const hex = createHash('sha256').update(`slb-registration-assistant:${botId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function buildManifest(botId: string, appId = appIdFor(botId)): Record<string, unknown> {
  if (!isObjectId(botId)) {
    throw new Error(
      `teams:package: the bot id must be the Microsoft App ID (a GUID), got "${botId}"; set MicrosoftAppId`,
    );
  }
  return JSON.parse(
    readFileSync(TEMPLATE, 'utf8').replaceAll('{{botId}}', botId).replaceAll('{{appId}}', appId),
  ) as Record<string, unknown>;
}

/** Validates a manifest against the Teams JSON schema shipped in @microsoft/app-manifest (no download); returns the problems. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaFile = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${String(manifest.manifestVersion)}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  // Loaded when needed: appIdFor and buildManifest work without it (and in Jest, which cannot load its ESM deps).
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}

/** The zip to upload to Teams: manifest.json and the two icons (teams/*.png, designers edit them as images). */
export async function buildTeamsPackage(
  botId: string,
): Promise<{ zip: Uint8Array; manifest: Record<string, unknown> }> {
  const manifest = buildManifest(botId);
  const problems = await validateManifest(manifest);
  if (problems.length)
    throw new Error(`teams:package: manifest does not validate against the Teams schema:\n  ${problems.join('\n  ')}`);
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': readFileSync(path.join(here, 'color.png')),
    'outline.png': readFileSync(path.join(here, 'outline.png')),
  });
  return { zip, manifest };
}

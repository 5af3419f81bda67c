import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { colorIcon, outlineIcon } from './icons.js';

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'manifest.template.json');
const require = createRequire(import.meta.url);
// CommonJS packages: loaded with require so their default exports need no interop guesswork.
type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
const Ajv = (require('ajv-draft-04') as { default: new (options: object) => { compile(schema: object): Validator } }).default;
const addFormats = (require('ajv-formats') as { default: (ajv: object) => void }).default;

/** A stable app id derived from the bot id, so rebuilding the package does not create a new Teams app. */
export function appIdFor(botId: string): string {
  const hex = createHash('sha256').update(`slb-registration-assistant:${botId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function buildManifest(botId: string, appId = appIdFor(botId)): Record<string, unknown> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(botId)) {
    throw new Error(`teams:package: the bot id must be the Microsoft App ID (a GUID), got "${botId}"; set MicrosoftAppId`);
  }
  return JSON.parse(readFileSync(TEMPLATE, 'utf8').replaceAll('{{botId}}', botId).replaceAll('{{appId}}', appId)) as Record<string, unknown>;
}

/** Validates a manifest against the Teams JSON schema shipped in @microsoft/app-manifest; returns the problems. */
export function validateManifest(manifest: Record<string, unknown>): string[] {
  const version = String(manifest.manifestVersion);
  const schemaFile = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  const { $schema: _ignored, ...rest } = manifest;
  return validate(rest) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath || '(root)'} ${e.message}`);
}

/** The zip to upload to Teams: manifest.json and the two icons. */
export function buildTeamsPackage(botId: string): { zip: Uint8Array; manifest: Record<string, unknown> } {
  const manifest = buildManifest(botId);
  const problems = validateManifest(manifest);
  if (problems.length) throw new Error(`teams:package: manifest does not validate against the Teams schema:\n  ${problems.join('\n  ')}`);
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': colorIcon(),
    'outline.png': outlineIcon(),
  });
  return { zip, manifest };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { cartSchema, contactSchema, licenseSchema, orderSchema, schoolSchema } from '../../domain/portal.js';

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
};

/** The part of a JSON schema both sides must agree on: types, fields, which are required, enums, lower bounds. */
const shape = (s: JsonSchema): unknown => ({
  type: s.type,
  ...(s.enum && { enum: s.enum }),
  // zod gives every int() the safe-integer bounds; only a real lower bound is part of the contract.
  ...(s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER && { minimum: s.minimum }),
  ...(s.items && { items: shape(s.items) }),
  ...(s.properties && {
    required: [...(s.required ?? [])].sort(),
    properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, shape(v)])),
  }),
});

describe('the portal contract', () => {
  const contract = parse(readFileSync('adapters/portal/openapi.yaml', 'utf8')).components.schemas as Record<
    string,
    JsonSchema
  >;

  it.each([
    ['Contact', contactSchema],
    ['School', schoolSchema],
    ['Cart', cartSchema],
    ['Order', orderSchema],
    ['License', licenseSchema],
  ] as const)('openapi.yaml describes %s exactly as the domain schema does', (name, schema) => {
    expect(shape(contract[name])).toEqual(shape(z.toJSONSchema(schema) as JsonSchema));
  });
});

/**
 * Test helper: a validator for the OFN notice-board schema (úřední desky 2021-07-20), set up as
 * ../shared/domain/standards.md describes. Tests only (Ajv is a dev dependency).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const OFN_DIR = path.resolve(here, '../../../../../shared/standards/ofn');
export const BOARD_DIR = path.join(OFN_DIR, 'úřední-desky/2021-07-20');
export const BOARD_SCHEMA_ID = 'https://ofn.gov.cz/úřední-desky/2021-07-20/schémata/úřední-deska.json';
const GEOJSON_ID = 'https://raw.githubusercontent.com/ropensci/geojsonlint/master/inst/schema/geojson.json';

function schemaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return schemaFiles(p);
    return e.name.endsWith('.json') && p.includes(`${path.sep}schémata${path.sep}`) ? [p] : [];
  });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

export interface OfnValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null | undefined;
}

let cached: OfnValidator | null = null;

/** Every OFN schema registered under its $id passed through encodeURI (Ajv compares percent-encoded ids). */
export function boardValidator(): OfnValidator {
  if (cached) return cached;
  const ajv = new Ajv2019({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('iri', {
    type: 'string',
    validate: (s: string) => {
      try {
        new URL(s);
        return true;
      } catch {
        return false;
      }
    },
  });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
  });
  // umístění refers to GeoJSON outside ofn.gov.cz; accept any geometry object.
  ajv.addSchema({ $id: GEOJSON_ID, type: 'object' });
  for (const file of schemaFiles(OFN_DIR)) {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    ajv.addSchema({ ...schema, $id: encodeURI(schema.$id) });
  }
  const validate = ajv.getSchema(encodeURI(BOARD_SCHEMA_ID));
  if (!validate) throw new Error('OFN board schema not registered');
  cached = validate as OfnValidator;
  return cached;
}

/** The validation errors as short readable lines, for assertion messages. */
export function describeErrors(v: OfnValidator): string[] {
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

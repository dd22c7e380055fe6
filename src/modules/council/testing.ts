/**
 * Test helper: validators for the OFN base schemas (Věc, Digitální objekt …) under
 * ../shared/standards/ofn, set up as ../shared/domain/standards.md describes. Tests only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const OFN_DIR = path.resolve(here, '../../../../shared/standards/ofn');

/** A validator for the OFN schema with this $id (e.g. https://ofn.gov.cz/věc/2020-07-01/schémata/věc.json). */
export function ofnValidator(id: string): ValidateFunction {
  const ajv = new Ajv2019({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('iri', { type: 'string', validate: (s: string) => URL.canParse(s) });
  ajv.addFormat('date', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addSchema({
    $id: 'https://raw.githubusercontent.com/ropensci/geojsonlint/master/inst/schema/geojson.json',
  });
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.json') && p.includes(`${path.sep}schémata${path.sep}`) ? [p] : [];
    });
  for (const f of walk(OFN_DIR)) {
    const schema = JSON.parse(fs.readFileSync(f, 'utf8'));
    ajv.addSchema({ ...schema, $id: encodeURI(schema.$id) });
  }
  return ajv.getSchema(encodeURI(id))!;
}

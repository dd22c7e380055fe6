import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  isTypObjektuId,
  isTypUdalostiId,
  PLATFORM_EVENT_TYPES,
  TYP_OBJEKTU_IDS,
  TYP_UDALOSTI_IDS,
} from './codes.js';
import { standardsDir } from './xsd.js';

type XmlNode = { [key: string]: XmlNode[] | string };

/** The xs:enumeration values of the element declared with this name, in schema order. */
function enumerationOf(root: unknown, elementName: string): string[] {
  const found: string[][] = [];
  const collect = (node: unknown, out: string[]): void => {
    if (Array.isArray(node)) for (const n of node) collect(n, out);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as XmlNode)) {
        if (key === 'enumeration' && Array.isArray(value)) {
          for (const e of value) out.push(e['@_value'] as unknown as string);
        } else collect(value, out);
      }
    }
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as XmlNode)) {
        if (key === 'element' && Array.isArray(value)) {
          for (const el of value) {
            if (el['@_name'] === elementName) {
              const values: string[] = [];
              collect(el, values);
              found.push(values);
            }
          }
        }
        walk(value);
      }
    }
  };
  walk(root);
  expect(found, `exactly one declaration of ${elementName}`).toHaveLength(1);
  return found[0] ?? [];
}

async function trpSchema(): Promise<unknown> {
  const xsd = await readFile(path.join(standardsDir(), 'nsesss-2023', 'nsesss-TrP.xsd'), 'utf8');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
  });
  return parser.parse(xsd);
}

describe('NSESSS audit-log code lists', () => {
  it('TYP_UDALOSTI_IDS equals the TypUdalostiId enumeration of nsesss-TrP.xsd (44 values, same order)', async () => {
    const fromXsd = enumerationOf(await trpSchema(), 'TypUdalostiId');
    expect(fromXsd).toHaveLength(44);
    expect([...TYP_UDALOSTI_IDS]).toEqual(fromXsd);
  });

  it('TYP_OBJEKTU_IDS equals the TypObjektuId enumeration of nsesss-TrP.xsd (31 values, same order)', async () => {
    const fromXsd = enumerationOf(await trpSchema(), 'TypObjektuId');
    expect(fromXsd).toHaveLength(31);
    expect([...TYP_OBJEKTU_IDS]).toEqual(fromXsd);
  });

  it('platform-only event types do not shadow an NSESSS code', () => {
    for (const t of PLATFORM_EVENT_TYPES) expect(isTypUdalostiId(t)).toBe(false);
  });

  it('type guards accept the listed codes only', () => {
    expect(isTypUdalostiId('Zalozeni')).toBe(true);
    expect(isTypUdalostiId('zalozeni')).toBe(false);
    expect(isTypObjektuId('Dokument')).toBe(true);
    expect(isTypObjektuId('Uzivatel')).toBe(false);
  });
});

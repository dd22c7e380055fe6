/**
 * XML Schema validation against the standards kept in `../shared/standards` (libxml2's xmllint, compiled to
 * WebAssembly, so no native dependency and no network access).
 *
 * The schema folder is `$SAMOSPRAVA_STANDARDS_DIR`, by default `<repo>/../shared/standards`. Each schema's
 * xs:import / xs:include / xs:redefine chain is followed and every file it needs is handed to xmllint as a
 * preload; a schemaLocation that the folder's OASIS `catalog.xml` maps to a local file (METS → xlink.xsd) is
 * rewritten to that file, because xmllint-wasm never goes to the network. Loaded schema text is cached per
 * folder; each validation runs in a short-lived worker thread (roughly 0.1 s).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

export type SchemaName = 'nsesss-TrP' | 'nsesss' | 'nsesss-plan' | 'nsesss-DA' | 'mets';

export interface XmlValidationResult {
  valid: boolean;
  /** One line per problem, `line N: message` (empty when valid). */
  errors: string[];
}

interface SchemaSpec {
  /** Folder under the standards directory. */
  dir: string;
  /** Main schema file, or several whose namespaces are combined by a generated wrapper schema. */
  entry: string | { namespace: string; file: string }[];
}

const SCHEMAS: Record<SchemaName, SchemaSpec> = {
  'nsesss-TrP': { dir: 'nsesss-2023', entry: 'nsesss-TrP.xsd' },
  nsesss: { dir: 'nsesss-2023', entry: 'nsesss.xsd' },
  'nsesss-plan': { dir: 'nsesss-2023', entry: 'nsesss-plan.xsd' },
  'nsesss-DA': { dir: 'nsesss-2023', entry: 'nsesss-DA.xsd' },
  // A SIP's mets.xml carries NSESSS metadata (nsesss.xsd) and object audit logs (nsesss-TrP.xsd) inside
  // mets:xmlData, whose wildcard is processContents="lax": those elements are checked only when their
  // declarations are loaded too, so the METS schema is combined with both.
  mets: {
    dir: 'nsesss-2023',
    entry: [
      { namespace: 'http://www.loc.gov/METS/', file: 'mets.xsd' },
      { namespace: 'http://www.mvcr.cz/nsesss/v4', file: 'nsesss.xsd' },
      { namespace: 'http://www.mvcr.cz/nsesss/2023/log', file: 'nsesss-TrP.xsd' },
    ],
  },
};

const WRAPPER_FILE = 'samosprava-bundle.xsd';
const DOCUMENT_FILE = 'document.xml';

/** The nearest ancestor of this module holding a package.json (works from src/ and from dist/). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('xsd: cannot find the repository root (no package.json above this module)');
    dir = parent;
  }
}

let repoRoot: string | undefined;

/** Root of the shared standards folder; read on every call so tests and tools can override it. */
export function standardsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SAMOSPRAVA_STANDARDS_DIR;
  if (override) return path.resolve(override);
  repoRoot ??= findRepoRoot();
  return path.resolve(repoRoot, '../shared/standards');
}

interface LoadedSchema {
  schema: XMLFileInfo;
  preload: XMLFileInfo[];
}

const cache = new Map<string, Promise<LoadedSchema>>();

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
});

type XmlNode = Record<string, unknown>;

/** The OASIS catalog's `uri` / `system` entries: remote name → file in the folder. */
async function readCatalog(folder: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let text: string;
  try {
    text = await readFile(path.join(folder, 'catalog.xml'), 'utf8');
  } catch {
    return map;
  }
  const doc = parser.parse(text) as { catalog?: XmlNode[] };
  for (const catalog of doc.catalog ?? []) {
    for (const kind of ['uri', 'system'] as const) {
      const key = kind === 'uri' ? '@_name' : '@_systemId';
      for (const entry of (catalog[kind] as XmlNode[] | undefined) ?? []) {
        const from = entry[key];
        const to = entry['@_uri'];
        if (typeof from === 'string' && typeof to === 'string') map.set(from, to);
      }
    }
  }
  return map;
}

const SCHEMA_LOCATION =
  /(<(?:[\w.-]+:)?(?:import|include|redefine)\b[^>]*?\bschemaLocation\s*=\s*)(["'])(.*?)\2/g;

/** Files are preloaded flat into xmllint's in-memory file system, so locations must stay in the folder. */
function localName(location: string, from: string): string {
  if (location.includes('/') || location.includes('\\') || location.startsWith('-')) {
    throw new Error(
      `xsd: ${from} refers to "${location}", which is neither in its folder nor in catalog.xml`,
    );
  }
  return location;
}

async function loadSchema(folder: string, spec: SchemaSpec): Promise<LoadedSchema> {
  const catalog = await readCatalog(folder);
  const files = new Map<string, string>();

  const load = async (file: string, from: string): Promise<void> => {
    if (files.has(file)) return;
    files.set(file, '');
    let text: string;
    try {
      text = await readFile(path.join(folder, file), 'utf8');
    } catch (err) {
      throw new Error(`xsd: cannot read ${file} (needed by ${from}) in ${folder}`, { cause: err });
    }
    const deps: string[] = [];
    text = text.replace(SCHEMA_LOCATION, (_m, head: string, quote: string, location: string) => {
      const target = localName(catalog.get(location) ?? location, file);
      deps.push(target);
      return `${head}${quote}${target}${quote}`;
    });
    files.set(file, text);
    for (const dep of deps) await load(dep, file);
  };

  let main: XMLFileInfo;
  if (typeof spec.entry === 'string') {
    await load(localName(spec.entry, 'the schema table'), 'the schema table');
    main = { fileName: spec.entry, contents: files.get(spec.entry) ?? '' };
    files.delete(spec.entry);
  } else {
    const imports = spec.entry
      .map((e) => `  <xs:import namespace="${e.namespace}" schemaLocation="${e.file}"/>`)
      .join('\n');
    main = {
      fileName: WRAPPER_FILE,
      contents: `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${imports}\n</xs:schema>\n`,
    };
    for (const e of spec.entry) await load(localName(e.file, 'the schema table'), WRAPPER_FILE);
  }
  return { schema: main, preload: [...files].map(([fileName, contents]) => ({ fileName, contents })) };
}

function getSchema(name: SchemaName): Promise<LoadedSchema> {
  const spec = SCHEMAS[name];
  if (!spec) throw new Error(`xsd: unknown schema "${String(name)}"`);
  const folder = path.join(standardsDir(), spec.dir);
  const key = `${folder}\0${name}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = loadSchema(folder, spec);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

/**
 * Validates an XML document (a UTF-8 string) against one of the standard schemas. Invalid or not even
 * well-formed documents resolve with `valid: false`; a missing or broken schema rejects.
 */
export async function validateXml(xml: string, schema: SchemaName): Promise<XmlValidationResult> {
  const loaded = await getSchema(schema);
  const result = await validateXML({
    xml: [{ fileName: DOCUMENT_FILE, contents: xml }],
    schema: [loaded.schema],
    preload: loaded.preload,
  });
  if (result.valid) return { valid: true, errors: [] };
  // Keep the located messages; xmllint's source-excerpt and caret lines and its summary line carry
  // nothing more.
  const errors = result.errors
    .filter((e) => e.loc !== null)
    .map((e) => `line ${e.loc?.lineNumber}: ${e.message}`);
  if (errors.length === 0) {
    errors.push(
      ...result.rawOutput
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && l !== `${DOCUMENT_FILE} fails to validate`),
    );
  }
  if (errors.length === 0) errors.push('the document does not validate');
  return { valid: false, errors };
}

/** Forgets loaded schema text (after the files on disk changed). */
export function clearSchemaCache(): void {
  cache.clear();
}

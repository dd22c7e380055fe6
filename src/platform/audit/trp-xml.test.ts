import { existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HASH_PARAM,
  PREV_HASH_PARAM,
  renderObjectTransactionLog,
  renderTransactionLog,
  TRP_NAMESPACE,
  type TransactionLogInput,
  UNKNOWN_ACTOR,
} from './trp-xml.js';
import type { AuditEventRow } from './types.js';
import { clearSchemaCache, standardsDir, validateXml } from './xsd.js';

const TENANT = '0190f3c2-6a51-7c3e-8d0e-2b1f4a9c0001';
const USER = '0190f3c2-6a51-7c3e-8d0e-2b1f4a9c0a11';
const DOC = '0190f3c2-6a51-7c3e-8d0e-2b1f4a9c0d01';
const FILE = '0190f3c2-6a51-7c3e-8d0e-2b1f4a9c0f01';

const h = (n: number) => n.toString(16).padStart(64, '0');

function row(seq: number, fields: Partial<AuditEventRow>): AuditEventRow {
  return {
    tenantId: TENANT,
    seq,
    at: new Date(Date.UTC(2025, 2, 14, 8, 0, seq, 123)),
    actorId: USER,
    actorLabel: 'Dvořáková Jiřina, referentka',
    eventType: 'Zalozeni',
    objectType: 'Dokument',
    objectId: DOC,
    params: {},
    prevHash: h(seq - 1),
    hash: h(seq),
    ...fields,
  };
}

const ROWS: AuditEventRow[] = [
  row(1, {
    actorId: null,
    actorLabel: 'jan.novák <&"> (neověřeno)',
    eventType: 'NeuspesnePrihlaseni',
    objectType: 'Osoba',
    objectId: null,
    params: { reason: 'bad-password', ip: '192.0.2.7' },
  }),
  row(2, { eventType: 'Prihlaseni', objectType: 'Osoba', objectId: USER }),
  row(3, {
    params: { vec: 'Žádost o kácení dřevin <lípa & "javor">', dorucenoDatovouSchrankou: true, pocetListu: 3 },
  }),
  row(4, { eventType: 'Uprava', params: { zmeny: ['vec', 'odesilatel'], puvodni: { vec: 'Žádost' } } }),
  row(5, { eventType: 'Zobrazeni' }),
  row(6, { eventType: 'VlozeniDoSpisu', objectType: 'Spis', objectId: FILE, params: { dokument: DOC } }),
  row(7, {
    eventType: 'Export',
    objectType: 'Spis',
    objectId: FILE,
    params: { format: 'PDF/A', poznamka: null },
  }),
  row(8, { eventType: 'Storno', params: { duvod: 'zaevidováno duplicitně; viz "č.j." 12/2025 & 13/2025' } }),
  row(9, {
    eventType: 'Uprava',
    objectType: 'KonfiguraceSystemu',
    objectId: null,
    actorLabel: 'Správce <admin>',
  }),
];

function input(events: AuditEventRow[], extra: Partial<TransactionLogInput> = {}): TransactionLogInput {
  return {
    producer: { name: 'Obec Dolní Lhota', ico: '00297534', id: TENANT },
    system: { name: 'Samospráva', version: '0.1.0' },
    from: new Date('2025-03-14T00:00:00.000Z'),
    to: new Date('2025-03-15T00:00:00.000Z'),
    generatedAt: new Date('2025-03-15T01:30:00.000Z'),
    events,
    ...extra,
  };
}

const REPEATED = new Set(['Udalost', 'ParametrUdalosti', 'HodnotaParametru']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) =>
    !isAttribute && REPEATED.has(name),
});

interface ParsedEvent {
  Poradi: string;
  DatumVzniku: string;
  provedlKdo: string;
  TypUdalosti: { TypUdalostiId?: string; TypUdalostiText?: string };
  ParametryUdalosti: { ParametrUdalosti: { NazevParametru: string; HodnotaParametru: string[] }[] };
  Objekt?: {
    TypObjektu: { TypObjektuId?: string; TypObjektuText?: string };
    Identifikator: { HodnotaID: string; ZdrojID: string };
  };
}

interface ParsedLog {
  '@_xmlns': string;
  TransLogInfo: Record<string, unknown>;
  Udalosti: '' | { Udalost: ParsedEvent[] };
}

function parse(xml: string, root = 'TransakcniLogSystemu'): ParsedLog {
  const doc = parser.parse(xml) as Record<string, ParsedLog>;
  const log = doc[root];
  if (!log) throw new Error(`no ${root} root`);
  return log;
}

function eventsOf(log: ParsedLog): ParsedEvent[] {
  return log.Udalosti === '' ? [] : log.Udalosti.Udalost;
}

function params(e: ParsedEvent): Record<string, string[]> {
  return Object.fromEntries(
    e.ParametryUdalosti.ParametrUdalosti.map((p) => [p.NazevParametru, p.HodnotaParametru]),
  );
}

afterEach(() => {
  delete process.env.SAMOSPRAVA_STANDARDS_DIR;
  clearSchemaCache();
});

describe('renderTransactionLog', () => {
  it('renders a day of mixed events that validates against nsesss-TrP.xsd', async () => {
    const xml = renderTransactionLog(input(ROWS));
    const result = await validateXml(xml, 'nsesss-TrP');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('keeps seq, time, event, actor and object of every row, in seq order, even from unordered input', () => {
    const shuffled = [ROWS[4], ROWS[0], ROWS[8], ROWS[2], ROWS[1], ROWS[7], ROWS[3], ROWS[6], ROWS[5]].map(
      (r) => r!,
    );
    const log = parse(renderTransactionLog(input(shuffled)));
    expect(log['@_xmlns']).toBe(TRP_NAMESPACE);
    const events = eventsOf(log);
    expect(events.map((e) => Number(e.Poradi))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    ROWS.forEach((r, i) => {
      const e = events[i]!;
      expect(e.DatumVzniku).toBe(r.at.toISOString());
      const code = e.TypUdalosti.TypUdalostiId ?? e.TypUdalosti.TypUdalostiText;
      expect(code).toBe(r.eventType);
      expect(e.provedlKdo).toBe(r.actorId ? `${r.actorLabel} (${r.actorId})` : r.actorLabel);
      expect(e.Objekt?.TypObjektu.TypObjektuId).toBe(r.objectType);
      expect(e.Objekt?.Identifikator.HodnotaID).toBe(r.objectId ?? '');
      expect(e.Objekt?.Identifikator.ZdrojID).toBe('00297534.Samospráva');
      expect(params(e)[PREV_HASH_PARAM]).toEqual([r.prevHash]);
      expect(params(e)[HASH_PARAM]).toEqual([r.hash]);
    });
  });

  it('uses TypUdalostiId for NSESSS codes and TypUdalostiText for the platform sign-in events', () => {
    const events = eventsOf(parse(renderTransactionLog(input(ROWS))));
    expect(events[0]?.TypUdalosti).toEqual({ TypUdalostiText: 'NeuspesnePrihlaseni' });
    expect(events[1]?.TypUdalosti).toEqual({ TypUdalostiText: 'Prihlaseni' });
    expect(events[2]?.TypUdalosti).toEqual({ TypUdalostiId: 'Zalozeni' });
    const custom = renderTransactionLog(input([row(1, { objectType: 'Formular' })]));
    expect(eventsOf(parse(custom))[0]?.Objekt?.TypObjektu).toEqual({ TypObjektuText: 'Formular' });
  });

  it('escapes special characters and keeps Czech text intact', () => {
    const xml = renderTransactionLog(input(ROWS));
    expect(xml).toContain('jan.novák &lt;&amp;&quot;&gt; (neověřeno)');
    expect(xml).not.toContain('<lípa');
    const events = eventsOf(parse(xml));
    expect(params(events[2]!)).toMatchObject({
      vec: ['Žádost o kácení dřevin <lípa & "javor">'],
      dorucenoDatovouSchrankou: ['true'],
      pocetListu: ['3'],
    });
    expect(params(events[3]!)).toMatchObject({ zmeny: ['vec', 'odesilatel'], puvodni: ['{"vec":"Žádost"}'] });
    expect(params(events[6]!)).toMatchObject({ format: ['PDF/A'], poznamka: [''] });
    expect(params(events[7]!).duvod).toEqual(['zaevidováno duplicitně; viz "č.j." 12/2025 & 13/2025']);
    expect(events[8]?.provedlKdo).toBe(`Správce <admin> (${USER})`);
  });

  it('names an unknown actor, shortens long labels to 100 characters but keeps the id', async () => {
    const long =
      'Ing. Bc. Přemysl Šťastný-Žluťoučký, vedoucí odboru výstavby a územního plánování, oprávněná úřední osoba';
    const xml = renderTransactionLog(
      input([row(1, { actorId: null, actorLabel: '  ' }), row(2, { actorLabel: long })]),
    );
    expect((await validateXml(xml, 'nsesss-TrP')).valid).toBe(true);
    const [anonymous, clipped] = eventsOf(parse(xml));
    expect(anonymous?.provedlKdo).toBe(UNKNOWN_ACTOR);
    expect(Array.from(clipped!.provedlKdo)).toHaveLength(100);
    expect(clipped!.provedlKdo.endsWith(`… (${USER})`)).toBe(true);
  });

  it('replaces characters XML cannot carry, so the document stays valid', async () => {
    const xml = renderTransactionLog(input([row(1, { params: { note: 'a\u0000b\u001Fc\uD800' } })]));
    expect((await validateXml(xml, 'nsesss-TrP')).valid).toBe(true);
    expect(params(eventsOf(parse(xml))[0]!).note).toEqual(['a\uFFFDb\uFFFDc\uFFFD']);
  });

  it('renders an empty range as a valid log with no events', async () => {
    const xml = renderTransactionLog(input([]));
    expect((await validateXml(xml, 'nsesss-TrP')).valid).toBe(true);
    const log = parse(xml);
    expect(eventsOf(log)).toEqual([]);
    expect(log.TransLogInfo).toMatchObject({
      DatumVzniku: '2025-03-15T01:30:00.000Z',
      DatumCasOd: '2025-03-14T00:00:00.000Z',
      DatumCasDo: '2025-03-15T00:00:00.000Z',
      Software: 'Samospráva',
      VerzeSoftware: '0.1.0',
    });
  });

  it('derives a stable log identifier of at most 50 characters, or takes the given one', () => {
    const a = parse(renderTransactionLog(input([])));
    const b = parse(renderTransactionLog(input([])));
    const id = (l: ParsedLog) => (l.TransLogInfo.Identifikator as { HodnotaID: string }).HodnotaID;
    expect(id(a)).toBe(id(b));
    expect(id(a).length).toBeLessThanOrEqual(50);
    const later = parse(renderTransactionLog(input([], { generatedAt: new Date('2025-03-16T00:00:00Z') })));
    expect(id(later)).not.toBe(id(a));
    expect(id(parse(renderTransactionLog(input([], { logId: 'export-42' }))))).toBe('export-42');
    expect(() => renderTransactionLog(input([], { logId: 'x'.repeat(51) }))).toThrow(/longer than 50/);
  });

  it('identifies the source by tenant id when the producer has no IČO', () => {
    const log = parse(
      renderTransactionLog(input([], { producer: { name: 'Svazek obcí', ico: null, id: TENANT } })),
    );
    expect((log.TransLogInfo.Identifikator as { ZdrojID: string }).ZdrojID).toBe(`${TENANT}.Samospráva`);
  });

  it('refuses rows that do not belong in the log', () => {
    const render = (events: AuditEventRow[]) => () => renderTransactionLog(input(events));
    expect(render([row(1, { tenantId: '0190f3c2-6a51-7c3e-8d0e-2b1f4a9c9999' })])).toThrow(
      /belongs to tenant/,
    );
    expect(render([row(1, {}), row(1, {})])).toThrow(/appears twice/);
    expect(render([row(0, {})])).toThrow(/positive integer/);
    expect(render([row(1, { at: new Date('2025-03-15T00:00:00.001Z') })])).toThrow(/outside the range/);
    expect(render([row(1, { objectId: 'x'.repeat(51) })])).toThrow(/longer than 50/);
    expect(render([row(1, { params: { 'audit.hash': 'forged' } })])).toThrow(/reserved prefix/);
    expect(() => renderTransactionLog(input([], { from: new Date('2025-03-16T00:00:00Z') }))).toThrow(
      /after/,
    );
  });
});

describe('renderObjectTransactionLog', () => {
  it('renders one object history that validates, and refuses events of other objects', async () => {
    const docRows = ROWS.filter((r) => r.objectId === DOC && r.objectType === 'Dokument');
    const xml = renderObjectTransactionLog({ ...input(docRows), object: { type: 'Dokument', id: DOC } });
    expect(await validateXml(xml, 'nsesss-TrP')).toEqual({ valid: true, errors: [] });
    const log = parse(xml, 'TransakcniLogObjektu');
    expect(eventsOf(log).map((e) => e.Poradi)).toEqual(docRows.map((r) => String(r.seq)));
    expect(eventsOf(log)[0]?.Objekt).toBeUndefined();
    expect(() =>
      renderObjectTransactionLog({ ...input(ROWS.slice(2, 6)), object: { type: 'Dokument', id: DOC } }),
    ).toThrow(/not the log's object/);
  });
});

describe('validateXml', () => {
  const valid = () => renderTransactionLog(input(ROWS));

  it('reports an event type outside the code list', async () => {
    const xml = valid().replace(
      '<TypUdalostiId>Zalozeni</TypUdalostiId>',
      '<TypUdalostiId>Smazani</TypUdalostiId>',
    );
    const result = await validateXml(xml, 'nsesss-TrP');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/^line \d+: .*TypUdalostiId.*enumeration.*'Smazani'/m);
  });

  it('reports a missing required element', async () => {
    const xml = valid().replace(/<provedlKdo>[^<]*<\/provedlKdo>/, '');
    const result = await validateXml(xml, 'nsesss-TrP');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(
      /Expected is \( \{http:\/\/www\.mvcr\.cz\/nsesss\/2023\/log\}provedlKdo \)/,
    );
  });

  it('reports a facet violation and a wrong namespace', async () => {
    const zero = await validateXml(valid().replace('<Poradi>1</Poradi>', '<Poradi>0</Poradi>'), 'nsesss-TrP');
    expect(zero.valid).toBe(false);
    expect(zero.errors.join('\n')).toMatch(/Poradi/);
    const ns = await validateXml(
      valid().replace(TRP_NAMESPACE, 'http://www.mvcr.cz/nsesss/v4'),
      'nsesss-TrP',
    );
    expect(ns.valid).toBe(false);
    expect(ns.errors.join('\n')).toMatch(/No matching global declaration/);
  });

  it('resolves a document that is not well-formed as invalid instead of throwing', async () => {
    const result = await validateXml(valid().replace('</Udalosti>', ''), 'nsesss-TrP');
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatch(/^line \d+: parser error/);
  });

  it('loads the other NSESSS schemas with their include chains', async () => {
    for (const schema of ['nsesss', 'nsesss-plan', 'nsesss-DA'] as const) {
      const result = await validateXml('<Nic xmlns="http://www.mvcr.cz/nsesss/v4"/>', schema);
      expect(result.errors.join('\n'), schema).toMatch(
        /No matching global declaration available for the validation root/,
      );
    }
  });

  it('validates METS with the xlink import mapped by catalog.xml, and checks NSESSS metadata inside it', async () => {
    const mets = `<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:nsesss="http://www.mvcr.cz/nsesss/v4" LABEL="x">
  <mets:dmdSec ID="dmd1"><mets:mdWrap MDTYPE="OTHER"><mets:xmlData>
    <nsesss:Dokument ID="d1"><nsesss:Nesmysl/></nsesss:Dokument>
  </mets:xmlData></mets:mdWrap></mets:dmdSec>
  <mets:structMap><mets:div/></mets:structMap>
</mets:mets>`;
    const result = await validateXml(mets, 'mets');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Nesmysl.*not expected/);
    // Metadata in a namespace no loaded schema declares is skipped (lax), not rejected.
    const foreign = mets.replace(
      /<nsesss:Dokument[\s\S]*<\/nsesss:Dokument>/,
      '<x:cokoli xmlns:x="urn:example"/>',
    );
    expect(await validateXml(foreign, 'mets')).toEqual({ valid: true, errors: [] });
  });

  it('finds the standards beside the repository, or where SAMOSPRAVA_STANDARDS_DIR says', async () => {
    expect(existsSync(path.join(standardsDir(), 'nsesss-2023', 'nsesss-TrP.xsd'))).toBe(true);
    expect(standardsDir({ SAMOSPRAVA_STANDARDS_DIR: '/nowhere' })).toBe(path.resolve('/nowhere'));
    process.env.SAMOSPRAVA_STANDARDS_DIR = '/nowhere/standards';
    await expect(validateXml(valid(), 'nsesss-TrP')).rejects.toThrow(/cannot read nsesss-TrP\.xsd/);
  });
});

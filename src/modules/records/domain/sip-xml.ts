/**
 * SIP packages (datové balíčky SIP) per NSESSS: `mets.xml` (METS, `mets.xsd`) carrying the NSESSS
 * description of one entity (`nsesss.xsd`: here a closed `Spis` with its `Dokumenty`) — one package
 * per entity, as the standard has it — and the archive's decision (`nsesss-DA.xsd`, `Seznam`).
 * Pure string work from plain data; the service gathers the data and validates in tests.
 *
 * - disposal procedure (skartační řízení): LABEL "Datový balíček pro provedení skartačního řízení",
 *   metadata only;
 * - transfer to the archive: LABEL "Datový balíček pro předávání dokumentů a jejich metadat do
 *   archivu", with the components as `Komponenty` in the metadata, a `fileSec` and the files in
 *   `komponenty/` beside `mets.xml`.
 */
import { XMLParser } from 'fast-xml-parser';
import { SETTLEMENT_METHODS, type SettlementMethod } from './files.js';
import { DA_OPERATIONS, type Decision, SIP_LABEL, type SipKind } from './office.js';
import { escapeXml, ID_SOURCE, NSESSS_NS } from './plan-xml.js';
import { type RetentionMark, TRIGGER_EVENTS, type TriggerEvent } from './retention.js';

export const METS_NS = 'http://www.loc.gov/METS/';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** Name of the register the reference numbers come from (NazevEvidenceDokumentu). */
export const REGISTER_NAME = 'Jednací deník';
/** What the standard's free-text elements get when the system has no value (the schema needs one). */
const NOT_GIVEN = 'neuvedeno';

export interface SipOrganisation {
  ico: string | null;
  name: string;
  address: string;
}

export interface SipRegime {
  identifier: string;
  name: string;
  justification: string;
  mark: RetentionMark;
  period: number;
  trigger: TriggerEvent;
}

/** A subject group with its ancestors (parent null: a top group of the plan). */
export interface SipGroup {
  id: string;
  code: string;
  fullCode: string;
  title: string;
  openedOn: string;
  regime: SipRegime | null;
  parent: SipGroup | null;
}

export interface SipPlan {
  id: string;
  identifier: string;
  name: string;
  validFrom: string;
}

/** A member of staff (tSubjektInterni). */
export interface SipStaff {
  id: string;
  name: string;
  orgUnit: string | null;
  position: string;
}

export interface SipSender {
  id: string;
  kind: 'natural' | 'legal';
  name: string;
  ico: string | null;
  address: string | null;
  email: string | null;
}

export interface SipComponent {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: Date;
  /** Path of the file inside the package, e.g. `komponenty/1-zadost.pdf`. */
  path: string;
  /** A scan of a paper original (digitalizát) or a born-digital original. */
  scan: boolean;
}

export interface SipDocument {
  id: string;
  pid: string;
  refNumber: string;
  seq: number;
  year: number;
  subject: string;
  direction: 'incoming' | 'own';
  /** Paper original exists (a letter delivered on paper). */
  analog: boolean;
  registeredOn: string;
  deliveredOn: string | null;
  sender: SipSender | null;
  senderRef: string | null;
  author: SipStaff | null;
  group: SipGroup | null;
  regime: SipRegime | null;
  settlement: { date: string; method: SettlementMethod; note: string | null; by: SipStaff | null } | null;
  components: SipComponent[];
}

export interface SipFile {
  id: string;
  pid: string;
  fileNumber: string;
  seq: number | null;
  year: number;
  subject: string;
  createdOn: string;
  closedOn: string;
  triggerYear: number;
  disposalYear: number;
  group: SipGroup;
  regime: SipRegime;
  handler: SipStaff;
  location: string | null;
  documents: SipDocument[];
}

export interface SipInput {
  kind: SipKind;
  /** Identifier of the package (OBJID), unique per originator. */
  id: string;
  createdAt: Date;
  originator: SipOrganisation;
  plan: SipPlan;
  file: SipFile;
}

// --- a tiny element tree, escaped when written ------------------------------------------------

type Attrs = Record<string, string | number | undefined>;
interface El {
  name: string;
  attrs: Attrs;
  children: (El | string)[];
}

const el = (
  name: string,
  attrs: Attrs = {},
  ...children: (El | string | null | undefined | false)[]
): El => ({
  name,
  attrs,
  children: children.filter((c): c is El | string => c !== null && c !== undefined && c !== false),
});
/** An element of the NSESSS namespace. */
const n = (name: string, ...children: (El | string | null | undefined | false)[]) =>
  el(`nsesss:${name}`, {}, ...children);
const na = (name: string, attrs: Attrs, ...children: (El | string | null | undefined | false)[]) =>
  el(`nsesss:${name}`, attrs, ...children);

function render(e: El, depth: number): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(e.attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  if (e.children.length === 0) return `${pad}<${e.name}${attrs}/>`;
  if (e.children.every((c) => typeof c === 'string'))
    return `${pad}<${e.name}${attrs}>${e.children.map((c) => escapeXml(c as string)).join('')}</${e.name}>`;
  const inner = e.children.map((c) =>
    typeof c === 'string' ? `${pad}  ${escapeXml(c)}` : render(c, depth + 1),
  );
  return `${pad}<${e.name}${attrs}>\n${inner.join('\n')}\n${pad}</${e.name}>`;
}

/** xs:ID values are NCNames and unique in the whole document: a counter per package. */
class Ids {
  private next = 1;
  take(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}

/** xs:gYear / xs:date values; identifiers ≤ 50 (tIdentifikatorHodnota), short texts ≤ 100 (tText). */
const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max));
const text100 = (s: string | null | undefined) => clip((s ?? '').trim() || NOT_GIVEN, 100);
const ident = (value: string, source = ID_SOURCE) => na('Identifikator', { zdroj: source }, clip(value, 50));

// --- NSESSS parts -------------------------------------------------------------------------------

function regimeEl(r: SipRegime): El {
  return n(
    'SkartacniRezim',
    ident(r.identifier),
    n('Nazev', r.name),
    n('Oduvodneni', r.justification),
    n('SkartacniZnak', r.mark),
    n('SkartacniLhuta', String(r.period)),
    n('SpousteciUdalost', TRIGGER_EVENTS[r.trigger]),
  );
}

function organisationEl(o: SipOrganisation): El[] {
  return [na('IdentifikatorOrganizace', { zdroj: 'IČO' }, o.ico ?? NOT_GIVEN), n('NazevOrganizace', o.name)];
}

/** A member of staff as tSubjektInterni (every element is required there). */
function staffEl(o: SipOrganisation, s: SipStaff): El {
  return n(
    'Subjekt',
    ...organisationEl(o),
    na('IdentifikatorFyzickeOsoby', { zdroj: ID_SOURCE }, s.id),
    n('NazevFyzickeOsoby', s.name),
    n('OrganizacniUtvar', text100(s.orgUnit)),
    n('PracovniPozice', text100(s.position)),
    n('SidloOrganizace', o.address || NOT_GIVEN),
  );
}

/** A sender as tSubjektExterni: an organisation (with IČO, or our identifier of it) or a person. */
function senderEl(s: SipSender | null): El {
  if (s && s.kind === 'legal')
    return n(
      'Subjekt',
      s.ico
        ? na('IdentifikatorOrganizace', { zdroj: 'IČO' }, s.ico)
        : na('IdentifikatorOrganizace', { zdroj: ID_SOURCE }, s.id),
      n('NazevOrganizace', s.name),
      n('SidloOrganizace', s.address || NOT_GIVEN),
      s.email ? n('ElektronickyKontakt', text100(s.email)) : null,
    );
  return n(
    'Subjekt',
    s ? na('IdentifikatorFyzickeOsoby', { zdroj: ID_SOURCE }, s.id) : null,
    n('NazevFyzickeOsoby', s?.name ?? 'neznámý odesílatel'),
    n('PostovniAdresa', s?.address || NOT_GIVEN),
    n('ElektronickyKontakt', text100(s?.email)),
  );
}

/** A subject group with its chain of parents up to the file plan (tVecnaSkupina). */
function groupEl(ids: Ids, g: SipGroup, plan: SipPlan, o: SipOrganisation): El {
  const up = g.parent
    ? n('MaterskaEntita', groupEl(ids, g.parent, plan, o))
    : na(
        'SpisovyPlan',
        { ID: ids.take('SP') },
        ident(plan.identifier),
        n('Nazev', plan.name),
        n('Manipulace', n('DatumOtevreni', plan.validFrom)),
        n('Vydavatel', n('Subjekt', ...organisationEl(o), n('SidloOrganizace', o.address || NOT_GIVEN))),
      );
  return na(
    'VecnaSkupina',
    { ID: ids.take('VS') },
    n(
      'EvidencniUdaje',
      n('Identifikace', ident(g.id)),
      n('Popis', n('Nazev', g.title)),
      n('Puvod', n('DatumVytvoreni', g.openedOn)),
      n('Trideni', n('JednoduchySpisovyZnak', g.code), n('PlneUrcenySpisovyZnak', g.fullCode), up),
      n('Vyrazovani', g.regime ? regimeEl(g.regime) : null),
      n('Manipulace', n('AnalogovyDokument', 'ne'), n('DatumOtevreni', g.openedOn)),
    ),
  );
}

function datace(trigger: number, disposal: number): El {
  return n(
    'DataceVyrazeni',
    n('RokSpousteciUdalosti', String(trigger)),
    n('RokSkartacniOperace', String(disposal)),
  );
}

function componentEl(ids: Ids, c: SipComponent, order: number, group: SipGroup): { el: El; id: string } {
  const id = ids.take('KOMP');
  return {
    id,
    el: na(
      'Komponenta',
      {
        ID: id,
        poradi: order,
        druh: order === 1 ? 'hlavní dokument' : 'příloha',
        verze: 1,
        forma_uchovani: c.scan ? 'digitalizát' : 'originál',
      },
      n(
        'EvidencniUdaje',
        n('Identifikace', ident(c.id)),
        n('Popis', n('Nazev', c.filename)),
        n('Trideni', n('JednoduchySpisovyZnak', group.code), n('PlneUrcenySpisovyZnak', group.fullCode)),
      ),
    ),
  };
}

function documentEl(
  ids: Ids,
  d: SipDocument,
  file: SipFile,
  o: SipOrganisation,
  withComponents: boolean,
  componentIds: Map<string, string>,
): El {
  const group = d.group ?? file.group;
  const regime = d.regime ?? file.regime;
  const origin =
    d.direction === 'incoming'
      ? n(
          'DorucenyDokument',
          n('DatumDoruceni', d.deliveredOn ?? d.registeredOn),
          d.senderRef ? n('OdesilatelovoEvidencniCislo', clip(d.senderRef, 50)) : null,
          n('Odesilatel', senderEl(d.sender)),
        )
      : n(
          'VlastniDokument',
          n('DatumVytvoreni', d.registeredOn),
          n('Autor', staffEl(o, d.author ?? file.handler)),
        );
  const s = d.settlement;
  const settlement = s
    ? n(
        'Vyrizeni',
        n('Datum', s.date),
        n('Zpusob', SETTLEMENT_METHODS[s.method]),
        // "jiný způsob" needs what was done and why; the note says both.
        s.note ? n('ObsahVyrizeni', s.note) : null,
        s.method === 'other' ? n('Oduvodneni', s.note ?? NOT_GIVEN) : null,
        n('Zpracovatel', staffEl(o, s.by ?? file.handler)),
      )
    : null;
  const components =
    withComponents && d.components.length
      ? n(
          'Komponenty',
          ...d.components.map((c, i) => {
            const made = componentEl(ids, c, i + 1, group);
            componentIds.set(c.id, made.id);
            return made.el;
          }),
        )
      : null;
  return na(
    'Dokument',
    { ID: ids.take('DOK') },
    n(
      'EvidencniUdaje',
      n('Identifikace', ident(d.pid)),
      n('Popis', n('Nazev', d.subject)),
      n(
        'Evidence',
        n('EvidencniCislo', d.refNumber),
        n('PoradoveCislo', String(d.seq)),
        n('UrceneCasoveObdobi', n('Rok', String(d.year))),
        n('NazevEvidenceDokumentu', REGISTER_NAME),
      ),
      n('Puvod', origin),
      n('Trideni', n('JednoduchySpisovyZnak', group.code), n('PlneUrcenySpisovyZnak', group.fullCode)),
      settlement,
      n('Vyrazovani', regimeEl(regime), datace(file.triggerYear, file.disposalYear)),
      n('Manipulace', n('AnalogovyDokument', d.analog ? 'ano' : 'ne')),
    ),
    components,
  );
}

function fileEl(ids: Ids, input: SipInput, componentIds: Map<string, string>): El {
  const { file: f, originator: o, plan } = input;
  const withComponents = input.kind === 'transfer';
  return na(
    'Spis',
    { ID: ids.take('SPIS') },
    n(
      'EvidencniUdaje',
      n('Identifikace', ident(f.pid)),
      n('Popis', n('Nazev', f.subject)),
      n(
        'Evidence',
        n('EvidencniCislo', f.fileNumber),
        f.seq !== null ? n('PoradoveCislo', String(f.seq)) : null,
        n('UrceneCasoveObdobi', n('Rok', String(f.year))),
        n('NazevEvidenceDokumentu', REGISTER_NAME),
      ),
      n('Puvod', n('DatumVytvoreni', f.createdOn)),
      n(
        'Trideni',
        n('JednoduchySpisovyZnak', f.group.code),
        n('PlneUrcenySpisovyZnak', f.group.fullCode),
        n('MaterskaEntita', groupEl(ids, f.group, plan, o)),
      ),
      n('VyrizeniUzavreni', n('Datum', f.closedOn), n('Zpracovatel', staffEl(o, f.handler))),
      n('Vyrazovani', regimeEl(f.regime), datace(f.triggerYear, f.disposalYear)),
      n(
        'Manipulace',
        n('AnalogovyDokument', f.documents.some((d) => d.analog) ? 'ano' : 'ne'),
        n('DatumOtevreni', f.createdOn),
        n('DatumUzavreni', f.closedOn),
        f.location ? n('Umisteni', f.location) : null,
      ),
    ),
    n('Dokumenty', ...f.documents.map((d) => documentEl(ids, d, f, o, withComponents, componentIds))),
  );
}

/** The `mets.xml` of one package. */
export function sipMetsXml(input: SipInput): string {
  if (input.file.documents.length === 0)
    throw new Error(`File ${input.file.fileNumber} has no documents; NSESSS has no SIP for an empty file.`);
  const ids = new Ids();
  const componentIds = new Map<string, string>();
  const spis = fileEl(ids, input, componentIds);
  const dmdId = 'DMD1';
  const f = input.file;
  const created = input.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fileSec =
    input.kind === 'transfer'
      ? el(
          'mets:fileSec',
          {},
          el(
            'mets:fileGrp',
            { ID: 'FG1', USE: 'komponenty' },
            ...f.documents.flatMap((d) =>
              d.components.map((c) =>
                el(
                  'mets:file',
                  {
                    ID: `F-${componentIds.get(c.id)}`,
                    MIMETYPE: c.mime.split(';')[0]!.trim(),
                    SIZE: c.size,
                    CREATED: c.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
                    CHECKSUM: c.sha256,
                    CHECKSUMTYPE: 'SHA-256',
                    DMDID: dmdId,
                  },
                  el('mets:FLocat', { LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': c.path }),
                ),
              ),
            ),
          ),
        )
      : null;
  const structMap = el(
    'mets:structMap',
    { ID: 'SM1', LABEL: input.kind === 'transfer' ? 'spis s komponentami' : 'spis' },
    el(
      'mets:div',
      { ID: 'DIV-SPIS', TYPE: 'spis', LABEL: f.fileNumber, DMDID: dmdId },
      ...f.documents.map((d, i) =>
        el(
          'mets:div',
          { ID: `DIV-DOK${i + 1}`, TYPE: 'dokument', LABEL: d.refNumber, ORDER: i + 1 },
          ...(input.kind === 'transfer'
            ? d.components.map((c, j) =>
                el(
                  'mets:div',
                  {
                    ID: `DIV-${componentIds.get(c.id)}`,
                    TYPE: 'komponenta',
                    LABEL: c.filename,
                    ORDER: j + 1,
                  },
                  el('mets:fptr', { FILEID: `F-${componentIds.get(c.id)}` }),
                ),
              )
            : []),
        ),
      ),
    ),
  );
  const root = el(
    'mets:mets',
    {
      'xmlns:mets': METS_NS,
      'xmlns:nsesss': NSESSS_NS,
      'xmlns:xlink': XLINK_NS,
      OBJID: input.id,
      LABEL: SIP_LABEL[input.kind],
      TYPE: 'spis',
    },
    el(
      'mets:metsHdr',
      { CREATEDATE: created },
      el(
        'mets:agent',
        { ROLE: 'CREATOR', TYPE: 'ORGANIZATION' },
        el('mets:name', {}, input.originator.name),
        input.originator.ico ? el('mets:note', {}, `IČO ${input.originator.ico}`) : null,
      ),
    ),
    el(
      'mets:dmdSec',
      { ID: dmdId },
      el(
        'mets:mdWrap',
        { MDTYPE: 'OTHER', OTHERMDTYPE: 'NSESSS', MIMETYPE: 'text/xml' },
        el('mets:xmlData', {}, spis),
      ),
    ),
    fileSec,
    structMap,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}

// --- the archive's decision (nsesss-DA.xsd) -----------------------------------------------------

export interface ArchiveListEntry {
  identifier: string;
  source: string;
  /** The operation's text (tOperace), or null when the entry carries an IdentifikatorDA instead. */
  operation: string | null;
  /** What the operation decides: A, S, or null (no decision: "předložit k výběru", IdentifikatorDA). */
  decision: Decision | null;
}

export interface ArchiveList {
  id: string;
  archive: string;
  originator: string;
  procedure: string | null;
  createdAt: string;
  entries: ArchiveListEntry[];
}

const daParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'EntitaSeznamu',
});

type Node = Record<string, unknown>;
const textOf = (v: unknown): string =>
  typeof v === 'string'
    ? v.trim()
    : v && typeof v === 'object' && '#text' in (v as Node)
      ? String((v as Node)['#text']).trim()
      : '';

/** Reads a `Seznam` that has validated against nsesss-DA.xsd. */
export function parseArchiveList(xml: string): ArchiveList {
  const doc = daParser.parse(xml) as { Seznam?: Node };
  const s = doc.Seznam ?? {};
  const entries = ((s.EntitaSeznamu as Node[] | undefined) ?? []).map((e): ArchiveListEntry => {
    const id = e.Identifikator as Node | string;
    const operation = e.Operace === undefined ? null : textOf(e.Operace);
    return {
      identifier: textOf(id),
      source: typeof id === 'object' ? String(id['@_zdroj'] ?? '') : '',
      operation,
      decision: operation === null ? null : (DA_OPERATIONS[operation] ?? null),
    };
  });
  return {
    id: String(s['@_ID'] ?? ''),
    archive: String(s['@_identifikatorArchivu'] ?? ''),
    originator: String(s['@_identifikatorPuvodce'] ?? ''),
    procedure: s['@_identifikatorSkartacnihoRizeni'] ? String(s['@_identifikatorSkartacnihoRizeni']) : null,
    createdAt: String(s['@_datumVytvoreni'] ?? ''),
    entries,
  };
}

/** Writes a `Seznam` (used for the demo and tests: the archive's side of the exchange). */
export function archiveListXml(
  list: Omit<ArchiveList, 'entries'> & {
    entries: { identifier: string; source?: string; operation: string }[];
  },
): string {
  const root = el(
    'Seznam',
    {
      xmlns: NSESSS_NS,
      ID: list.id,
      identifikatorArchivu: list.archive,
      identifikatorPuvodce: list.originator,
      identifikatorSkartacnihoRizeni: list.procedure ?? undefined,
      datumVytvoreni: list.createdAt,
    },
    ...list.entries.map((e) =>
      el(
        'EntitaSeznamu',
        {},
        el('Identifikator', { zdroj: e.source ?? ID_SOURCE }, e.identifier),
        el('Operace', {}, e.operation),
      ),
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}

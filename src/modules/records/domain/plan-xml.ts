/**
 * The file plan as NSESSS XML (`nsesss-plan.xsd`, element `SpisovyPlan`): writing and reading.
 * Pure string work; the service validates against the XSD before it reads a file.
 */
import { XMLParser } from 'fast-xml-parser';
import type { FieldError } from '../../../platform/errors.js';
import { checkFullCode, checkSimpleCode, fullCode, NUMBERING_XML, type NumberingMethod } from './plan.js';
import { checkRegime, type RetentionRegime, TRIGGER_EVENTS } from './retention.js';

export const NSESSS_NS = 'http://www.mvcr.cz/nsesss/v4';
/** The source named in `Identifikator/@zdroj` for identifiers this system hands out. */
export const ID_SOURCE = 'Samospráva';

export interface PlanGroupNode {
  /** Stable identifier of the group (written as its Identifikator). */
  id: string;
  code: string;
  fullCode: string;
  title: string;
  openedOn: string;
  closedOn: string | null;
  numbering: NumberingMethod;
  regime: RetentionRegime | null;
  children: PlanGroupNode[];
}

export interface PlanDocument {
  identifier: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  issuer: { ico: string | null; name: string; address: string };
  groups: PlanGroupNode[];
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** xs:ID must be an NCName: a letter first, no colons. */
function xmlId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function regimeXml(r: RetentionRegime, indent: string): string {
  const i = `${indent}  `;
  return [
    `${indent}<SkartacniRezim>`,
    `${i}<Identifikator zdroj="${escapeXml(ID_SOURCE)}">${escapeXml(r.identifier)}</Identifikator>`,
    `${i}<Nazev>${escapeXml(r.name)}</Nazev>`,
    `${i}<Oduvodneni>${escapeXml(r.justification)}</Oduvodneni>`,
    `${i}<SkartacniZnak>${r.mark}</SkartacniZnak>`,
    `${i}<SkartacniLhuta>${r.period}</SkartacniLhuta>`,
    `${i}<SpousteciUdalost>${escapeXml(TRIGGER_EVENTS[r.trigger])}</SpousteciUdalost>`,
    `${indent}</SkartacniRezim>`,
  ].join('\n');
}

function groupXml(g: PlanGroupNode, depth: number): string {
  const p = '  '.repeat(depth);
  const lines = [
    `${p}<PlanVecnaSkupina ID="${xmlId('VS', g.id)}">`,
    `${p}  <EvidencniUdaje>`,
    `${p}    <Identifikace><Identifikator zdroj="${escapeXml(ID_SOURCE)}">${escapeXml(g.id)}</Identifikator></Identifikace>`,
    `${p}    <Popis><Nazev>${escapeXml(g.title)}</Nazev></Popis>`,
    `${p}    <Puvod><DatumVytvoreni>${g.openedOn}</DatumVytvoreni></Puvod>`,
    `${p}    <Trideni>`,
    `${p}      <JednoduchySpisovyZnak>${escapeXml(g.code)}</JednoduchySpisovyZnak>`,
    `${p}      <PlneUrcenySpisovyZnak>${escapeXml(g.fullCode)}</PlneUrcenySpisovyZnak>`,
    `${p}    </Trideni>`,
    g.regime
      ? `${p}    <Vyrazovani>\n${regimeXml(g.regime, `${p}      `)}\n${p}    </Vyrazovani>`
      : `${p}    <Vyrazovani/>`,
    `${p}    <Manipulace>`,
    `${p}      <DatumOtevreni>${g.openedOn}</DatumOtevreni>`,
    ...(g.closedOn ? [`${p}      <DatumUzavreni>${g.closedOn}</DatumUzavreni>`] : []),
    `${p}    </Manipulace>`,
    `${p}    <ZpusobVedeni>${NUMBERING_XML[g.numbering]}</ZpusobVedeni>`,
    `${p}  </EvidencniUdaje>`,
    ...g.children.map((c) => groupXml(c, depth + 1)),
    `${p}</PlanVecnaSkupina>`,
  ];
  return lines.join('\n');
}

/** Writes the plan; an empty plan cannot be written (the schema needs at least one group). */
export function planToXml(plan: PlanDocument, planId: string): string {
  if (plan.groups.length === 0) throw new Error('A file plan without subject groups cannot be exported.');
  const issuer = plan.issuer;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<SpisovyPlan xmlns="${NSESSS_NS}" ID="${xmlId('SP', planId)}">`,
    `  <Identifikator zdroj="${escapeXml(ID_SOURCE)}">${escapeXml(plan.identifier)}</Identifikator>`,
    `  <Nazev>${escapeXml(plan.name)}</Nazev>`,
    '  <Manipulace>',
    `    <DatumOtevreni>${plan.validFrom}</DatumOtevreni>`,
    ...(plan.validTo ? [`    <DatumUzavreni>${plan.validTo}</DatumUzavreni>`] : []),
    '  </Manipulace>',
    '  <Vydavatel>',
    '    <Subjekt>',
    `      <IdentifikatorOrganizace zdroj="IČO">${escapeXml(issuer.ico ?? '-')}</IdentifikatorOrganizace>`,
    `      <NazevOrganizace>${escapeXml(issuer.name)}</NazevOrganizace>`,
    `      <SidloOrganizace>${escapeXml(issuer.address || '-')}</SidloOrganizace>`,
    '    </Subjekt>',
    '  </Vydavatel>',
    ...plan.groups.map((g) => groupXml(g, 1)),
    '</SpisovyPlan>',
    '',
  ].join('\n');
}

// --- reading ------------------------------------------------------------------------------------

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Codes like "01" must stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'PlanVecnaSkupina',
});

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']).trim();
  return '';
}

function child(n: unknown, name: string): Node | undefined {
  if (!n || typeof n !== 'object') return undefined;
  const v = (n as Node)[name];
  return v && typeof v === 'object' ? (v as Node) : undefined;
}

export interface ParsedPlan {
  identifier: string;
  name: string;
  validFrom: string;
  groups: PlanGroupNode[];
  regimes: RetentionRegime[];
}

/**
 * Reads a plan that already passed the XSD, applying the rules the schema cannot express: codes,
 * derived full codes, retention regimes (no V for new entities), consistent regime identifiers.
 * Errors name the group by its code so a records manager can find it in the file.
 */
export function parsePlanXml(xml: string): { value: ParsedPlan | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    return {
      value: null,
      errors: [{ field: 'file', message: `Not well-formed XML: ${(e as Error).message}` }],
    };
  }
  const root = child(doc, 'SpisovyPlan');
  if (!root)
    return { value: null, errors: [{ field: 'file', message: 'The root element is not SpisovyPlan.' }] };
  const regimes = new Map<string, RetentionRegime>();
  const seenCodes = new Set<string>();

  const readGroup = (n: Node, parentFull: string | null, path: string): PlanGroupNode | null => {
    const ev = child(n, 'EvidencniUdaje') ?? {};
    const trideni = child(ev, 'Trideni') ?? {};
    const code = text(trideni.JednoduchySpisovyZnak);
    const stated = text(trideni.PlneUrcenySpisovyZnak);
    const where = `group ${stated || code || path}`;
    const full = fullCode(parentFull, code);
    const local: FieldError[] = [...checkSimpleCode(code, where), ...checkFullCode(full, where)];
    if (local.length === 0 && stated !== full) {
      local.push({
        field: where,
        message: `The fully qualified code "${stated}" does not match the chain of simple codes ("${full}").`,
      });
    }
    if (seenCodes.has(full)) local.push({ field: where, message: `The code ${full} appears twice.` });
    seenCodes.add(full);
    const title = text(child(ev, 'Popis')?.Nazev);
    if (!title) local.push({ field: where, message: 'The group has no name.' });
    const opened = text(child(ev, 'Manipulace')?.DatumOtevreni).slice(0, 10);
    const closed = text(child(ev, 'Manipulace')?.DatumUzavreni).slice(0, 10) || null;
    const zv = text(ev.ZpusobVedeni);
    const numbering: NumberingMethod = zv === 'SbernyArch' ? 'sberny_arch' : 'priorace';
    let regime: RetentionRegime | null = null;
    const sr = child(child(ev, 'Vyrazovani'), 'SkartacniRezim');
    if (sr) {
      if (sr.RokVyrazeni !== undefined && sr.SkartacniLhuta === undefined) {
        local.push({
          field: where,
          message: 'A fixed year of disposal (RokVyrazeni) is not supported; use a period.',
        });
      } else {
        const checked = checkRegime({
          identifier: text(sr.Identifikator),
          name: text(sr.Nazev),
          justification: text(sr.Oduvodneni),
          mark: text(sr.SkartacniZnak),
          period: Number(text(sr.SkartacniLhuta)),
          trigger: text(sr.SpousteciUdalost),
        });
        for (const e of checked.errors)
          local.push({ field: `${where}: retention ${e.field}`, message: e.message });
        if (checked.value) {
          const prev = regimes.get(checked.value.identifier);
          if (prev && JSON.stringify(prev) !== JSON.stringify(checked.value)) {
            local.push({
              field: where,
              message: `Retention regime ${checked.value.identifier} is defined twice with different content.`,
            });
          }
          regimes.set(checked.value.identifier, checked.value);
          regime = checked.value;
        }
      }
    }
    errors.push(...local);
    const id = text(child(ev, 'Identifikace')?.Identifikator) || full;
    const kids = ((n.PlanVecnaSkupina as Node[] | undefined) ?? []).map((c, i) =>
      readGroup(c, full, `${path}.${i + 1}`),
    );
    if (local.length > 0) return null;
    return {
      id,
      code,
      fullCode: full,
      title,
      openedOn: opened,
      closedOn: closed,
      numbering,
      regime,
      children: kids.filter((k): k is PlanGroupNode => k !== null),
    };
  };

  const groups = ((root.PlanVecnaSkupina as Node[] | undefined) ?? []).map((g, i) =>
    readGroup(g, null, String(i + 1)),
  );
  const identifier = text(root.Identifikator);
  const name = text(root.Nazev);
  const validFrom = text(child(root, 'Manipulace')?.DatumOtevreni).slice(0, 10);
  if (errors.length > 0) return { value: null, errors };
  return {
    value: {
      identifier,
      name,
      validFrom,
      groups: groups.filter((g): g is PlanGroupNode => g !== null),
      regimes: [...regimes.values()],
    },
    errors,
  };
}

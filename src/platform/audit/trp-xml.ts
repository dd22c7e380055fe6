/**
 * The NSESSS audit log ("transakční protokol", `nsesss-2023/nsesss-TrP.xsd`) as XML — pure rendering.
 *
 * How an `audit_event` row maps onto `Udalost` (schema order):
 *   seq                     → Poradi (xs:positiveInteger; the schema allows gaps, so a window of the
 *                             per-tenant chain keeps its own numbers)
 *   at                      → DatumVzniku (UTC, milliseconds — the value that was hashed)
 *   actorLabel + actorId    → provedlKdo ("label (id)", 1–100 characters; the label is shortened, never the id)
 *   eventType               → TypUdalosti/TypUdalostiId, or TypUdalostiText when not an NSESSS code
 *   params                  → ParametryUdalosti/ParametrUdalosti (NazevParametru = key, one HodnotaParametru
 *                             per value; arrays of scalars give several values, objects their JSON)
 *   prevHash, hash          → two more ParametrUdalosti, `audit.prevHash` and `audit.hash`
 *   objectType              → Objekt/TypObjektu/TypObjektuId, or TypObjektuText when not an NSESSS code
 *   objectId                → Objekt/Identifikator/HodnotaID (empty when null — the element is required)
 *   tenant (producer)       → Identifikator/ZdrojID of the log and of every object: "<IČO or tenant id>.<system>"
 * The header carries the log identifier, generation time, range and software name/version. The
 * `DoplnujiciData` elements are not used: their xs:any is a strict wildcard, so only elements declared in a
 * loaded schema could go there. The producer's name, which the schema has no element for, goes into a
 * comment before the root.
 *
 * An empty range is valid: `Udalosti` may be empty.
 */
import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { isTypObjektuId, isTypUdalostiId } from './codes.js';
import type { AuditEventRow } from './types.js';

export const TRP_NAMESPACE = 'http://www.mvcr.cz/nsesss/2023/log';

/** Names of the event parameters that carry the hash chain; `params` keys may not use this prefix. */
export const CHAIN_PARAM_PREFIX = 'audit.';
export const PREV_HASH_PARAM = 'audit.prevHash';
export const HASH_PARAM = 'audit.hash';

/** provedlKdo for an event with neither actor id nor label. */
export const UNKNOWN_ACTOR = 'nepřihlášený uživatel';

export interface TransactionLogInput {
  producer: { name: string; ico?: string | null; id: string /* tenant uuid */ };
  system: { name: string; version: string };
  /** Range of the log; every event's `at` must lie within [from, to]. */
  from: Date;
  to: Date;
  generatedAt: Date;
  /** One tenant's events (the producer's); written in ascending seq order. */
  events: AuditEventRow[];
  /** Identifier of this rendering (≤ 50 characters); by default derived from producer, range and generatedAt. */
  logId?: string;
}

export interface ObjectTransactionLogInput extends TransactionLogInput {
  /** The one object whose history this is; every event must concern it. */
  object: { type: string; id: string };
}

const MAX_ID = 50;
const MAX_ACTOR = 100;

/** Characters XML 1.0 cannot carry at all, not even as references; replaced by U+FFFD. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content as a parser will read it back: XML-safe characters, line ends normalised to LF. */
function text(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(/\r\n?/g, '\n');
}

/** Length in characters (code points), as xs:maxLength counts. */
function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

function dateTime(value: Date, what: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new TypeError(`${what} is not a valid date`);
  return value.toISOString();
}

type Node = Record<string, unknown>;

function identifikator(hodnotaId: string, zdrojId: string, what: string): Node {
  if (charLength(hodnotaId) > MAX_ID) {
    throw new RangeError(`${what}: identifier "${hodnotaId}" is longer than ${MAX_ID} characters`);
  }
  return { HodnotaID: text(hodnotaId), ZdrojID: text(zdrojId) };
}

function typObjektu(type: string): Node {
  return isTypObjektuId(type) ? { TypObjektuId: type } : { TypObjektuText: text(type) };
}

function typUdalosti(type: string): Node {
  return isTypUdalostiId(type) ? { TypUdalostiId: type } : { TypUdalostiText: text(type) };
}

function provedlKdo(e: AuditEventRow): string {
  const label = e.actorLabel.trim();
  if (e.actorId === null) return clip(label || UNKNOWN_ACTOR, MAX_ACTOR);
  const id = e.actorId.trim();
  if (!label) return clip(id, MAX_ACTOR);
  const suffix = ` (${id})`;
  const room = MAX_ACTOR - charLength(suffix);
  return room >= 1 ? `${clip(label, room)}${suffix}` : clip(id, MAX_ACTOR);
}

type Scalar = string | number | boolean | bigint;

function isScalar(v: unknown): v is Scalar {
  return ['string', 'number', 'boolean', 'bigint'].includes(typeof v);
}

function paramValues(value: unknown): string[] {
  if (value === null) return [''];
  if (isScalar(value)) return [String(value)];
  if (value instanceof Date) return [value.toISOString()];
  if (Array.isArray(value) && value.length > 0 && value.every(isScalar)) return value.map(String);
  return [JSON.stringify(value) ?? ''];
}

function parametry(e: AuditEventRow): Node {
  const list: Node[] = [];
  for (const key of Object.keys(e.params).sort()) {
    const value = e.params[key];
    if (value === undefined) continue;
    if (key.startsWith(CHAIN_PARAM_PREFIX)) {
      throw new RangeError(
        `event ${e.seq}: parameter "${key}" uses the reserved prefix "${CHAIN_PARAM_PREFIX}"`,
      );
    }
    list.push({ NazevParametru: text(key), HodnotaParametru: paramValues(value).map(text) });
  }
  list.push({ NazevParametru: PREV_HASH_PARAM, HodnotaParametru: [text(e.prevHash)] });
  list.push({ NazevParametru: HASH_PARAM, HodnotaParametru: [text(e.hash)] });
  return { ParametrUdalosti: list };
}

function udalost(e: AuditEventRow): Node {
  return {
    Poradi: String(e.seq),
    DatumVzniku: dateTime(e.at, `event ${e.seq}: at`),
    provedlKdo: text(provedlKdo(e)),
    TypUdalosti: typUdalosti(e.eventType),
    ParametryUdalosti: parametry(e),
  };
}

function objekt(type: string, id: string | null, zdrojId: string, what: string): Node {
  return { TypObjektu: typObjektu(type), Identifikator: identifikator(id ?? '', zdrojId, what) };
}

/** Checks the events belong to the log and returns them in ascending seq order. */
function orderedEvents(input: TransactionLogInput): AuditEventRow[] {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const events = [...input.events].sort((a, b) => a.seq - b.seq);
  let last = 0;
  for (const e of events) {
    if (!Number.isSafeInteger(e.seq) || e.seq < 1)
      throw new RangeError(`event seq ${e.seq} is not a positive integer`);
    if (e.seq === last) throw new RangeError(`event ${e.seq} appears twice`);
    last = e.seq;
    if (e.tenantId !== input.producer.id) {
      throw new RangeError(`event ${e.seq} belongs to tenant ${e.tenantId}, not to ${input.producer.id}`);
    }
    const at = new Date(dateTime(e.at, `event ${e.seq}: at`)).getTime();
    if (at < from || at > to)
      throw new RangeError(`event ${e.seq} (${e.at.toISOString()}) lies outside the range`);
    if (!e.eventType) throw new RangeError(`event ${e.seq} has no event type`);
    if (!e.objectType) throw new RangeError(`event ${e.seq} has no object type`);
  }
  return events;
}

function zdrojId(input: TransactionLogInput): string {
  const owner = input.producer.ico?.trim() || input.producer.id;
  const prefix = `${owner}.`;
  const room = MAX_ID - charLength(prefix);
  return room > 0 ? `${prefix}${Array.from(input.system.name).slice(0, room).join('')}` : owner;
}

function header(input: TransactionLogInput, source: string): Node {
  const from = dateTime(input.from, 'from');
  const to = dateTime(input.to, 'to');
  const generatedAt = dateTime(input.generatedAt, 'generatedAt');
  if (input.from.getTime() > input.to.getTime()) throw new RangeError('from is after to');
  if (!input.producer.id) throw new TypeError('producer.id is empty');
  const logId =
    input.logId ??
    `TrP-${createHash('sha256')
      .update(JSON.stringify([input.producer.id, from, to, generatedAt]))
      .digest('hex')
      .slice(0, 40)}`;
  const info: Node = {
    Identifikator: identifikator(logId, source, 'logId'),
    DatumVzniku: generatedAt,
    DatumCasOd: from,
    DatumCasDo: to,
  };
  if (input.system.name) info.Software = text(input.system.name);
  if (input.system.version) info.VerzeSoftware = text(input.system.version);
  return info;
}

function producerComment(input: TransactionLogInput): string {
  const { name, ico, id } = input.producer;
  return text(` Transakční protokol: ${name}${ico ? `, IČO ${ico}` : ''} (${id}) `);
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  commentPropName: '#comment',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  processEntities: true,
});

function build(root: string, info: Node, events: Node[], comment: string): string {
  const doc = {
    '#comment': comment,
    [root]: {
      '@_xmlns': TRP_NAMESPACE,
      TransLogInfo: info,
      Udalosti: events.length > 0 ? { Udalost: events } : '',
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}

/** The whole system's log for a time range (`TransakcniLogSystemu`), e.g. the daily export. */
export function renderTransactionLog(input: TransactionLogInput): string {
  const source = zdrojId(input);
  const info = header(input, source);
  const events = orderedEvents(input).map((e) => ({
    ...udalost(e),
    Objekt: objekt(e.objectType, e.objectId, source, `event ${e.seq}: objectId`),
  }));
  return build('TransakcniLogSystemu', info, events, producerComment(input));
}

/** One object's history (`TransakcniLogObjektu`), e.g. for the object's SIP package. */
export function renderObjectTransactionLog(input: ObjectTransactionLogInput): string {
  const source = zdrojId(input);
  const info = {
    ...header(input, source),
    Objekt: objekt(input.object.type, input.object.id, source, 'object.id'),
  };
  const events = orderedEvents(input).map((e) => {
    if (e.objectType !== input.object.type || e.objectId !== input.object.id) {
      throw new RangeError(`event ${e.seq} concerns ${e.objectType} ${e.objectId}, not the log's object`);
    }
    return udalost(e);
  });
  return build('TransakcniLogObjektu', info, events, producerComment(input));
}

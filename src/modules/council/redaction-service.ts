/**
 * Redaction (anonymizace) of personal data in what the council publishes. The secretary marks
 * spans in a material's texts (title, problem, proposed solution, opinions, draft resolution
 * clauses) or in an adopted resolution (title, clauses) against one text version, previews the
 * redacted rendition and publishes it. Every public rendition (pages, minutes HTML and PDF,
 * JSON-LD, CSV, OParl, the public search) applies the published marks; staff pages keep showing
 * the original. Each use case is one tenant transaction with its audit entry.
 */
import type { Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { getFile } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/errors.js';
import { translator } from '../../platform/i18n/index.js';
import { isUuid, newId } from '../../platform/ids.js';
import type { Clause } from './domain/material.js';
import type { MinutesDoc, MinutesItem, MinutesMotion } from './domain/minutes.js';
import {
  carryPhrases,
  checkMarks,
  findPhrase,
  type Mark,
  markedText,
  publicTexts,
  REDACTION_CATEGORIES,
  REDACTION_LABELS,
  type RedactionCategory,
  type RedactionLabels,
  redact,
  type StoredMark,
  textSha256,
} from './domain/redaction.js';
import { renderMinutesPdf } from './minutes-pdf.js';
import { loadMinutes, type MinutesPdf, type MinutesView, publicTx } from './minutes-service.js';
import type { RedactionDB } from './redaction-schema.js';
import { type CTx, inTenant, loadMaterial, type MaterialView } from './service.js';

/** `minutes`: the minutes' own notes (opening, closing, discussion per item); the id is the meeting's. */
export const REDACTION_TARGETS = ['material', 'resolution', 'minutes'] as const;
export type RedactionTarget = (typeof REDACTION_TARGETS)[number];

type RTx = CTx & { rdb: Transaction<RedactionDB> };
const withR = (tx: CTx): RTx => ({ ...tx, rdb: tx.db as unknown as Transaction<RedactionDB> });

/** One redactable text: its field key, what it is (for labels on pages) and the text. */
export interface FieldText {
  field: string;
  part:
    | 'title'
    | 'problem'
    | 'proposal'
    | 'clauseText'
    | 'clauseResponsible'
    | 'opinion'
    | 'opening'
    | 'closing'
    | 'note';
  /** Clause number (1-based), agenda position (a note) or the opinion's author. */
  n?: number;
  from?: string;
  text: string;
}

interface Texts {
  target: RedactionTarget;
  id: string;
  /** Material version; a resolution's text never changes after adoption, so always 1. */
  version: number;
  title: string;
  reference: string | null;
  /** Shown on public pages now (adopted materials; every resolution). */
  isPublic: boolean;
  fields: FieldText[];
}

const clauseFields = (clauses: readonly Clause[]): FieldText[] =>
  clauses.flatMap((c, i) => {
    const out: FieldText[] = [{ field: `clauses/${i}/text`, part: 'clauseText', n: i + 1, text: c.text }];
    if (c.responsible)
      out.push({
        field: `clauses/${i}/responsible`,
        part: 'clauseResponsible',
        n: i + 1,
        text: c.responsible,
      });
    return out;
  });

function materialFields(m: MaterialView): FieldText[] {
  return [
    { field: 'title', part: 'title', text: m.title },
    { field: 'problem', part: 'problem', text: m.problem },
    { field: 'proposal', part: 'proposal', text: m.proposal },
    ...m.opinions.flatMap((o): FieldText[] =>
      o.text ? [{ field: `opinions/${o.id}`, part: 'opinion', from: o.from, text: o.text }] : [],
    ),
    ...clauseFields(m.clauses),
  ];
}

/**
 * The minutes' notes as the minutes show them (trimmed, as buildMinutes keeps them), so a mark's
 * fingerprint is of the very text the public minutes would print. Notes by agenda item id.
 */
function minutesFields(m: MinutesView): FieldText[] {
  const notes = new Map(m.doc.items.map((i) => [i.position, i.note]));
  return [
    ...(m.doc.opening ? [{ field: 'opening', part: 'opening' as const, text: m.doc.opening }] : []),
    ...m.items.flatMap((i): FieldText[] => {
      const text = notes.get(i.position);
      return text ? [{ field: `notes/${i.id}`, part: 'note', n: i.position, text }] : [];
    }),
    ...(m.doc.closing ? [{ field: 'closing', part: 'closing' as const, text: m.doc.closing }] : []),
  ];
}

async function loadTexts(tx: RTx, target: RedactionTarget, id: string): Promise<Texts> {
  if (!isUuid(id))
    throw notFound(
      target === 'material' ? 'The material' : target === 'resolution' ? 'The resolution' : 'The minutes',
    );
  if (target === 'minutes') {
    // Notes are edited in place (no versions), like a resolution's text: version 1; a note edited
    // after it was marked is caught by the marks' text fingerprints. Final (frozen) minutes stay
    // redactable, as a decided material's frozen version is: redaction changes only the renditions.
    const m = await loadMinutes(tx, id);
    return {
      target,
      id,
      version: 1,
      title: `${m.bodyName} ${m.number}/${m.year}`,
      reference: null,
      isPublic: m.final,
      fields: minutesFields(m),
    };
  }
  if (target === 'material') {
    const m = await loadMaterial(tx, id);
    return {
      target,
      id,
      version: m.version,
      title: m.title,
      reference: m.reference,
      isPublic: m.state === 'decided' && (m.outcome === 'adopted' || m.outcome === 'adopted_amended'),
      fields: materialFields(m),
    };
  }
  const r = await tx.rdb
    .selectFrom('council_resolution')
    .select(['id', 'number', 'title', 'clauses'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('The resolution');
  return {
    target,
    id,
    version: 1,
    title: r.title,
    reference: r.number,
    isPublic: true,
    fields: [{ field: 'title', part: 'title', text: r.title }, ...clauseFields(r.clauses as Clause[])],
  };
}

const textMap = (t: Texts): Record<string, string> =>
  Object.fromEntries(t.fields.map((f) => [f.field, f.text]));

export async function labelsFor(tx: CTx): Promise<RedactionLabels> {
  const t = await tx.db
    .selectFrom('tenant')
    .select('country')
    .where('id', '=', tx.tenantId)
    .executeTakeFirst();
  return t?.country === 'PL' ? REDACTION_LABELS.pl : REDACTION_LABELS.cs;
}

interface SetRow {
  id: string;
  version: number;
  savedAt: Date;
  publishedAt: Date | null;
  marks: StoredMark[];
}

/** The draft and the published mark set of each target. */
async function loadSets(
  tx: RTx,
  target: RedactionTarget,
  ids: readonly string[],
  states: readonly ('draft' | 'published')[],
): Promise<Map<string, { draft?: SetRow; published?: SetRow }>> {
  const out = new Map<string, { draft?: SetRow; published?: SetRow }>();
  if (ids.length === 0) return out;
  const rows = await tx.rdb
    .selectFrom('council_redaction')
    .selectAll()
    .where('target_type', '=', target)
    .where('target_id', 'in', ids)
    .where('state', 'in', states)
    .execute();
  if (rows.length === 0) return out;
  const marks = await tx.rdb
    .selectFrom('council_redaction_mark')
    .selectAll()
    .where(
      'redaction_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const set: SetRow = {
      id: r.id,
      version: r.version,
      savedAt: r.saved_at,
      publishedAt: r.published_at,
      marks: marks
        .filter((m) => m.redaction_id === r.id)
        .map((m) => ({
          field: m.field,
          start: m.start_at,
          end: m.end_at,
          category: m.category as RedactionCategory,
          textSha256: m.text_sha256,
        })),
    };
    const entry = out.get(r.target_id) ?? {};
    if (r.state === 'draft') entry.draft = set;
    else entry.published = set;
    out.set(r.target_id, entry);
  }
  return out;
}

/** The published marks of these targets (the public renditions apply them). */
export async function publishedMarks(
  tx: CTx,
  target: RedactionTarget,
  ids: readonly string[],
): Promise<Map<string, StoredMark[]>> {
  const sets = await loadSets(withR(tx), target, ids, ['published']);
  return new Map([...sets].flatMap(([id, s]) => (s.published ? [[id, s.published.marks]] : [])));
}

// --- the staff view -----------------------------------------------------------------------------

export interface MarkView extends Mark {
  /** The marked characters, while the field still has the text the mark was made for. */
  text: string | null;
  stale: boolean;
}

export interface RedactionView {
  target: RedactionTarget;
  id: string;
  version: number;
  title: string;
  reference: string | null;
  isPublic: boolean;
  fields: (FieldText & {
    /** With the draft marks (or, without a draft, the published ones). */
    preview: string;
    /** What the public sees now. */
    published: string;
    withheld: boolean;
  })[];
  draft: { version: number; savedAt: Date; marks: MarkView[] } | null;
  published: { version: number; publishedAt: Date; marks: MarkView[] } | null;
  /** Why the draft cannot be published now (empty when it can). */
  blockers: string[];
}

function markViews(texts: Record<string, string>, marks: readonly StoredMark[]): MarkView[] {
  return marks.map((m) => {
    const text = texts[m.field];
    const stale = text === undefined || textSha256(text) !== m.textSha256;
    return {
      field: m.field,
      start: m.start,
      end: m.end,
      category: m.category,
      text: stale ? null : markedText(text, m),
      stale,
    };
  });
}

function blockersOf(t: Texts, draft: SetRow | undefined, texts: Record<string, string>): string[] {
  if (!draft) return ['There is no draft to publish; save the marks first.'];
  const out: string[] = [];
  if (draft.version !== t.version)
    out.push(`The marks were made for version ${draft.version}; the current text is version ${t.version}.`);
  const stale = markViews(texts, draft.marks)
    .filter((m) => m.stale)
    .map((m) => m.field);
  if (stale.length)
    out.push(`These texts changed after they were marked: ${[...new Set(stale)].join(', ')}.`);
  return out;
}

async function view(tx: RTx, target: RedactionTarget, id: string): Promise<RedactionView> {
  const t = await loadTexts(tx, target, id);
  const sets = (await loadSets(tx, target, [id], ['draft', 'published'])).get(id) ?? {};
  const labels = await labelsFor(tx);
  const texts = textMap(t);
  const previewMarks = sets.draft?.marks ?? sets.published?.marks ?? [];
  const preview = publicTexts(texts, previewMarks, labels);
  const pub = publicTexts(texts, sets.published?.marks ?? [], labels);
  return {
    target,
    id,
    version: t.version,
    title: t.title,
    reference: t.reference,
    isPublic: t.isPublic,
    fields: t.fields.map((f) => ({
      ...f,
      preview: preview.texts[f.field]!,
      published: pub.texts[f.field]!,
      withheld: pub.withheld.includes(f.field),
    })),
    draft: sets.draft
      ? {
          version: sets.draft.version,
          savedAt: sets.draft.savedAt,
          marks: markViews(texts, sets.draft.marks),
        }
      : null,
    published: sets.published
      ? {
          version: sets.published.version,
          publishedAt: sets.published.publishedAt!,
          marks: markViews(texts, sets.published.marks),
        }
      : null,
    blockers: blockersOf(t, sets.draft, texts),
  };
}

function checkTarget(target: string): asserts target is RedactionTarget {
  if (!(REDACTION_TARGETS as readonly string[]).includes(target)) throw notFound('The redaction target');
}

/** The texts (original, internal), the draft and published marks, the preview and the public rendition. */
export async function getRedaction(
  ctx: AppContext,
  actor: Actor,
  target: string,
  id: string,
): Promise<RedactionView> {
  checkTarget(target);
  return inTenant(ctx, actor, 'council.read', (tx) => view(withR(tx), target, id));
}

// --- saving and publishing ------------------------------------------------------------------------

export interface SaveMarksInput {
  /** The text version the marks were made for (a material's current version; 1 for a resolution). */
  version: number;
  marks: Mark[];
}

/** Stores a mark set (draft, or published at once) with each mark's text fingerprint. */
async function insertSet(
  tx: RTx,
  t: Texts,
  marks: readonly Mark[],
  state: 'draft' | 'published',
): Promise<void> {
  const texts = textMap(t);
  const rid = newId();
  await tx.rdb
    .insertInto('council_redaction')
    .values({
      id: rid,
      tenant_id: tx.tenantId,
      target_type: t.target,
      target_id: t.id,
      version: t.version,
      state,
      saved_at: tx.now,
      saved_by: tx.actor.userId,
      ...(state === 'published' ? { published_at: tx.now, published_by: tx.actor.userId } : {}),
    })
    .execute();
  if (marks.length)
    await tx.rdb
      .insertInto('council_redaction_mark')
      .values(
        [...marks]
          .sort((a, b) => a.field.localeCompare(b.field) || a.start - b.start)
          .map((m, position) => ({
            redaction_id: rid,
            tenant_id: tx.tenantId,
            position,
            field: m.field,
            start_at: m.start,
            end_at: m.end,
            category: m.category,
            text_sha256: textSha256(texts[m.field]!),
          })),
      )
      .execute();
}

/** A resolution's redacted title and clauses beside the original (NULL = nothing redacted). */
async function writeResolutionRendition(tx: RTx, t: Texts, marks: readonly StoredMark[] | readonly Mark[]) {
  const texts = textMap(t);
  const stored = marks.map((m) => ({ ...m, textSha256: textSha256(texts[m.field] ?? '') }));
  const r = await tx.rdb
    .selectFrom('council_resolution')
    .select(['clauses'])
    .where('id', '=', t.id)
    .executeTakeFirstOrThrow();
  const rendition = publicTexts(texts, stored, await labelsFor(tx)).texts;
  const none = marks.length === 0;
  await tx.rdb
    .updateTable('council_resolution')
    .set({
      public_title: none ? null : rendition.title!,
      public_clauses: none
        ? null
        : JSON.stringify(
            (r.clauses as Clause[]).map((c, i) => ({
              ...c,
              text: rendition[`clauses/${i}/text`] ?? c.text,
              ...(c.responsible
                ? { responsible: rendition[`clauses/${i}/responsible`] ?? c.responsible }
                : {}),
            })),
          ),
    })
    .where('id', '=', t.id)
    .execute();
}

async function writeDraft(tx: RTx, t: Texts, marks: readonly Mark[]): Promise<void> {
  const texts = textMap(t);
  const issues = checkMarks(texts, marks);
  if (issues.length)
    throw invalid(
      issues.map((i) => ({ field: i.field, message: i.message, code: i.code }) as FieldError),
      'The marks do not fit the text.',
    );
  const old = await tx.rdb
    .selectFrom('council_redaction')
    .select('id')
    .where('target_type', '=', t.target)
    .where('target_id', '=', t.id)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  if (old) {
    await tx.rdb.deleteFrom('council_redaction_mark').where('redaction_id', '=', old.id).execute();
    await tx.rdb.deleteFrom('council_redaction').where('id', '=', old.id).execute();
  }
  await insertSet(tx, t, marks, 'draft');
  await appendAudit(tx, {
    eventType: 'Uprava',
    objectType: 'Dokument',
    objectId: t.id,
    params: { council: 'redactionDraft', target: t.target, version: t.version, marks: marks.length },
  });
}

function assertVersion(t: Texts, version: number): void {
  if (version !== t.version)
    throw conflict(
      `The marks were made for version ${version}, but the current text is version ${t.version}; mark the current text.`,
    );
}

/** Replaces the draft marks of a target (all or nothing). 409 for an old version, 422 for bad marks. */
export async function saveRedactionMarks(
  ctx: AppContext,
  actor: Actor,
  target: string,
  id: string,
  input: SaveMarksInput,
): Promise<RedactionView> {
  checkTarget(target);
  return inTenant(ctx, actor, 'redaction.manage', async (ctx0) => {
    const tx = withR(ctx0);
    const t = await loadTexts(tx, target, id);
    assertVersion(t, input.version);
    await writeDraft(tx, t, input.marks);
    return view(tx, target, id);
  });
}

/** The marks the secretary works on: the draft, else a copy of the published ones. */
async function workingMarks(tx: RTx, t: Texts): Promise<Mark[]> {
  const sets = (await loadSets(tx, t.target, [t.id], ['draft', 'published'])).get(t.id) ?? {};
  const texts = textMap(t);
  return markViews(texts, (sets.draft ?? sets.published)?.marks ?? [])
    .filter((m) => !m.stale)
    .map(({ field, start, end, category }) => ({ field, start, end, category }));
}

/**
 * Marks every occurrence of a phrase (in one field or in all) — what the page offers instead of
 * offsets. Occurrences already inside a mark are skipped; none found → 422.
 */
export async function markPhrase(
  ctx: AppContext,
  actor: Actor,
  target: string,
  id: string,
  input: { version: number; phrase: string; category: string; field?: string | null },
): Promise<{ view: RedactionView; added: number }> {
  checkTarget(target);
  return inTenant(ctx, actor, 'redaction.manage', async (ctx0) => {
    const tx = withR(ctx0);
    const t = await loadTexts(tx, target, id);
    assertVersion(t, input.version);
    const phrase = input.phrase.trim();
    if (!phrase) throw invalid([{ field: 'phrase', message: 'This field is required.' }]);
    if (!(REDACTION_CATEGORIES as readonly string[]).includes(input.category))
      throw invalid([{ field: 'category', message: 'Unknown category.' }]);
    const fields = input.field ? t.fields.filter((f) => f.field === input.field) : t.fields;
    if (input.field && fields.length === 0)
      throw invalid([{ field: 'field', message: 'No such text to redact.' }]);
    const marks = await workingMarks(tx, t);
    let found = 0;
    let added = 0;
    for (const f of fields) {
      for (const span of findPhrase(f.text, phrase)) {
        found++;
        const covered = marks.some((m) => m.field === f.field && m.start < span.end && span.start < m.end);
        if (covered) continue;
        marks.push({ field: f.field, ...span, category: input.category as RedactionCategory });
        added++;
      }
    }
    if (found === 0)
      throw invalid([
        { field: 'phrase', message: 'The phrase does not occur in the texts (mind the exact form).' },
      ]);
    if (added > 0) await writeDraft(tx, t, marks);
    return { view: await view(tx, target, id), added };
  });
}

/** Removes one mark (by its place in the working list) from the draft. */
export async function removeMark(
  ctx: AppContext,
  actor: Actor,
  target: string,
  id: string,
  input: { version: number; index: number },
): Promise<RedactionView> {
  checkTarget(target);
  return inTenant(ctx, actor, 'redaction.manage', async (ctx0) => {
    const tx = withR(ctx0);
    const t = await loadTexts(tx, target, id);
    assertVersion(t, input.version);
    const marks = await workingMarks(tx, t);
    if (!Number.isInteger(input.index) || input.index < 0 || input.index >= marks.length)
      throw invalid([{ field: 'index', message: 'No such mark.' }]);
    marks.splice(input.index, 1);
    await writeDraft(tx, t, marks);
    return view(tx, target, id);
  });
}

/**
 * Publishes the draft: from now on every public rendition applies these marks. The draft must
 * be for the current text (409 otherwise). A resolution's redacted title and clauses are stored
 * beside the original, so the public search and open data never see the original.
 */
export async function publishRedaction(
  ctx: AppContext,
  actor: Actor,
  target: string,
  id: string,
  input: { version: number },
): Promise<RedactionView> {
  checkTarget(target);
  return inTenant(ctx, actor, 'redaction.manage', async (ctx0) => {
    const tx = withR(ctx0);
    const t = await loadTexts(tx, target, id);
    assertVersion(t, input.version);
    const sets = (await loadSets(tx, target, [id], ['draft', 'published'])).get(id) ?? {};
    const texts = textMap(t);
    const blockers = blockersOf(t, sets.draft, texts);
    if (blockers.length) throw conflict(`The redaction cannot be published: ${blockers.join(' ')}`);
    const draft = sets.draft!;
    if (sets.published)
      await tx.rdb
        .updateTable('council_redaction')
        .set({ state: 'superseded' })
        .where('id', '=', sets.published.id)
        .execute();
    await tx.rdb
      .updateTable('council_redaction')
      .set({ state: 'published', published_at: tx.now, published_by: tx.actor.userId })
      .where('id', '=', draft.id)
      .execute();
    if (target === 'resolution') await writeResolutionRendition(tx, t, draft.marks);
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: id,
      params: {
        council: 'redactionPublished',
        target,
        version: t.version,
        marks: draft.marks.length,
        fields: [...new Set(draft.marks.map((m) => m.field))],
      },
    });
    return view(tx, target, id);
  });
}

/**
 * At adoption (called by decideItem in its transaction): the new resolution takes over its
 * material's published marks wherever it has the same text — the title, and a clause's text or
 * responsible at the same position — published at once, so a material redacted before the meeting
 * never has its resolution shown unredacted. Amended clauses have other texts and are not covered:
 * the secretary marks them on the resolution. Returns the number of marks taken over.
 */
export async function inheritMaterialRedaction(tx: CTx, resolutionId: string): Promise<number> {
  const r = withR(tx);
  const row = await r.rdb
    .selectFrom('council_resolution')
    .select('material_id')
    .where('id', '=', resolutionId)
    .executeTakeFirst();
  if (!row?.material_id) return 0;
  const marks = (await publishedMarks(tx, 'material', [row.material_id])).get(row.material_id) ?? [];
  if (marks.length === 0) return 0;
  const t = await loadTexts(r, 'resolution', resolutionId);
  const hashes = new Map(t.fields.map((f) => [f.field, textSha256(f.text)]));
  const taken: Mark[] = marks
    .filter((m) => hashes.get(m.field) === m.textSha256)
    .map(({ field, start, end, category }) => ({ field, start, end, category }));
  if (taken.length === 0 || checkMarks(textMap(t), taken).length) return 0;
  await insertSet(r, t, taken, 'published');
  await writeResolutionRendition(r, t, taken);
  return taken.length;
}

export interface RedactionListItem {
  target: RedactionTarget;
  id: string;
  title: string;
  reference: string | null;
  state: 'none' | 'draft' | 'published' | 'draftChanged';
  marks: number;
}

/** Published materials and resolutions with the state of their redaction (the staff overview). */
export async function listRedactions(ctx: AppContext, actor: Actor): Promise<RedactionListItem[]> {
  return inTenant(ctx, actor, 'council.read', async (ctx0) => {
    const tx = withR(ctx0);
    const resolutions = await tx.rdb
      .selectFrom('council_resolution')
      .select(['id', 'number', 'title'])
      .orderBy('adopted_on', 'desc')
      .orderBy('seq', 'desc')
      .limit(500)
      .execute();
    const materials = await tx.rdb
      .selectFrom('council_material as m')
      .innerJoin('council_material_version as v', (j) =>
        j.onRef('v.material_id', '=', 'm.id').onRef('v.version', '=', 'm.current_version'),
      )
      .select(['m.id', 'm.reference', 'v.title'])
      .where('m.state', '=', 'decided')
      .where('m.outcome', 'in', ['adopted', 'adopted_amended'])
      .orderBy('m.updated_at', 'desc')
      .limit(500)
      .execute();
    // Minutes once the secretary has written something (their notes are what can be marked).
    const minutes = await tx.db
      .selectFrom('council_minutes as mi')
      .innerJoin('council_meeting as me', 'me.id', 'mi.meeting_id')
      .innerJoin('council_body as b', 'b.id', 'me.body_id')
      .select(['mi.meeting_id as id', 'b.name', 'b.code', 'me.number', 'me.year'])
      .orderBy('me.date', 'desc')
      .limit(500)
      .execute();
    const ns = await loadSets(
      tx,
      'minutes',
      minutes.map((m) => m.id),
      ['draft', 'published'],
    );
    const rs = await loadSets(
      tx,
      'resolution',
      resolutions.map((r) => r.id),
      ['draft', 'published'],
    );
    const ms = await loadSets(
      tx,
      'material',
      materials.map((m) => m.id),
      ['draft', 'published'],
    );
    const stateOf = (s: { draft?: SetRow; published?: SetRow } | undefined) =>
      !s
        ? ('none' as const)
        : s.draft
          ? s.published
            ? ('draftChanged' as const)
            : ('draft' as const)
          : ('published' as const);
    return [
      ...resolutions.map((r) => ({
        target: 'resolution' as const,
        id: r.id,
        title: r.title,
        reference: r.number,
        state: stateOf(rs.get(r.id)),
        marks: rs.get(r.id)?.published?.marks.length ?? 0,
      })),
      ...materials.map((m) => ({
        target: 'material' as const,
        id: m.id,
        title: m.title,
        reference: m.reference,
        state: stateOf(ms.get(m.id)),
        marks: ms.get(m.id)?.published?.marks.length ?? 0,
      })),
      ...minutes.map((m) => ({
        target: 'minutes' as const,
        id: m.id,
        title: `${m.name} ${m.number}/${m.year}`,
        reference: null,
        state: stateOf(ns.get(m.id)),
        marks: ns.get(m.id)?.published?.marks.length ?? 0,
      })),
    ];
  });
}

// --- public renditions ---------------------------------------------------------------------------

/** A material with its published marks applied (title, problem, proposal, opinions, clauses). */
export async function redactedMaterial(tx: CTx, m: MaterialView): Promise<MaterialView> {
  const own = (await publishedMarks(tx, 'material', [m.id])).get(m.id) ?? [];
  const fields = materialFields(m);
  // What was redacted on the adopted resolution is hidden on its material's page too, even when
  // the material itself was never redacted (marks otherwise carry over only material → resolution).
  const resolution = await withR(tx)
    .rdb.selectFrom('council_resolution')
    .select('id')
    .where('material_id', '=', m.id)
    .executeTakeFirst();
  const fromResolution = resolution
    ? ((await publishedMarks(tx, 'resolution', [resolution.id])).get(resolution.id) ?? [])
    : [];
  const carried = fromResolution.length
    ? carryPhrases(
        textMap(await loadTexts(withR(tx), 'resolution', resolution!.id)),
        fromResolution,
        Object.fromEntries(fields.map((f) => [f.field, f.text])),
        own,
      )
    : [];
  const marks = [...own, ...carried];
  if (!marks.length) return m;
  const out = publicTexts(
    Object.fromEntries(fields.map((f) => [f.field, f.text])),
    marks,
    await labelsFor(tx),
  ).texts;
  return {
    ...m,
    title: out.title!,
    problem: out.problem!,
    proposal: out.proposal!,
    opinions: m.opinions.map((o) => (o.text ? { ...o, text: out[`opinions/${o.id}`] ?? o.text } : o)),
    clauses: m.clauses.map((c, i) => ({
      ...c,
      text: out[`clauses/${i}/text`] ?? c.text,
      ...(c.responsible ? { responsible: out[`clauses/${i}/responsible`] ?? c.responsible } : {}),
    })),
  };
}

/**
 * The public titles and resolution clauses of agenda items (of one meeting, of the given items,
 * or of the whole tenant), by item id: a resolution's published rendition; for an item without
 * one, its material's title marks when the item has the title they were made for. `null` =
 * unchanged.
 */
export async function publicItemTexts(
  tx: CTx,
  meetingId: string | null,
  itemIds?: readonly string[],
): Promise<Map<string, { position: number; title: string | null; clauses: Clause[] | null }>> {
  const r = withR(tx);
  if (itemIds && !itemIds.length) return new Map();
  let q = r.rdb
    .selectFrom('council_agenda_item as i')
    .leftJoin('council_resolution as res', 'res.item_id', 'i.id')
    .select(['i.id', 'i.position', 'i.title', 'i.material_id', 'res.public_title', 'res.public_clauses']);
  if (meetingId) q = q.where('i.meeting_id', '=', meetingId);
  if (itemIds) q = q.where('i.id', 'in', itemIds);
  const rows = await q.execute();
  const materialIds = [
    ...new Set(rows.flatMap((x) => (x.material_id && !x.public_title ? [x.material_id] : []))),
  ];
  const marks = await publishedMarks(tx, 'material', materialIds);
  const labels = marks.size ? await labelsFor(tx) : REDACTION_LABELS.cs;
  const out = new Map<string, { position: number; title: string | null; clauses: Clause[] | null }>();
  for (const x of rows) {
    let title = x.public_title;
    if (!title && x.material_id) {
      const own = (marks.get(x.material_id) ?? []).filter(
        (m) => m.field === 'title' && m.textSha256 === textSha256(x.title),
      );
      if (own.length) title = redact(x.title, own, labels);
    }
    out.set(x.id, { position: x.position, title, clauses: (x.public_clauses as Clause[] | null) ?? null });
  }
  return out;
}

/** The same for one meeting, by agenda position. */
export async function publicAgenda(
  tx: CTx,
  meetingId: string,
): Promise<Map<number, { title: string | null; clauses: Clause[] | null }>> {
  const byId = await publicItemTexts(tx, meetingId);
  return new Map([...byId.values()].map((v) => [v.position, { title: v.title, clauses: v.clauses }]));
}

/** The minutes as the public sees them, and whether anything was redacted. */
export async function redactedMinutesDoc(
  tx: CTx,
  meetingId: string,
  doc: MinutesDoc,
): Promise<{ doc: MinutesDoc; redacted: boolean }> {
  const agenda = await publicAgenda(tx, meetingId);
  let redacted = false;
  const titled = doc.items.map((i) => {
    const p = agenda.get(i.position);
    if (!p || (!p.title && !p.clauses)) return i;
    redacted = true;
    return {
      ...i,
      title: p.title ?? i.title,
      resolution: i.resolution && p.clauses ? { ...i.resolution, clauses: p.clauses } : i.resolution,
    };
  });
  const motions = await redactMotions(tx, meetingId, titled);
  redacted ||= motions.redacted;
  const notes = await redactNotes(tx, meetingId, { ...doc, items: motions.items });
  redacted ||= notes.redacted;
  return { doc: redacted ? notes.doc : doc, redacted };
}

/**
 * The minutes' own notes with the published marks of the meeting's `minutes` redaction applied
 * (a note edited after it was marked is withheld as a whole, as any changed text is).
 */
async function redactNotes(
  tx: CTx,
  meetingId: string,
  doc: MinutesDoc,
): Promise<{ doc: MinutesDoc; redacted: boolean }> {
  const marks = (await publishedMarks(tx, 'minutes', [meetingId])).get(meetingId) ?? [];
  if (!marks.length) return { doc, redacted: false };
  const items = await withR(tx)
    .rdb.selectFrom('council_agenda_item')
    .select(['id', 'position'])
    .where('meeting_id', '=', meetingId)
    .execute();
  const idAt = new Map(items.map((i) => [i.position, i.id]));
  // Only the notes there are: a note deleted after marking has nothing left to hide.
  const texts: Record<string, string> = {};
  if (doc.opening) texts.opening = doc.opening;
  if (doc.closing) texts.closing = doc.closing;
  for (const i of doc.items)
    if (i.note && idAt.has(i.position)) texts[`notes/${idAt.get(i.position)}`] = i.note;
  const out = publicTexts(texts, marks, await labelsFor(tx)).texts;
  return {
    doc: {
      ...doc,
      opening: out.opening ?? doc.opening,
      closing: out.closing ?? doc.closing,
      items: doc.items.map((i) => {
        const key = `notes/${idAt.get(i.position)}`;
        return idAt.has(i.position) ? { ...i, note: out[key] ?? i.note } : i;
      }),
    },
    redacted: true,
  };
}

/**
 * The wording of counter-proposals and amendments on the public minutes. Motions have no marks of
 * their own: the phrases published as redacted on the item's resolution or material are hidden
 * in them wherever they occur (a counter-proposal often repeats the name the resolution hides).
 */
async function redactMotions(
  tx: CTx,
  meetingId: string,
  items: MinutesItem[],
): Promise<{ items: MinutesItem[]; redacted: boolean }> {
  if (!items.some((i) => i.motions.length)) return { items, redacted: false };
  const r = withR(tx);
  const rows = await r.rdb
    .selectFrom('council_agenda_item as i')
    .leftJoin('council_resolution as res', 'res.item_id', 'i.id')
    .select(['i.position', 'i.material_id', 'res.id as resolution_id'])
    .where('i.meeting_id', '=', meetingId)
    .execute();
  let labels: RedactionLabels | null = null;
  let redacted = false;
  const out: MinutesItem[] = [];
  for (const item of items) {
    const row = rows.find((x) => x.position === item.position);
    if (!item.motions.length || !row) {
      out.push(item);
      continue;
    }
    const sources: { texts: Record<string, string>; marks: StoredMark[] }[] = [];
    for (const [target, id] of [
      ['resolution', row.resolution_id],
      ['material', row.material_id],
    ] as const) {
      if (!id) continue;
      const marks = (await publishedMarks(tx, target, [id])).get(id) ?? [];
      if (marks.length) sources.push({ texts: textMap(await loadTexts(r, target, id)), marks });
    }
    const target: Record<string, string> = {};
    const clauseKeys = (prefix: string, c: Clause) => {
      target[`${prefix}/text`] = c.text;
      if (c.responsible) target[`${prefix}/responsible`] = c.responsible;
    };
    item.motions.forEach((m, k) => {
      m.clauses?.forEach((c, j) => {
        clauseKeys(`${k}/clauses/${j}`, c);
      });
      if (m.change?.clause) clauseKeys(`${k}/change`, m.change.clause);
    });
    const carried: StoredMark[] = [];
    for (const s of sources) carried.push(...carryPhrases(s.texts, s.marks, target, carried));
    if (!carried.length) {
      out.push(item);
      continue;
    }
    redacted = true;
    labels ??= await labelsFor(tx);
    const texts = publicTexts(target, carried, labels).texts;
    const clauseOut = (prefix: string, c: Clause): Clause => ({
      ...c,
      text: texts[`${prefix}/text`] ?? c.text,
      ...(c.responsible ? { responsible: texts[`${prefix}/responsible`] ?? c.responsible } : {}),
    });
    const motions: MinutesMotion[] = item.motions.map((m, k) => ({
      ...m,
      clauses: m.clauses ? m.clauses.map((c, j) => clauseOut(`${k}/clauses/${j}`, c)) : null,
      change: m.change?.clause
        ? { ...m.change, clause: clauseOut(`${k}/change`, m.change.clause) }
        : m.change,
    }));
    out.push({ ...item, motions });
  }
  return { items: out, redacted };
}

/**
 * The public minutes PDF: the stored final PDF when nothing in it is redacted; otherwise the same
 * final minutes rendered from the redacted content (the stored original stays internal).
 */
export async function getRedactedPublicMinutesPdf(
  ctx: AppContext,
  tenantId: string,
  meetingId: string,
): Promise<MinutesPdf> {
  if (!isUuid(meetingId)) throw notFound('The minutes');
  return publicTx(ctx, tenantId, async (tx) => {
    const m = await loadMinutes(tx, meetingId);
    if (!m.final) throw notFound('The minutes');
    const { doc, redacted } = await redactedMinutesDoc(tx, meetingId, m.doc);
    const row = await tx.db
      .selectFrom('council_minutes')
      .select('pdf_blob_id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const file = await getFile(ctx, tx, row.pdf_blob_id!);
    if (!redacted) return { filename: file.record.filename, content: await file.read(), final: true };
    const pdf = await renderMinutesPdf(doc, {
      t: translator(m.locale),
      locale: m.locale,
      timeZone: m.timeZone,
      finalAt: m.finalAt,
      approvals: m.verifiers
        .filter((v) => v.current && v.approvedAt)
        .map((v) => ({ name: v.name, at: v.approvedAt! })),
    });
    return { filename: file.record.filename, content: Buffer.from(pdf), final: true };
  });
}

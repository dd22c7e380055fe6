/**
 * Registering council papers in records management (one-way: council → records' index.ts).
 * The final minutes (their stored PDF, whose hash is in the audit chain) and a material (a PDF
 * of its current texts with its attachments) become internal documents with a číslo jednací; the
 * council row keeps the link. The registration and the link commit together.
 */

import { appendAudit } from '../../platform/audit/chain.js';
import { getFile } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Migration } from '../../platform/db/migrate.js';
import type { Actor } from '../../platform/db/tenant.js';
import { conflict, notFound } from '../../platform/errors.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { type IncomingFile, prepareIncoming, registerPrepared } from '../records/index.js';
import { getMinutesPdf, loadMinutes } from './minutes-service.js';
import { councilPolicy } from './policy.js';
import { type CTx, inTenant, loadMaterial } from './service.js';

export const recordsLinkMigrations: Migration[] = [
  {
    id: 'council-records-0001',
    sql: `
    ALTER TABLE council_minutes ADD COLUMN records_document_id uuid REFERENCES records_document(id);
    ALTER TABLE council_minutes ADD COLUMN records_ref text;
    ALTER TABLE council_material ADD COLUMN records_document_id uuid REFERENCES records_document(id);
    ALTER TABLE council_material ADD COLUMN records_ref text;
    `,
  },
];

export interface RecordsLink {
  documentId: string;
  refNumber: string;
}

type LinkRow = { records_document_id?: string | null; records_ref?: string | null };

async function registerAndLink(
  ctx: AppContext,
  actor: Actor,
  input: { subject: string; files: IncomingFile[] },
  link: (tx: CTx) => Promise<LinkRow | undefined>,
  save: (tx: CTx, l: RecordsLink) => Promise<void>,
): Promise<RecordsLink> {
  const now = ctx.clock.now();
  // Checks and file work before the transaction (records' own rule for slow work).
  const prepared = await prepareIncoming(
    ctx,
    {
      channel: 'internal',
      deliveryMethod: 'internal',
      subject: input.subject.slice(0, 255),
      accessLevel: 'internal',
      files: input.files,
    },
    now,
  );
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const row = await link(tx);
    if (!row) throw notFound('The council paper');
    if (row.records_document_id) throw conflict(`It is already registered in records as ${row.records_ref}.`);
    const { document } = await registerPrepared(ctx, tx, prepared);
    const l = { documentId: document.id, refNumber: document.refNumber };
    await save(tx, l);
    return l;
  });
}

/** The final minutes of a meeting as an internal document of records management. */
export async function registerMinutesInRecords(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
): Promise<RecordsLink> {
  if (actor.tenantId) councilPolicy.require(actor, 'meeting.run', { tenantId: actor.tenantId });
  const pdf = await getMinutesPdf(ctx, actor, meetingId);
  if (!pdf.final) throw conflict('Only final minutes are registered in records.');
  const m = await inTenant(ctx, actor, 'council.read', (tx) => loadMinutes(tx, meetingId));
  return registerAndLink(
    ctx,
    actor,
    {
      subject: `Zápis ze zasedání ${m.bodyName} č. ${m.number}/${m.year} (${m.date})`,
      files: [{ filename: pdf.filename, content: pdf.content }],
    },
    (tx) =>
      tx.db
        .selectFrom('council_minutes')
        .select(['records_document_id', 'records_ref'])
        .where('meeting_id', '=', meetingId)
        .where('state', '=', 'final')
        .executeTakeFirst(),
    async (tx, l) => {
      await tx.db
        .updateTable('council_minutes')
        .set({ records_document_id: l.documentId, records_ref: l.refNumber })
        .where('meeting_id', '=', meetingId)
        .execute();
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Dokument',
        objectId: meetingId,
        params: { council: 'minutesRegistered', refNumber: l.refNumber, documentId: l.documentId },
      });
    },
  );
}

/** A material (its current texts as PDF, with its attachments) as an internal document. */
export async function registerMaterialInRecords(
  ctx: AppContext,
  actor: Actor,
  materialId: string,
): Promise<RecordsLink> {
  if (actor.tenantId) councilPolicy.require(actor, 'meeting.run', { tenantId: actor.tenantId });
  const { material, attachments } = await inTenant(ctx, actor, 'council.read', async (tx) => {
    const material = await loadMaterial(tx, materialId);
    const files: IncomingFile[] = [];
    for (const a of material.attachments) {
      const f = await getFile(ctx, tx, a.blobId);
      files.push({ filename: a.filename, content: await f.read() });
    }
    return { material, attachments: files };
  });
  const pdf = await renderPdf({
    title: material.title,
    lang: 'cs',
    createdAt: ctx.clock.now(),
    blocks: [
      { kind: 'title', text: material.title },
      {
        kind: 'facts',
        rows: [
          ['Číslo materiálu', material.reference ?? '—'],
          ['Zpracoval', material.author],
          ['Předkládá', material.submitter],
          ['Verze', String(material.version)],
        ],
      },
      { kind: 'heading', text: 'Popis problému' },
      { kind: 'paragraph', text: material.problem || '—' },
      { kind: 'heading', text: 'Návrh řešení' },
      { kind: 'paragraph', text: material.proposal || '—' },
      { kind: 'heading', text: 'Návrh usnesení' },
      ...material.clauses.map((c) => ({ kind: 'paragraph' as const, text: `${c.verb} ${c.text}` })),
    ],
  });
  return registerAndLink(
    ctx,
    actor,
    {
      subject: `Materiál ${material.reference ?? ''} ${material.title}`.replace(/\s+/g, ' ').trim(),
      files: [{ filename: 'material.pdf', content: pdf }, ...attachments],
    },
    (tx) =>
      tx.db
        .selectFrom('council_material')
        .select(['records_document_id', 'records_ref'])
        .where('id', '=', materialId)
        .executeTakeFirst(),
    async (tx, l) => {
      await tx.db
        .updateTable('council_material')
        .set({ records_document_id: l.documentId, records_ref: l.refNumber })
        .where('id', '=', materialId)
        .execute();
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Dokument',
        objectId: materialId,
        params: { council: 'materialRegistered', refNumber: l.refNumber, documentId: l.documentId },
      });
    },
  );
}

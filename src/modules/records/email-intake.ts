/**
 * E-mail intake (elektronická podatelna): a message — uploaded as an .eml file or received by the
 * SMTP listener — becomes a registered consignment with one document. The message is parsed with
 * `mailparser`; its body becomes a PDF component, its attachments components (judged like scans:
 * PDF, JPEG, PNG, TIFF accepted, anything else kept and the consignment "needs attention"), and the
 * original message is kept unchanged (NSESSS: a container is kept at least until the file closes).
 * The same message (Message-ID) is registered once per tenant.
 */
import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import { recordFile } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { AppError, conflict, invalid } from '../../platform/errors.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { type IntakeResult, prepareIncoming, registerPrepared } from './intake-service.js';
import { recordsPolicy } from './policy.js';
import { rtx } from './schema.js';

/** What the registry needs of a message. */
export interface ParsedEmail {
  messageId: string;
  fromName: string | null;
  fromAddress: string | null;
  to: string[];
  subject: string;
  date: Date | null;
  text: string;
  attachments: { filename: string; content: Buffer }[];
}

const NO_SUBJECT = '(bez předmětu)';

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((o) => o.value.map((v) => v.address ?? '').filter(Boolean));
}

/**
 * Parses an RFC 5322 message. Bytes that are no message at all (no header block, no From and no
 * Message-ID) are refused rather than registered as an empty e-mail.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(head) || !/\r?\n\r?\n/.test(head)) {
    throw invalid([{ field: 'file', message: 'This file is not an e-mail message (.eml).' }]);
  }
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const from = m.from?.value[0];
  if (!from && !m.messageId) {
    throw invalid([
      { field: 'file', message: 'This file is not an e-mail message (.eml): it has no sender.' },
    ]);
  }
  // A message without Message-ID still must not be registered twice: its content identifies it.
  const messageId = (
    m.messageId ?? `<sha256-${createHash('sha256').update(raw).digest('hex')}@samosprava>`
  ).slice(0, 998);
  return {
    messageId,
    fromName: from?.name?.trim() || null,
    fromAddress: from?.address?.trim().toLowerCase() || null,
    to: [...addresses(m.to), ...addresses(m.cc)].map((x) => x.toLowerCase()),
    subject: (m.subject ?? '').trim(),
    date: m.date && !Number.isNaN(m.date.getTime()) ? m.date : null,
    text: (m.text ?? '').trim(),
    attachments: m.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.contentId)
      .map((a, i) => ({ filename: a.filename ?? `priloha-${i + 1}`, content: a.content })),
  };
}

/** The body as a PDF component: what the registry prints and files. */
async function bodyPdf(mail: ParsedEmail, now: Date): Promise<Uint8Array> {
  return renderPdf({
    title: mail.subject || NO_SUBJECT,
    lang: 'cs',
    createdAt: now,
    blocks: [
      { kind: 'title', text: mail.subject || NO_SUBJECT },
      {
        kind: 'facts',
        rows: [
          [
            'Od',
            [mail.fromName, mail.fromAddress && `<${mail.fromAddress}>`].filter(Boolean).join(' ') || '—',
          ],
          ['Komu', mail.to.join(', ') || '—'],
          ['Odesláno', mail.date ? mail.date.toISOString() : '—'],
          ['Message-ID', mail.messageId],
        ],
      },
      { kind: 'paragraph', text: mail.text || '(zpráva nemá textové tělo)' },
    ],
  });
}

export type EmailIntakeResult = IntakeResult & { messageId: string };

async function alreadyRegistered(tx: TenantTx, messageId: string): Promise<string | null> {
  const row = await rtx(tx)
    .selectFrom('records_consignment')
    .innerJoin('records_document', 'records_document.consignment_id', 'records_consignment.id')
    .select('records_document.ref_number')
    .where('records_consignment.message_id', '=', messageId)
    .executeTakeFirst();
  return row?.ref_number ?? null;
}

export class DuplicateEmail extends AppError {
  constructor(
    readonly messageId: string,
    readonly refNumber: string,
  ) {
    super('conflict', `This e-mail (${messageId}) is already registered as ${refNumber}.`, [], {
      messageId,
      refNumber,
    });
  }
}

/**
 * Registers a message for one tenant. `receivedAt` is when our server took it (SMTP); an uploaded
 * file has none, and its Date header is used when it is not in the future.
 */
export async function registerEmail(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  raw: Buffer,
  opts: { receivedAt?: Date; trusted?: boolean } = {},
): Promise<EmailIntakeResult> {
  // The SMTP listener acts for the system; a person uploading needs the registry's right.
  if (!opts.trusted) recordsPolicy.require(actor, 'document.register', { tenantId });
  const now = ctx.clock.now();
  const mail = await parseEmail(raw);
  const deliveredAt =
    opts.receivedAt ?? (mail.date && mail.date.getTime() <= now.getTime() ? mail.date : now);
  const original = await ctx.blobs.put(raw);
  const prepared = await prepareIncoming(
    ctx,
    {
      channel: 'email',
      deliveryMethod: 'email',
      subject: (mail.subject || NO_SUBJECT).slice(0, 255),
      deliveredAt,
      accessLevel: 'internal',
      sender: mail.fromAddress
        ? {
            kind: 'natural',
            name: (mail.fromName || mail.fromAddress).slice(0, 255),
            email: mail.fromAddress,
          }
        : null,
      files: [
        { filename: 'zprava.pdf', content: await bodyPdf(mail, now) },
        ...mail.attachments.map((a) => ({ filename: a.filename, content: a.content })),
      ],
    },
    now,
  );
  try {
    return await withTenant(
      ctx.db,
      tenantId,
      actor,
      async (tx) => {
        const existing = await alreadyRegistered(tx, mail.messageId);
        if (existing) throw new DuplicateEmail(mail.messageId, existing);
        const result = await registerPrepared(ctx, tx, prepared);
        const kept = await recordFile(ctx, tx, { filename: 'zprava.eml', blob: original });
        await rtx(tx)
          .updateTable('records_consignment')
          .set({ message_id: mail.messageId, original_blob_id: kept.id })
          .where('id', '=', result.document.consignment!.id)
          .execute();
        return { ...result, messageId: mail.messageId };
      },
      { now },
    );
  } catch (e) {
    // Two deliveries of one message at the same moment: the unique index decides.
    if ((e as { code?: string }).code === '23505' && String((e as Error).message).includes('message_id')) {
      throw conflict(`This e-mail (${mail.messageId}) is already registered.`);
    }
    throw e;
  }
}

/**
 * Data-message intake: a received data message (datová zpráva) saved from the data box as a .zfo
 * file — DER-encoded CMS SignedData whose content is the ISDS `MessageDownloadResponse` XML — is
 * registered as a consignment with one document. The envelope gives sender (with data-box ID),
 * subject (dmAnnotation), the sender's reference number and the delivery time; the files become
 * components; the .zfo is kept as the original. Its CMS signature is verified (integrity only:
 * this machine has no trust store of ISDS certificates); a failed check keeps the message but
 * marks the consignment "needs attention". The same message (dmID) is registered once per tenant.
 */
import * as asn1js from 'asn1js';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import * as pkijs from 'pkijs';
import { recordFile } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { AppError, conflict, invalid } from '../../platform/errors.js';
import { type IntakeResult, prepareIncoming, registerPrepared } from './intake-service.js';
import { recordsPolicy } from './policy.js';
import { rtx } from './schema.js';

export interface DataMessageFile {
  filename: string;
  mimeType: string;
  metaType: string;
  content: Buffer;
}

export interface DataMessage {
  dmId: string;
  senderBoxId: string | null;
  senderName: string;
  senderAddress: string | null;
  /** ISDS dmSenderType: 10 public authority, 20 legal person, 30 self-employed, 40 natural person … */
  senderType: number | null;
  recipientBoxId: string | null;
  recipientName: string | null;
  annotation: string;
  senderRefNumber: string | null;
  senderIdent: string | null;
  deliveryTime: Date | null;
  acceptanceTime: Date | null;
  files: DataMessageFile[];
  signatureValid: boolean;
  signer: string | null;
}

const NOT_ZFO = 'This file is not a data message (.zfo) received from a data box.';

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined || t === null ? null : String(t).trim() || null;
  }
  return String(v).trim() || null;
}

function date(v: unknown): Date | null {
  const s = text(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The signed XML and the signature verdict from the CMS container. */
async function unwrapCms(
  der: Buffer,
): Promise<{ xml: string; signatureValid: boolean; signer: string | null }> {
  let signed: pkijs.SignedData;
  try {
    const asn = asn1js.fromBER(new Uint8Array(der));
    if (asn.offset === -1) throw new Error('not DER');
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    throw invalid([{ field: 'file', message: NOT_ZFO }]);
  }
  const content = signed.encapContentInfo.eContent;
  if (!content) throw invalid([{ field: 'file', message: NOT_ZFO }]);
  const xml = Buffer.from(content.getValue()).toString('utf8');
  const signatureValid = await signed.verify({ signer: 0, checkChain: false }).then(
    (ok) => ok === true,
    () => false,
  );
  const cert = signed.certificates?.[0];
  const signer =
    cert instanceof pkijs.Certificate
      ? cert.subject.typesAndValues.map((tv) => String(tv.value.valueBlock.value)).join(', ')
      : null;
  return { xml, signatureValid, signer };
}

/** Reads a .zfo file: refuses anything that is not a received data message. */
export async function readDataMessage(der: Buffer): Promise<DataMessage> {
  const { xml, signatureValid, signer } = await unwrapCms(der);
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (name) => name === 'dmFile',
  });
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const root = doc.MessageDownloadResponse;
  if (!root) {
    const what = doc.GetDeliveryInfoResponse ? 'a delivery receipt (doručenka)' : 'no data message';
    throw invalid([{ field: 'file', message: `This .zfo file holds ${what}, not a received message.` }]);
  }
  // The sent box's copy has the same shape in another namespace (…/v20/SentMessage).
  if (/^<[\w:]*MessageDownloadResponse\b[^>]*="[^"]*\/SentMessage"/.test(xml.trimStart())) {
    throw invalid([
      {
        field: 'file',
        message: 'This .zfo file is a copy of a sent message, not a message the office received.',
      },
    ]);
  }
  const returned = root.dmReturnedMessage as Record<string, unknown> | undefined;
  const dm = returned?.dmDm as Record<string, unknown> | undefined;
  const dmId = text(dm?.dmID);
  if (!returned || !dm || !dmId) throw invalid([{ field: 'file', message: NOT_ZFO }]);
  const files = ((dm.dmFiles as { dmFile?: Record<string, unknown>[] } | undefined)?.dmFile ?? []).map(
    (f, i) => {
      const encoded = text(f.dmEncodedContent);
      // dmXMLContent carries an XML document inline: written back out as an XML file.
      const content = encoded
        ? Buffer.from(encoded, 'base64')
        : Buffer.from(
            `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' }).build(f.dmXMLContent ?? {})}`,
          );
      return {
        filename: String(f['@_dmFileDescr'] ?? '').trim() || `soubor-${i + 1}`,
        mimeType: String(f['@_dmMimeType'] ?? ''),
        metaType: String(f['@_dmFileMetaType'] ?? ''),
        content,
      };
    },
  );
  const senderType = Number(text(dm.dmSenderType));
  return {
    dmId,
    senderBoxId: text(dm.dbIDSender),
    senderName: text(dm.dmSender) ?? '(neuvedeno)',
    senderAddress: text(dm.dmSenderAddress),
    senderType: Number.isFinite(senderType) && senderType > 0 ? senderType : null,
    recipientBoxId: text(dm.dbIDRecipient),
    recipientName: text(dm.dmRecipient),
    annotation: text(dm.dmAnnotation) ?? '',
    senderRefNumber: text(dm.dmSenderRefNumber),
    senderIdent: text(dm.dmSenderIdent),
    deliveryTime: date(returned.dmDeliveryTime),
    acceptanceTime: date(returned.dmAcceptanceTime),
    files,
    signatureValid,
    signer,
  };
}

async function registeredAs(tx: TenantTx, dmId: string): Promise<string | null> {
  const row = await rtx(tx)
    .selectFrom('records_consignment')
    .innerJoin('records_document', 'records_document.consignment_id', 'records_consignment.id')
    .select('records_document.ref_number')
    .where('records_consignment.dm_id', '=', dmId)
    .executeTakeFirst();
  return row?.ref_number ?? null;
}

export type DataMessageIntakeResult = IntakeResult & { dmId: string; signatureValid: boolean };

/**
 * Registers a received data message for one tenant. When the tenant has a data-box ID, the message
 * must be addressed to it.
 */
export async function registerDataMessage(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  der: Buffer,
  opts: { trusted?: boolean } = {},
): Promise<DataMessageIntakeResult> {
  if (!opts.trusted) recordsPolicy.require(actor, 'document.register', { tenantId });
  const now = ctx.clock.now();
  const m = await readDataMessage(der);
  const tenant = await ctx.db
    .selectFrom('tenant')
    .select(['databox_id'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (tenant?.databox_id && m.recipientBoxId && tenant.databox_id !== m.recipientBoxId) {
    throw invalid([
      {
        field: 'file',
        message: `This message was delivered to data box ${m.recipientBoxId} (${m.recipientName ?? '?'}), not to this office's ${tenant.databox_id}.`,
      },
    ]);
  }
  const deliveredAt = m.deliveryTime ?? m.acceptanceTime ?? now;
  const original = await ctx.blobs.put(der);
  const prepared = await prepareIncoming(
    ctx,
    {
      channel: 'databox',
      deliveryMethod: 'databox',
      subject: (m.annotation || '(bez předmětu)').slice(0, 255),
      senderRef: m.senderRefNumber?.slice(0, 50) ?? null,
      deliveredAt: deliveredAt.getTime() > now.getTime() ? now : deliveredAt,
      accessLevel: 'internal',
      sender: {
        kind: m.senderType === 40 ? 'natural' : 'legal',
        name: m.senderName.slice(0, 255),
        databoxId: m.senderBoxId,
        address: m.senderAddress,
      },
      files: m.files.map((f) => ({ filename: f.filename, content: f.content })),
    },
    now,
  );
  try {
    return await withTenant(
      ctx.db,
      tenantId,
      actor,
      async (tx) => {
        const existing = await registeredAs(tx, m.dmId);
        if (existing) {
          throw new AppError(
            'conflict',
            `This data message (${m.dmId}) is already registered as ${existing}.`,
            [],
            { dmId: m.dmId, refNumber: existing },
          );
        }
        const result = await registerPrepared(ctx, tx, prepared);
        const kept = await recordFile(ctx, tx, { filename: `DZ_${m.dmId}.zfo`, blob: original });
        const consignment = result.document.consignment!;
        const problems = [...result.problems];
        if (!m.signatureValid) {
          problems.push(
            `The electronic signature of data message ${m.dmId} does not verify; check the original.`,
          );
        }
        await rtx(tx)
          .updateTable('records_consignment')
          .set({
            dm_id: m.dmId,
            signature_valid: m.signatureValid,
            original_blob_id: kept.id,
            ...(problems.length ? { state: 'needs_attention', problem: problems.join('\n') } : {}),
          })
          .where('id', '=', consignment.id)
          .execute();
        return { ...result, problems, dmId: m.dmId, signatureValid: m.signatureValid };
      },
      { now },
    );
  } catch (e) {
    if ((e as { code?: string }).code === '23505' && String((e as Error).message).includes('dm_id')) {
      throw conflict(`This data message (${m.dmId}) is already registered.`);
    }
    throw e;
  }
}

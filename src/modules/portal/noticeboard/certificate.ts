/**
 * The certificate of posting and removal (doložka o vyvěšení a sejmutí): a PDF with the moments
 * the system actually showed the notice, taken from the notice row and its audit entries.
 */
import { formatDateTime, type Locale, translator } from '../../../platform/i18n/index.js';
import { renderPdf } from '../../../platform/pdf/index.js';
import './messages.js';

export interface CertificateInput {
  locale: Locale;
  timeZone: string;
  tenantName: string;
  boardNumber: string | null;
  title: string;
  referenceNumber: string | null;
  fileNumber: string | null;
  originator: string | null;
  removalDate: string;
  postedAt: Date;
  removedAt: Date;
  removalReason: string | null;
  url: string;
  auditSeqs: { posted: number | null; removed: number | null };
  documents: { filename: string; sha256: string }[];
  generatedAt: Date;
}

export function renderCertificate(c: CertificateInput): Promise<Uint8Array> {
  const t = translator(c.locale);
  const dt = (d: Date) => `${formatDateTime(c.locale, d, c.timeZone)} (${d.toISOString()})`;
  const rows: [string, string][] = [[t('noticeboard:cert.tenant'), c.tenantName]];
  if (c.originator) rows.push([t('noticeboard:field.originator'), c.originator]);
  if (c.boardNumber) rows.push([t('noticeboard:field.boardNumber'), c.boardNumber]);
  rows.push([t('noticeboard:cert.document'), c.title]);
  if (c.referenceNumber) rows.push([t('noticeboard:field.referenceNumber'), c.referenceNumber]);
  if (c.fileNumber) rows.push([t('noticeboard:field.fileNumber'), c.fileNumber]);
  rows.push(
    [t('noticeboard:cert.until'), c.removalDate],
    [t('noticeboard:cert.posted'), dt(c.postedAt)],
    [t('noticeboard:cert.removed'), dt(c.removedAt)],
  );
  if (c.removalReason) rows.push([t('noticeboard:cert.reason'), c.removalReason]);
  rows.push([t('noticeboard:cert.url'), c.url]);
  const seqs = [c.auditSeqs.posted, c.auditSeqs.removed].filter((s) => s !== null).map((s) => `#${s}`);
  if (seqs.length) rows.push([t('noticeboard:cert.audit'), seqs.join(', ')]);
  return renderPdf({
    title: t('noticeboard:cert.title'),
    author: c.tenantName,
    subject: c.title,
    lang: c.locale,
    createdAt: c.generatedAt,
    pageWord: c.locale === 'pl' ? 'strona' : c.locale === 'en' ? 'page' : 'strana',
    footer: `${t('noticeboard:cert.generated')} ${formatDateTime(c.locale, c.generatedAt, c.timeZone)}`,
    blocks: [
      { kind: 'title', text: t('noticeboard:cert.title') },
      { kind: 'paragraph', text: t('noticeboard:cert.intro') },
      { kind: 'spacer' },
      { kind: 'facts', rows },
      { kind: 'heading', text: t('noticeboard:cert.documents') },
      {
        kind: 'table',
        columns: [t('noticeboard:field.documents'), 'SHA-256'],
        rows: c.documents.map((d) => [d.filename, d.sha256]),
        widths: [1, 2],
      },
    ],
  });
}

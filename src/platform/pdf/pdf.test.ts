import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderPdf } from './index.js';

async function text(pdf: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const r = await extractText(doc, { mergePages: true });
  return { pages: r.totalPages, text: r.text };
}

describe('renderPdf', () => {
  it('writes Czech and Polish letters that a PDF reader gets back', async () => {
    const pdf = await renderPdf({
      title: 'Doložka o vyvěšení',
      blocks: [
        { kind: 'title', text: 'Doložka o vyvěšení a sejmutí' },
        { kind: 'paragraph', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy.' },
        {
          kind: 'facts',
          rows: [
            ['Vyvěšeno', '21. 11. 2026'],
            ['Sejmuto', '7. 12. 2026'],
          ],
        },
        { kind: 'table', columns: ['Číslo', 'Věc'], rows: [['MUHL/1/2026', 'Zażółć gęślą jaźń']] },
      ],
      createdAt: new Date('2026-11-21T10:00:00Z'),
    });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text: t, pages } = await text(pdf);
    expect(pages).toBe(1);
    for (const s of [
      'Doložka o vyvěšení a sejmutí',
      'Příliš žluťoučký kůň úpěl ďábelské ódy.',
      'Zażółć gęślą jaźń',
      'MUHL/1/2026',
    ]) {
      expect(t).toContain(s);
    }
    expect(t).toContain('strana 1 / 1');
  });

  it('breaks long content onto numbered pages', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Věta číslo ${i + 1} o místním poplatku.`).join(' ');
    const pdf = await renderPdf({
      title: 'Zpráva',
      pageWord: 'page',
      blocks: [{ kind: 'paragraph', text: long }],
    });
    const { pages, text: t } = await text(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(t).toContain(`page ${pages} / ${pages}`);
    // Wrapped lines come back with line breaks between them.
    expect(t.replace(/\s+/g, ' ')).toContain('Věta číslo 400 o místním poplatku.');
  });
});

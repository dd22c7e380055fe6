/**
 * The notice board's part of the demo world: current notices on Hlučín's board (among them a
 * public notice with a real PDF and one posted on behalf of the region), one scheduled, one in the
 * archive with its certificate, and a public notice on the Polish gmina's board.
 */
import { addDays, type IsoDate, todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Actor } from '../../../platform/db/tenant.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { renderPdf } from '../../../platform/pdf/index.js';
import {
  createNotice,
  MAX_DOCUMENT_BYTES,
  type NoticeInput,
  removeNotice,
  scheduleNotice,
} from './service.js';

async function publisher(ctx: AppContext, slug: string, username: string) {
  const tenant = await ctx.db.selectFrom('tenant').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!tenant) return null;
  const user = await withTenant(
    ctx.db,
    tenant.id,
    { userId: null, label: 'seed', roles: [], tenantId: tenant.id, kind: 'system' },
    (t) => t.trx.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst(),
  );
  if (!user) return null;
  const actor: Actor = {
    userId: user.id,
    label: user.display_name,
    roles: user.roles,
    tenantId: tenant.id,
    kind: 'user',
  };
  return { tenant, actor };
}

/** A small real PDF with the notice's text (DejaVu Sans, so the diacritics survive). */
export async function demoPdf(title: string, lines: string[], lang = 'cs'): Promise<Uint8Array> {
  return renderPdf({
    title,
    lang,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    blocks: [{ kind: 'title', text: title }, ...lines.map((text) => ({ kind: 'paragraph' as const, text }))],
  });
}

async function post(
  ctx: AppContext,
  who: { tenant: { id: string }; actor: Actor },
  input: NoticeInput,
  pdf: { filename: string; content: Uint8Array },
  then: 'post' | 'draft' | { removeReason: string } = 'post',
) {
  const blob = await ctx.blobs.put(Buffer.from(pdf.content), { maxBytes: MAX_DOCUMENT_BYTES });
  const n = await createNotice(ctx, who.actor, who.tenant.id, input, { filename: pdf.filename, blob });
  if (then === 'draft') return n;
  await scheduleNotice(ctx, who.actor, who.tenant.id, n.id);
  if (typeof then === 'object')
    await removeNotice(ctx, who.actor, who.tenant.id, n.id, { reason: then.removeReason });
  return n;
}

export async function seedNoticeboard(ctx: AppContext): Promise<void> {
  const hl = await publisher(ctx, 'hlucin', 'deska');
  if (hl) {
    const today = todayIn(hl.tenant.time_zone, ctx.clock.now());
    const plus = (d: number) => addDays(today, d) as IsoDate;
    // One shared attachment for the ordinary notices keeps the seed quick (PDF rendering costs).
    const attachment = await demoPdf('Město Hlučín – oznámení', [
      'Plné znění oznámení je k nahlédnutí na Městském úřadě Hlučín, Mírové náměstí 24/23.',
    ]);
    await post(
      ctx,
      hl,
      {
        title: 'Veřejná vyhláška – oznámení o zahájení územního řízení: rekonstrukce mostu přes Opavu',
        description:
          'Městský úřad Hlučín, odbor výstavby, oznamuje zahájení územního řízení o umístění stavby „Rekonstrukce mostu ev. č. 46-011 přes řeku Opavu“. Dnem doručení je 15. den po vyvěšení.',
        category: 'public-notice',
        referenceNumber: 'MUHL/1234/2026',
        fileNumber: 'OV/45/2026',
        postingDate: today,
        approvalDate: today,
      },
      {
        filename: 'verejna-vyhlaska-most-pres-opavu.pdf',
        content: await demoPdf('Veřejná vyhláška', [
          'Oznámení o zahájení územního řízení a pozvání k ústnímu jednání.',
          'Stavba: Rekonstrukce mostu ev. č. 46-011 přes řeku Opavu, k. ú. Hlučín.',
          'Účastníci řízení mohou uplatnit námitky nejpozději při ústním jednání.',
          'Ing. Věra Vaňková, vedoucí odboru výstavby a životního prostředí',
        ]),
      },
    );
    await post(
      ctx,
      hl,
      {
        title: 'Oznámení o konání zasedání Zastupitelstva města Hlučína',
        description: 'Zasedání se koná ve velkém sále Kulturního domu Hlučín od 16:00. Program je v příloze.',
        category: 'council',
        postingDate: today,
        removalDate: plus(10),
      },
      {
        filename: 'pozvanka-zm.pdf',
        content: attachment,
      },
    );
    await post(
      ctx,
      hl,
      {
        title: 'Veřejná vyhláška – návrh rozpočtu Kraje Vysočina (vyvěšeno na žádost kraje)',
        category: 'budget',
        originatorName: 'Kraj Vysočina',
        originatorIco: '70890749',
        referenceNumber: 'KUJI/9876/2026',
        postingDate: today,
        removalDate: plus(20),
      },
      {
        filename: 'navrh-rozpoctu-kraje.pdf',
        content: attachment,
      },
    );
    await post(
      ctx,
      hl,
      {
        title: 'Záměr prodeje pozemku parc. č. 1234/5 v k. ú. Hlučín',
        description: 'Zájemci mohou podat nabídku do konce lhůty vyvěšení.',
        category: 'property',
        postingDate: plus(3),
        removalDate: plus(18),
      },
      {
        filename: 'zamer-prodeje.pdf',
        content: attachment,
      },
    );
    await post(
      ctx,
      hl,
      {
        title: 'Oznámení o přerušení dodávky elektřiny – Darkovická ulice',
        category: 'announcement',
        postingDate: today,
        removalDate: plus(5),
      },
      {
        filename: 'preruseni-dodavky.pdf',
        content: attachment,
      },
      { removeReason: 'Nahrazeno opraveným oznámením s novým termínem.' },
    );
  }

  const pl = await publisher(ctx, 'przykladowo', 'admin');
  if (pl) {
    const today = todayIn(pl.tenant.time_zone, ctx.clock.now());
    await post(
      ctx,
      pl,
      {
        title: 'Obwieszczenie Wójta Gminy Przykładowo o wyłożeniu projektu planu miejscowego',
        description: 'Projekt planu jest wyłożony do publicznego wglądu w siedzibie Urzędu Gminy.',
        category: 'public-notice',
        referenceNumber: 'RG.6721.1.2026',
        postingDate: today,
      },
      {
        filename: 'obwieszczenie-plan-miejscowy.pdf',
        content: await demoPdf(
          'Obwieszczenie Wójta Gminy Przykładowo',
          ['Uwagi można składać na piśmie do Wójta Gminy w terminie 21 dni od zakończenia wyłożenia.'],
          'pl',
        ),
      },
    );
  }
}

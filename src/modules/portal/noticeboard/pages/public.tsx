/**
 * The public notice board of a tenant: the board (/{tenant}/uredni-deska) with category filter
 * and diacritics-insensitive search, detail pages, PDF downloads, the archive of removed
 * notices, RSS/Atom feeds and the OFN open data (JSON-LD) with its NKOD catalogue record.
 * Plain links and GET forms: everything works without JavaScript.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Feed } from 'feed';
import { renderToString } from 'preact-render-to-string';
import { contentDisposition } from '../../../../platform/blobs/index.js';
import type { AppContext } from '../../../../platform/context.js';
import type { Tenant } from '../../../../platform/db/types.js';
import { Layout, type PageEnv, pageEnv } from '../../../../platform/http/layout.js';
import { sendPage } from '../../../../platform/http/render.js';
import { translator } from '../../../../platform/i18n/index.js';
import { CATEGORIES, isCategory } from '../domain/notice.js';
import { buildCatalogRecord, buildOfnBoard } from '../domain/ofn.js';
import '../messages.js';
import { BoardCache } from '../board-cache.js';
import {
  boardVersion,
  getPublicDocument,
  getPublicNotice,
  listPublicNotices,
  type NoticeView,
} from '../service.js';
import { baseUrl, day, formatSize, moment, NoticeFacts } from './views.js';

const ARCHIVE_PAGE = 50;

function tenantOf(request: FastifyRequest): Tenant {
  // The app's onRequest hook has resolved :tenant (or answered 404).
  return request.tenant!;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, 200) : '';
}

function NoticeList(props: { env: PageEnv; notices: NoticeView[]; archive?: boolean }) {
  const { env } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <ul class="notice-list gov-list--plain">
      {props.notices.map((n) => (
        <li class="notice-item">
          <h3>
            <a href={`/${slug}/uredni-deska/${n.id}`}>{n.title}</a>
          </h3>
          <p class="notice-meta">
            <span>{t(`noticeboard:category.${n.category}`)}</span>
            {n.boardNumber && <span> · {n.boardNumber}</span>}
            {n.originator && <span> · {n.originator.name}</span>}
          </p>
          <p class="notice-dates">
            {props.archive ? (
              <>
                {t('noticeboard:public.posted')}: {moment(env, n.postedAt)} ·{' '}
                {t('noticeboard:public.removed')}: {moment(env, n.removedAt)}
              </>
            ) : (
              <>
                {t('noticeboard:public.posted')}: {day(env, n.postingDate)} · {t('noticeboard:public.until')}:{' '}
                {day(env, n.removalDate)}
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

function SearchForm(props: { env: PageEnv; action: string; q: string; category: string }) {
  const { t } = props.env;
  return (
    <form method="get" action={props.action} class="notice-search">
      <div class="gov-form-control">
        <label class="gov-form-label" for="nb-q">
          {t('noticeboard:field.q')}
        </label>
        <input id="nb-q" name="q" type="search" value={props.q} maxLength={200} />
      </div>
      <div class="gov-form-control">
        <label class="gov-form-label" for="nb-category">
          {t('noticeboard:field.category')}
        </label>
        <select id="nb-category" name="category">
          <option value="">{t('noticeboard:field.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option value={c} selected={c === props.category}>
              {t(`noticeboard:category.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="gov-button gov-button--primary">
        {t('noticeboard:public.filter')}
      </button>
    </form>
  );
}

/** The board's result list: rendered on its own so that it can be cached (see BoardCache). */
function BoardResults(props: { env: PageEnv; notices: NoticeView[]; total: number; searching: boolean }) {
  const { t } = props.env;
  return (
    <>
      {props.searching && <p role="status">{t('noticeboard:public.results', { count: props.total })}</p>}
      {props.notices.length === 0 ? (
        <p>{props.searching ? t('noticeboard:public.noMatch') : t('noticeboard:public.empty')}</p>
      ) : (
        <NoticeList env={props.env} notices={props.notices} />
      )}
    </>
  );
}

function BoardPage(props: { env: PageEnv; resultsHtml: string; q: string; category: string }) {
  const { env } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <Layout env={env} title={t('noticeboard:title')} variant="public">
      <SearchForm env={env} action={`/${slug}/uredni-deska`} q={props.q} category={props.category} />
      <section aria-labelledby="nb-current">
        <h2 id="nb-current">{t('noticeboard:public.current')}</h2>
        {/* Rendered by BoardResults with the same escaping; kept as HTML for the cache. */}
        <div dangerouslySetInnerHTML={{ __html: props.resultsHtml }} />
      </section>
      <section aria-labelledby="nb-more">
        <h2 id="nb-more">{t('noticeboard:public.openData')}</h2>
        <ul>
          <li>
            <a href={`/${slug}/uredni-deska/archiv`}>{t('noticeboard:public.archive')}</a>
          </li>
          <li>
            <a href={`/${slug}/uredni-deska.jsonld`} type="application/ld+json">
              {t('noticeboard:public.jsonld')}
            </a>
          </li>
          <li>
            <a href={`/${slug}/uredni-deska.nkod.jsonld`} type="application/ld+json">
              {t('noticeboard:public.catalog')}
            </a>
          </li>
          <li>
            {t('noticeboard:public.feeds')}: <a href={`/${slug}/uredni-deska.rss`}>RSS</a>,{' '}
            <a href={`/${slug}/uredni-deska.atom`}>Atom</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

function ArchivePage(props: { env: PageEnv; notices: NoticeView[]; total: number; q: string; page: number }) {
  const { env, page } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  const pages = Math.max(1, Math.ceil(props.total / ARCHIVE_PAGE));
  const link = (p: number) =>
    `/${slug}/uredni-deska/archiv?${new URLSearchParams({ q: props.q, page: String(p) })}`;
  return (
    <Layout env={env} title={t('noticeboard:archiveTitle')} variant="public">
      <form method="get" action={`/${slug}/uredni-deska/archiv`} class="notice-search">
        <div class="gov-form-control">
          <label class="gov-form-label" for="nb-q">
            {t('noticeboard:field.q')}
          </label>
          <input id="nb-q" name="q" type="search" value={props.q} maxLength={200} />
        </div>
        <button type="submit" class="gov-button gov-button--primary">
          {t('noticeboard:public.filter')}
        </button>
      </form>
      <section aria-labelledby="nb-archive">
        <h2 id="nb-archive">{t('noticeboard:public.archive')}</h2>
        {props.notices.length === 0 ? (
          <p>{t('noticeboard:public.archiveEmpty')}</p>
        ) : (
          <NoticeList env={env} notices={props.notices} archive />
        )}
        {pages > 1 && (
          <nav aria-label={t('noticeboard:public.archive')}>
            <ul class="pager gov-list--plain">
              {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
                <li>
                  <a href={link(p)} aria-current={p === page ? 'page' : undefined}>
                    {p}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
      <p>
        <a href={`/${slug}/uredni-deska`}>{t('noticeboard:public.back')}</a>
      </p>
    </Layout>
  );
}

function DetailPage(props: { env: PageEnv; notice: NoticeView }) {
  const { env, notice: n } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <Layout env={env} title={n.title} variant="public">
      {n.state === 'removed' && (
        <p class="gov-message gov-message--warning">
          {t('noticeboard:public.removed')}: {moment(env, n.removedAt)}
        </p>
      )}
      <NoticeFacts env={env} notice={n} />
      {n.description && <p class="notice-description">{n.description}</p>}
      <section aria-labelledby="nb-docs">
        <h2 id="nb-docs">{t('noticeboard:field.documents')}</h2>
        {n.state === 'posted' ? (
          <ul>
            {n.documents.map((d) => (
              <li>
                <a href={`/${slug}/uredni-deska/${n.id}/dokumenty/${d.id}`} type="application/pdf">
                  {d.title}
                </a>{' '}
                (PDF, {formatSize(d.size)})
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('noticeboard:public.documentsGone')}</p>
        )}
      </section>
      <p>
        <a href={`/${slug}/uredni-deska`}>{t('noticeboard:public.back')}</a>
      </p>
    </Layout>
  );
}

async function sendFeed(request: FastifyRequest, reply: FastifyReply, ctx: AppContext, kind: 'rss' | 'atom') {
  const tenant = tenantOf(request);
  const t = translator(tenant.locale);
  const base = baseUrl(request, ctx);
  const board = `${base}/${tenant.slug}/uredni-deska`;
  const { notices } = await listPublicNotices(ctx, tenant.id, { limit: 200, withDocuments: false });
  const feed = new Feed({
    id: board,
    title: `${t('noticeboard:title')} – ${tenant.name}`,
    link: board,
    language: tenant.locale,
    copyright: tenant.name,
    generator: 'Samospráva',
    updated: notices[0]?.postedAt ?? new Date(0),
    feedLinks: { rss: `${board}.rss`, atom: `${board}.atom` },
  });
  for (const n of notices) {
    feed.addItem({
      id: `${board}/${n.id}`,
      title: n.title,
      link: `${board}/${n.id}`,
      date: n.postedAt ?? new Date(`${n.postingDate}T00:00:00Z`),
      description: [t(`noticeboard:category.${n.category}`), n.description].filter(Boolean).join(' – '),
      category: [{ name: t(`noticeboard:category.${n.category}`) }],
    });
  }
  return kind === 'rss'
    ? reply.type('application/rss+xml; charset=utf-8').send(feed.rss2())
    : reply.type('application/atom+xml; charset=utf-8').send(feed.atom1());
}

/** The board's current notices as OFN JSON-LD (also used by the benchmark). */
export async function boardJsonLd(
  ctx: AppContext,
  tenant: Tenant,
  base: string,
): Promise<Record<string, unknown>> {
  const t = translator('cs');
  const { notices } = await listPublicNotices(ctx, tenant.id);
  return buildOfnBoard({
    boardUrl: `${base}/${tenant.slug}/uredni-deska`,
    operator: { name: tenant.name, ico: tenant.ico, country: tenant.country },
    notices: notices.map((n) => ({
      id: n.id,
      title: n.title,
      description: n.description,
      agenda: t(`noticeboard:category.${n.category}`),
      postingDate: n.postingDate,
      removalDate: n.removalDate,
      approvalDate: n.approvalDate,
      referenceNumber: n.referenceNumber,
      fileNumber: n.fileNumber,
      originator: n.originator,
      documents: n.documents.map((d) => ({ id: d.id, title: d.title })),
    })),
  });
}

export function publicPages(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  // Per app instance (not module-global): tests build many apps over different databases.
  const boards = new BoardCache();

  app.get('/:tenant/uredni-deska', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const query = request.query as Record<string, unknown>;
    const q = str(query.q).trim();
    const category = isCategory(query.category) ? query.category : '';
    const env = pageEnv(request, ctx);
    const results = async () => {
      const { notices, total } = await listPublicNotices(ctx, tenant.id, {
        q,
        category,
        withDocuments: false,
      });
      return renderToString(
        <BoardResults env={env} notices={notices} total={total} searching={Boolean(q || category)} />,
      );
    };
    // Free-text searches are too varied to keep; the board and its category views are cached.
    const resultsHtml = q
      ? await results()
      : await boards.get(
          `html|${tenant.id}|${tenant.time_zone}|${env.locale}|${category}`,
          await boardVersion(ctx, tenant.id),
          results,
        );
    return sendPage(reply, <BoardPage env={env} resultsHtml={resultsHtml} q={q} category={category} />);
  });

  app.get('/:tenant/uredni-deska/archiv', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const query = request.query as Record<string, unknown>;
    const q = str(query.q).trim();
    const page = Math.max(1, Math.min(10_000, Number.parseInt(str(query.page), 10) || 1));
    const { notices, total } = await listPublicNotices(ctx, tenant.id, {
      q,
      archive: true,
      limit: ARCHIVE_PAGE,
      offset: (page - 1) * ARCHIVE_PAGE,
      withDocuments: false,
    });
    return sendPage(
      reply,
      <ArchivePage env={pageEnv(request, ctx)} notices={notices} total={total} q={q} page={page} />,
    );
  });

  app.get('/:tenant/uredni-deska/:id', hide, async (request, reply) => {
    const { id } = request.params as { id: string };
    const notice = await getPublicNotice(ctx, tenantOf(request).id, id);
    return sendPage(reply, <DetailPage env={pageEnv(request, ctx)} notice={notice} />);
  });

  app.get('/:tenant/uredni-deska/:id/dokumenty/:doc', hide, async (request, reply) => {
    const { id, doc } = request.params as { id: string; doc: string };
    const file = await getPublicDocument(ctx, tenantOf(request).id, id, doc);
    return reply
      .type(file.record.mime)
      .header('content-disposition', contentDisposition(file.record.filename, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream());
  });

  app.get('/:tenant/uredni-deska.rss', hide, (request, reply) => sendFeed(request, reply, ctx, 'rss'));
  app.get('/:tenant/uredni-deska.atom', hide, (request, reply) => sendFeed(request, reply, ctx, 'atom'));

  app.get('/:tenant/uredni-deska.jsonld', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const base = baseUrl(request, ctx);
    const version = await boardVersion(ctx, tenant.id);
    // Harvesters poll the open data: the version makes a cheap validator for conditional GETs.
    const key = `jsonld|${tenant.id}|${base}|${tenant.name}|${tenant.ico ?? ''}|${tenant.country}`;
    const etag = `"${createHash('sha256').update(`${key}|${version}`).digest('base64url').slice(0, 22)}"`;
    reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .header('etag', etag)
      .header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const body = await boards.get(key, version, async () =>
      JSON.stringify(await boardJsonLd(ctx, tenant, base)),
    );
    return reply.send(body);
  });

  app.get('/:tenant/uredni-deska.nkod.jsonld', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const base = baseUrl(request, ctx);
    const record = buildCatalogRecord({
      dataUrl: `${base}/${tenant.slug}/uredni-deska.jsonld`,
      tenantName: tenant.name,
      contactEmail: (tenant.contacts as { email?: string }).email ?? null,
    });
    return reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(record));
  });
}

/**
 * Public council pages of a tenant, without signing in and without JavaScript: meetings
 * (/{tenant}/zasedani) with agenda and final minutes (HTML and the stored PDF), resolutions
 * (/{tenant}/usneseni) with diacritics-insensitive search, filters and pages, resolution and
 * material detail, and the resolutions as open data (JSON-LD with OFN base types, CSV).
 */

import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../../platform/blobs/index.js';
import { isIsoDate } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tenant } from '../../../platform/db/types.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { sendPage } from '../../../platform/http/render.js';
import { formatDate } from '../../../platform/i18n/index.js';
import {
  buildResolutionsJsonLd,
  CSV_COLUMNS,
  type OpenResolution,
  resolutionsCsvRows,
} from '../domain/opendata.js';
import { getPublicResolutionLinks, type ResolutionLinks } from '../links-service.js';
import { ResolutionLinkFacts } from './proceedings.js';
import '../messages.js';
import '../messages-minutes.js';
import { choiceLabel, clauseText } from '../minutes-pdf.js';
import '../messages-redaction.js';
import {
  getPublicMaterial,
  getPublicMeeting,
  getPublicResolution,
  listPublicMeetings,
  PAGE_SIZE,
  type PublicMaterial,
  type PublicMeeting,
  type PublicMeetingSummary,
  type PublicResolution,
  type PublicResolutionSummary,
  searchPublicResolutions,
} from '../public-service.js';
import { getRedactedPublicMinutesPdf } from '../redaction-service.js';
import { MinutesBody, MinutesDue, Paragraphs } from './minutes-view.js';

function tenantOf(request: FastifyRequest): Tenant {
  // The app's onRequest hook has resolved :tenant (or answered 404).
  return request.tenant!;
}

function baseUrl(request: FastifyRequest, ctx: AppContext): string {
  return (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 200) : '');

function MeetingList(props: { env: PageEnv; list: PublicMeetingSummary[] }) {
  const { env } = props;
  const slug = env.tenant!.slug;
  return (
    <ul class="gov-list--plain meeting-list">
      {props.list.map((m) => (
        <li>
          <a href={`/${slug}/zasedani/${m.id}`}>
            {env.t('councilPublic:meetingTitle', { number: m.number, body: m.bodyName })}
          </a>{' '}
          – {formatDate(env.locale, m.date)}, {m.place}
          {m.minutesFinal && ` · ${env.t('councilPublic:minutes')}`}
        </li>
      ))}
    </ul>
  );
}

function MeetingsPage(props: {
  env: PageEnv;
  upcoming: PublicMeetingSummary[];
  past: PublicMeetingSummary[];
}) {
  const { env } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <Layout env={env} title={t('councilPublic:meetingsTitle')} variant="public">
      <section aria-labelledby="cp-upcoming">
        <h2 id="cp-upcoming">{t('councilPublic:upcoming')}</h2>
        {props.upcoming.length ? (
          <MeetingList env={env} list={props.upcoming} />
        ) : (
          <p>{t('councilPublic:noUpcoming')}</p>
        )}
      </section>
      <section aria-labelledby="cp-past">
        <h2 id="cp-past">{t('councilPublic:past')}</h2>
        {props.past.length ? <MeetingList env={env} list={props.past} /> : <p>{t('councilPublic:noPast')}</p>}
      </section>
      <p>
        <a href={`/${slug}/usneseni`}>{t('councilPublic:resolutionsTitle')}</a>
      </p>
    </Layout>
  );
}

function MeetingPage(props: { env: PageEnv; m: PublicMeeting }) {
  const { env, m } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  const resolutionIds = new Map(
    m.items.flatMap((i) => (i.resolution ? [[i.resolution.number, i.resolution.id]] : [])),
  );
  return (
    <Layout
      env={env}
      title={t('councilPublic:meetingTitle', { number: m.number, body: m.bodyName })}
      variant="public"
    >
      <dl class="facts">
        <dt>{t('councilPublic:when')}</dt>
        <dd>{formatDate(env.locale, m.date)}</dd>
        <dt>{t('councilPublic:where')}</dt>
        <dd>{m.place}</dd>
      </dl>
      <section aria-labelledby="cp-agenda">
        <h2 id="cp-agenda">{t('councilPublic:agenda')}</h2>
        {m.items.length === 0 ? (
          <p>{t('councilPublic:emptyAgenda')}</p>
        ) : (
          <ol>
            {m.items.map((i) => (
              <li>
                {i.materialId ? <a href={`/${slug}/materialy/${i.materialId}`}>{i.title}</a> : i.title}
                {i.reference && ` (${i.reference})`}
                {i.outcome && ` – ${t(`council:outcome.${i.outcome}`)}`}
                {i.resolution && (
                  <>
                    {' – '}
                    <a href={`/${slug}/usneseni/${i.resolution.id}`}>
                      {t('councilMinutes:resolutionNo', { number: i.resolution.number })}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="cp-minutes">
        <h2 id="cp-minutes">{t('councilPublic:minutes')}</h2>
        {m.minutes.doc ? (
          <>
            <p>
              <a href={`/${slug}/zasedani/${m.id}/zapis.pdf`} type="application/pdf">
                {t('councilPublic:minutesPdf')}
              </a>
              {m.minutes.redacted ? (
                <span class="hint"> ({t('councilRedaction:publicNote')})</span>
              ) : (
                m.minutes.pdfSha256 && (
                  <span class="hint">
                    {' '}
                    ({t('councilMinutes:sha')}: <code>{m.minutes.pdfSha256}</code>)
                  </span>
                )
              )}
            </p>
            <MinutesBody
              t={t}
              locale={env.locale}
              timeZone={m.timeZone}
              doc={m.minutes.doc}
              level={3}
              approvals={m.minutes.approvals}
              finalAt={m.minutes.finalAt}
              resolutionHref={(n) =>
                resolutionIds.has(n) ? `/${slug}/usneseni/${resolutionIds.get(n)}` : null
              }
            />
          </>
        ) : m.minutes.state === 'upcoming' ? (
          <MinutesDue t={t} locale={env.locale} due={m.minutes.due} state={m.minutes.state} />
        ) : (
          <p>{t('councilPublic:minutesNotYet', { due: formatDate(env.locale, m.minutes.due) })}</p>
        )}
      </section>
      <p>
        <a href={`/${slug}/zasedani`}>{t('councilPublic:back')}</a>
      </p>
    </Layout>
  );
}

interface Filters {
  q: string;
  body: string;
  from: string;
  to: string;
  page: number;
}

function ResolutionsPage(props: {
  env: PageEnv;
  items: PublicResolutionSummary[];
  total: number;
  bodies: { code: string; name: string }[];
  f: Filters;
  badDate: boolean;
}) {
  const { env, f } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const searching = Boolean(f.q || f.body || f.from || f.to);
  const link = (p: number) =>
    `/${slug}/usneseni?${new URLSearchParams({ q: f.q, body: f.body, from: f.from, to: f.to, page: String(p) })}`;
  return (
    <Layout env={env} title={t('councilPublic:resolutionsTitle')} variant="public">
      <form method="get" action={`/${slug}/usneseni`} class="resolution-search">
        <div class="gov-form-control">
          <label class="gov-form-label" for="cp-q">
            {t('councilPublic:q')}
          </label>
          <input id="cp-q" name="q" type="search" value={f.q} maxLength={200} />
        </div>
        <div class="gov-form-control">
          <label class="gov-form-label" for="cp-body">
            {t('councilPublic:body')}
          </label>
          <select id="cp-body" name="body">
            <option value="">{t('councilPublic:allBodies')}</option>
            {props.bodies.map((b) => (
              <option value={b.code} selected={b.code === f.body}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div class="gov-form-control">
          <label class="gov-form-label" for="cp-from">
            {t('councilPublic:from')}
          </label>
          <input id="cp-from" name="from" type="date" value={f.from} />
        </div>
        <div class="gov-form-control">
          <label class="gov-form-label" for="cp-to">
            {t('councilPublic:to')}
          </label>
          <input id="cp-to" name="to" type="date" value={f.to} />
        </div>
        <button type="submit" class="gov-button gov-button--primary">
          {t('councilPublic:filter')}
        </button>
      </form>
      {props.badDate && <p class="gov-message gov-message--warning">{t('councilPublic:invalidDate')}</p>}
      <section aria-labelledby="cp-results">
        <h2 id="cp-results">{t('councilPublic:resolutionsTitle')}</h2>
        {searching && <p role="status">{t('councilPublic:results', { count: props.total })}</p>}
        {props.items.length === 0 ? (
          <p>{searching ? t('councilPublic:noMatch') : t('councilPublic:none')}</p>
        ) : (
          <ul class="gov-list--plain resolution-list">
            {props.items.map((r) => (
              <li>
                <h3>
                  <a href={`/${slug}/usneseni/${r.id}`}>
                    {t('councilMinutes:resolutionNo', { number: r.number })}
                  </a>
                </h3>
                <p>
                  {r.title} · {r.bodyName} · {t('councilPublic:adoptedOn')}{' '}
                  {formatDate(env.locale, r.adoptedOn)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {pages > 1 && (
          <nav aria-label={t('councilPublic:pager')}>
            <ul class="pager gov-list--plain">
              {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
                <li>
                  <a
                    href={link(p)}
                    aria-current={p === f.page ? 'page' : undefined}
                    aria-label={t('councilPublic:page', { n: p })}
                  >
                    {p}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
      <section aria-labelledby="cp-open">
        <h2 id="cp-open">{t('councilPublic:openData')}</h2>
        <ul>
          <li>
            <a href={`/${slug}/usneseni.jsonld`} type="application/ld+json">
              {t('councilPublic:jsonld')}
            </a>
          </li>
          <li>
            <a href={`/${slug}/usneseni.csv`} type="text/csv">
              {t('councilPublic:csv')}
            </a>
          </li>
        </ul>
      </section>
      <p>
        <a href={`/${slug}/zasedani`}>{t('councilPublic:meetingsTitle')}</a>
      </p>
    </Layout>
  );
}

function ResolutionPage(props: { env: PageEnv; r: PublicResolution; links?: ResolutionLinks }) {
  const { env, r } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <Layout env={env} title={t('councilMinutes:resolutionNo', { number: r.number })} variant="public">
      <p class="lead">{r.title}</p>
      <dl class="facts">
        <dt>{t('councilPublic:body')}</dt>
        <dd>{r.bodyName}</dd>
        <dt>{t('councilPublic:adoptedOn')}</dt>
        <dd>{formatDate(env.locale, r.adoptedOn)}</dd>
        <dt>{t('councilPublic:meeting')}</dt>
        <dd>
          <a href={`/${slug}/zasedani/${r.meetingId}`}>
            {t('councilPublic:meetingTitle', { number: r.meetingNumber, body: r.bodyName })}
          </a>
        </dd>
        {r.reference && (
          <>
            <dt>{t('councilPublic:material')}</dt>
            <dd>
              {r.materialId ? <a href={`/${slug}/materialy/${r.materialId}`}>{r.reference}</a> : r.reference}
            </dd>
          </>
        )}
        {props.links && <ResolutionLinkFacts t={t} slug={slug} links={props.links} />}
      </dl>
      <section aria-labelledby="cp-text">
        <h2 id="cp-text">{t('councilPublic:resolution')}</h2>
        <p>{r.bodyName}</p>
        <ul class="clauses">
          {r.clauses.map((c) => (
            <li>{clauseText(t, env.locale, c)}</li>
          ))}
        </ul>
      </section>
      {r.vote && (
        <section aria-labelledby="cp-vote">
          <h2 id="cp-vote">{t('councilPublic:vote')}</h2>
          <p>
            {t('councilMinutes:result', { ...r.vote.tally })} –{' '}
            {t(r.vote.adopted ? 'councilMinutes:adopted' : 'councilMinutes:notAdopted')}
          </p>
          {r.vote.ballots.length > 0 && (
            <table class="gov-table">
              <caption>{t('councilPublic:namedVotes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('councilPublic:member')}</th>
                  <th scope="col">{t('councilPublic:choice')}</th>
                </tr>
              </thead>
              <tbody>
                {r.vote.ballots.map((b) => (
                  <tr>
                    <th scope="row">{b.name}</th>
                    <td>{choiceLabel(t, b.choice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <p>
        <a href={`/${slug}/usneseni`}>{t('councilPublic:backResolutions')}</a>
      </p>
    </Layout>
  );
}

function MaterialPage(props: { env: PageEnv; m: PublicMaterial }) {
  const { env, m } = props;
  const { t } = env;
  const slug = env.tenant!.slug;
  return (
    <Layout env={env} title={m.title} variant="public">
      <dl class="facts">
        {m.reference && (
          <>
            <dt>{t('councilPublic:reference')}</dt>
            <dd>{m.reference}</dd>
          </>
        )}
        <dt>{t('councilPublic:author')}</dt>
        <dd>{m.author}</dd>
        <dt>{t('councilPublic:submitter')}</dt>
        <dd>{m.submitter}</dd>
        <dt>{t('councilPublic:outcome')}</dt>
        <dd>{t(`council:outcome.${m.outcome}`)}</dd>
        {m.resolution && (
          <>
            <dt>{t('councilPublic:resolution')}</dt>
            <dd>
              <a href={`/${slug}/usneseni/${m.resolution.id}`}>{m.resolution.number}</a>
            </dd>
          </>
        )}
        <dt>{t('councilPublic:attachments')}</dt>
        <dd>
          {m.attachmentCount}
          {m.attachmentCount > 0 && ` – ${t('councilPublic:attachmentsHint')}`}
        </dd>
      </dl>
      <section aria-labelledby="cp-problem">
        <h2 id="cp-problem">{t('councilPublic:problem')}</h2>
        <Paragraphs text={m.problem} />
      </section>
      <section aria-labelledby="cp-proposal">
        <h2 id="cp-proposal">{t('councilPublic:proposal')}</h2>
        <Paragraphs text={m.proposal} />
      </section>
      {m.opinions.length > 0 && (
        <section aria-labelledby="cp-opinions">
          <h2 id="cp-opinions">{t('councilPublic:opinions')}</h2>
          <dl>
            {m.opinions.map((o) => (
              <>
                <dt>{o.from}</dt>
                <dd>{o.text}</dd>
              </>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="cp-draft">
        <h2 id="cp-draft">{t('councilPublic:draft')}</h2>
        <ul class="clauses">
          {m.clauses.map((c) => (
            <li>{clauseText(t, env.locale, c)}</li>
          ))}
        </ul>
      </section>
      {m.meetingId && (
        <p>
          <a href={`/${slug}/zasedani/${m.meetingId}`}>{t('councilPublic:meeting')}</a>
        </p>
      )}
    </Layout>
  );
}

/** Every adopted resolution of the tenant, as open data rows. */
async function openResolutions(ctx: AppContext, tenant: Tenant): Promise<OpenResolution[]> {
  const { items } = await searchPublicResolutions(ctx, tenant.id, { pageSize: 100_000 });
  return items.map((r) => ({
    id: r.id,
    number: r.number,
    bodyCode: r.bodyCode,
    bodyName: r.bodyName,
    title: r.title,
    adoptedOn: r.adoptedOn,
    clauses: r.clauses,
    meetingId: r.meetingId,
    meetingNumber: r.meetingNumber,
    minutesPdf: r.minutesFinal,
  }));
}

export function councilPublicPages(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  type P = { Params: { tenant: string; id: string } };

  app.get('/:tenant/zasedani', hide, async (request, reply) => {
    const { upcoming, past } = await listPublicMeetings(ctx, tenantOf(request).id);
    return sendPage(reply, <MeetingsPage env={pageEnv(request, ctx)} upcoming={upcoming} past={past} />);
  });

  app.get<P>('/:tenant/zasedani/:id', hide, async (request, reply) => {
    const m = await getPublicMeeting(ctx, tenantOf(request).id, request.params.id);
    return sendPage(reply, <MeetingPage env={pageEnv(request, ctx)} m={m} />);
  });

  app.get<P>('/:tenant/zasedani/:id/zapis.pdf', hide, async (request, reply) => {
    const pdf = await getRedactedPublicMinutesPdf(ctx, tenantOf(request).id, request.params.id);
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition(pdf.filename, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .send(pdf.content);
  });

  app.get('/:tenant/usneseni', hide, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const tenant = tenantOf(request);
    const rawFrom = str(query.from).trim();
    const rawTo = str(query.to).trim();
    const f: Filters = {
      q: str(query.q).trim(),
      body: str(query.body).trim(),
      from: isIsoDate(rawFrom) ? rawFrom : '',
      to: isIsoDate(rawTo) ? rawTo : '',
      page: Math.max(1, Math.min(100_000, Number.parseInt(str(query.page), 10) || 1)),
    };
    const badDate = Boolean((rawFrom && !f.from) || (rawTo && !f.to));
    const result = await searchPublicResolutions(ctx, tenant.id, f);
    if (f.body && !result.bodies.some((b) => b.code === f.body)) f.body = '';
    return sendPage(
      reply,
      <ResolutionsPage
        env={pageEnv(request, ctx)}
        items={result.items}
        total={result.total}
        bodies={result.bodies}
        f={f}
        badDate={badDate}
      />,
    );
  });

  app.get<P>('/:tenant/usneseni/:id', hide, async (request, reply) => {
    const r = await getPublicResolution(ctx, tenantOf(request).id, request.params.id);
    const links = await getPublicResolutionLinks(ctx, tenantOf(request).id, r.id);
    return sendPage(reply, <ResolutionPage env={pageEnv(request, ctx)} r={r} links={links} />);
  });

  app.get<P>('/:tenant/materialy/:id', hide, async (request, reply) => {
    const m = await getPublicMaterial(ctx, tenantOf(request).id, request.params.id);
    return sendPage(reply, <MaterialPage env={pageEnv(request, ctx)} m={m} />);
  });

  app.get('/:tenant/usneseni.jsonld', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const tenantUrl = `${baseUrl(request, ctx)}/${tenant.slug}`;
    const doc = buildResolutionsJsonLd({
      tenantUrl,
      tenantName: tenant.name,
      resolutions: await openResolutions(ctx, tenant),
    });
    return reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(doc));
  });

  app.get('/:tenant/usneseni.csv', hide, async (request, reply) => {
    const tenant = tenantOf(request);
    const tenantUrl = `${baseUrl(request, ctx)}/${tenant.slug}`;
    const rows = resolutionsCsvRows(tenantUrl, await openResolutions(ctx, tenant));
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', contentDisposition(`usneseni-${tenant.slug}.csv`, 'inline'))
      .header('access-control-allow-origin', '*')
      .send(stringify([[...CSV_COLUMNS], ...rows]));
  });
}

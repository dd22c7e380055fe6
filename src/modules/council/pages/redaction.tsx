/**
 * Staff pages of redaction (anonymizace): the overview of public texts with the state of their
 * redaction (/app/council/redaction) and one material's or resolution's page
 * (/app/council/redaction/:target/:id) where the secretary marks personal data by its wording,
 * removes marks, previews the redacted text and publishes it. Works without JavaScript; a refused
 * action shows its reason on the page and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDateTime, type T } from '../../../platform/i18n/index.js';
import { requireUser } from '../../../platform/identity/http.js';
import { REDACTION_CATEGORIES } from '../domain/redaction.js';
import '../messages-redaction.js';
import { councilPolicy } from '../policy.js';
import {
  type FieldText,
  getRedaction,
  listRedactions,
  type MarkView,
  markPhrase,
  publishRedaction,
  type RedactionListItem,
  type RedactionView,
  removeMark,
} from '../redaction-service.js';
import { Paragraphs } from './minutes-view.js';

type Problem = { message: string; details: string[] } | null;

function problemOf(e: unknown): Problem {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict' || e.code === 'forbidden'))
    return { message: e.message, details: e.fields.map((f) => `${f.field}: ${f.message}`) };
  throw e;
}

const partLabel = (t: T, f: Pick<FieldText, 'part' | 'n' | 'from'>) =>
  t(`councilRedaction:part.${f.part}`, { n: f.n, from: f.from });

function ListPage(props: { env: PageEnv; list: RedactionListItem[] }) {
  const { env } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('councilRedaction:listTitle')}>
      <p>{t('councilRedaction:listHint')}</p>
      {props.list.length === 0 ? (
        <p>{t('councilRedaction:listEmpty')}</p>
      ) : (
        <table class="gov-table">
          <thead>
            <tr>
              <th scope="col">{t('councilRedaction:what')}</th>
              <th scope="col">{t('councilRedaction:stateLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {props.list.map((x) => (
              <tr>
                <td>
                  {t(`councilRedaction:kind.${x.target}`)} {x.reference ?? ''} –{' '}
                  <a href={`/app/council/redaction/${x.target}/${x.id}`}>{x.title}</a>
                </td>
                <td>{t(`councilRedaction:state.${x.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function MarkList(props: { env: PageEnv; v: RedactionView; marks: MarkView[]; removable: boolean }) {
  const { env, v } = props;
  const { t } = env;
  const base = `/app/council/redaction/${v.target}/${v.id}`;
  if (props.marks.length === 0) return <p>{t('councilRedaction:noMarks')}</p>;
  return (
    <table class="gov-table">
      <thead>
        <tr>
          <th scope="col">{t('councilRedaction:phrase')}</th>
          <th scope="col">{t('councilRedaction:field')}</th>
          <th scope="col">{t('councilRedaction:category')}</th>
          {props.removable && (
            <th scope="col">
              <span class="visually-hidden">{t('councilRedaction:remove')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.marks.map((m, i) => {
          const f = v.fields.find((x) => x.field === m.field);
          return (
            <tr>
              <td>{m.stale ? <em>{t('councilRedaction:stale')}</em> : m.text}</td>
              <td>{f ? partLabel(t, f) : m.field}</td>
              <td>{t(`councilRedaction:categories.${m.category}`)}</td>
              {props.removable && (
                <td>
                  <form method="post" action={`${base}/remove`}>
                    <HiddenCsrf token={env.csrfToken} />
                    <input type="hidden" name="version" value={String(v.version)} />
                    <input type="hidden" name="index" value={String(i)} />
                    <button
                      type="submit"
                      class="gov-button gov-button--secondary"
                      aria-label={t('councilRedaction:removeLabel', { text: m.text ?? m.field })}
                    >
                      {t('councilRedaction:remove')}
                    </button>
                  </form>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RedactionPage(props: {
  env: PageEnv;
  v: RedactionView;
  canWrite: boolean;
  problem: Problem;
  added: number | null;
}) {
  const { env, v, problem } = props;
  const { t } = env;
  const base = `/app/council/redaction/${v.target}/${v.id}`;
  // Removing works on the list the secretary edits: the draft, else the published marks (which
  // are then live, not stale).
  const working = v.draft?.marks ?? v.published?.marks.filter((m) => !m.stale) ?? [];
  return (
    <Layout env={env} title={t('councilRedaction:title', { title: v.title })}>
      {problem && (
        <div class="gov-message gov-message--error" role="alert">
          <p>{problem.message}</p>
          {problem.details.length > 0 && (
            <ul>
              {problem.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {props.added !== null && (
        <p class="gov-message gov-message--success" role="status">
          {t('councilRedaction:added', { count: props.added })}
        </p>
      )}
      <dl class="facts">
        <dt>{t(`councilRedaction:kind.${v.target}`)}</dt>
        <dd>{v.reference ?? '–'}</dd>
        <dt>{t('councilRedaction:version')}</dt>
        <dd>{v.version}</dd>
        {v.draft && (
          <>
            <dt>{t('councilRedaction:savedAt')}</dt>
            <dd>{formatDateTime(env.locale, v.draft.savedAt)}</dd>
          </>
        )}
        {v.published && (
          <>
            <dt>{t('councilRedaction:publishedAt')}</dt>
            <dd>{formatDateTime(env.locale, v.published.publishedAt)}</dd>
          </>
        )}
      </dl>
      <p>{t(v.isPublic ? 'councilRedaction:isPublic' : 'councilRedaction:notPublic')}</p>

      {props.canWrite && (
        <form method="post" action={`${base}/mark`} aria-labelledby="red-add">
          <h2 id="red-add">{t('councilRedaction:addTitle')}</h2>
          <p class="hint" id="red-add-hint">
            {t('councilRedaction:addHint')}
          </p>
          <HiddenCsrf token={env.csrfToken} />
          <input type="hidden" name="version" value={String(v.version)} />
          <div class="gov-form-control">
            <label class="gov-form-label" for="red-phrase">
              {t('councilRedaction:phrase')}
            </label>
            <input
              id="red-phrase"
              name="phrase"
              type="text"
              required
              maxLength={500}
              aria-describedby="red-add-hint"
            />
          </div>
          <div class="gov-form-control">
            <label class="gov-form-label" for="red-field">
              {t('councilRedaction:field')}
            </label>
            <select id="red-field" name="field">
              <option value="">{t('councilRedaction:allFields')}</option>
              {v.fields.map((f) => (
                <option value={f.field}>{partLabel(t, f)}</option>
              ))}
            </select>
          </div>
          <div class="gov-form-control">
            <label class="gov-form-label" for="red-category">
              {t('councilRedaction:category')}
            </label>
            <select id="red-category" name="category">
              {REDACTION_CATEGORIES.map((c) => (
                <option value={c}>{t(`councilRedaction:categories.${c}`)}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="gov-button gov-button--primary">
            {t('councilRedaction:add')}
          </button>
        </form>
      )}

      <section aria-labelledby="red-marks">
        <h2 id="red-marks">
          {t(v.draft ? 'councilRedaction:marksTitle' : 'councilRedaction:marksPublished')}
        </h2>
        <MarkList env={env} v={v} marks={v.draft ? v.draft.marks : working} removable={props.canWrite} />
        {props.canWrite && v.draft && (
          <>
            {v.blockers.length > 0 && (
              <div class="gov-message gov-message--warning">
                <p>{t('councilRedaction:blockers')}</p>
                <ul>
                  {v.blockers.map((b) => (
                    <li>{b}</li>
                  ))}
                </ul>
              </div>
            )}
            <form method="post" action={`${base}/publish`}>
              <HiddenCsrf token={env.csrfToken} />
              <input type="hidden" name="version" value={String(v.version)} />
              <button type="submit" class="gov-button gov-button--primary">
                {t('councilRedaction:publish')}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="red-preview">
        <h2 id="red-preview">{t('councilRedaction:previewTitle')}</h2>
        {v.fields.map((f, i) => (
          <section aria-labelledby={`red-f-${i}`} class="redaction-field">
            <h3 id={`red-f-${i}`}>{partLabel(t, f)}</h3>
            <div class="redaction-preview">
              <Paragraphs text={f.preview} />
            </div>
            {f.published !== f.preview && (
              <>
                <h4>{t('councilRedaction:publishedTitle')}</h4>
                {f.withheld && <p class="hint">{t('councilRedaction:withheld')}</p>}
                <Paragraphs text={f.published} />
              </>
            )}
            {f.text !== f.preview && (
              <details>
                <summary>{t('councilRedaction:original')}</summary>
                <Paragraphs text={f.text} />
              </details>
            )}
          </section>
        ))}
      </section>
      <p>
        <a href="/app/council/redaction">{t('councilRedaction:back')}</a>
      </p>
    </Layout>
  );
}

const num = (v: unknown): number => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function councilRedactionPages(app: FastifyInstance, ctx: AppContext): void {
  type P = { Params: { target: string; id: string }; Querystring: { added?: string } };

  app.get('/app/council/redaction', async (r, reply) => {
    requireUser(r);
    return sendPage(reply, <ListPage env={pageEnv(r, ctx)} list={await listRedactions(ctx, r.actor)} />);
  });

  const page = async (r: FastifyRequest<P>, reply: FastifyReply, problem: Problem = null, status = 200) => {
    const v = await getRedaction(ctx, r.actor, r.params.target, r.params.id);
    const added = problem ? Number.NaN : num(r.query.added);
    return sendPage(
      reply,
      <RedactionPage
        env={pageEnv(r, ctx)}
        v={v}
        canWrite={councilPolicy.can(r.actor, 'redaction.manage', { tenantId: r.actor.tenantId })}
        problem={problem}
        added={Number.isNaN(added) ? null : added}
      />,
      status,
    );
  };
  app.get<P>('/app/council/redaction/:target/:id', async (r, reply) => {
    requireUser(r);
    return page(r, reply);
  });

  const action = (
    path: string,
    run: (r: FastifyRequest<P>, body: Record<string, unknown>) => Promise<string>,
  ) =>
    app.post<P>(`/app/council/redaction/:target/:id/${path}`, async (r, reply) => {
      requireUser(r);
      try {
        const query = await run(r, (r.body ?? {}) as Record<string, unknown>);
        return reply.redirect(`/app/council/redaction/${r.params.target}/${r.params.id}${query}`, 303);
      } catch (e) {
        const problem = problemOf(e);
        return page(r, reply, problem, e instanceof AppError ? e.status : 422);
      }
    });

  action('mark', async (r, b) => {
    const res = await markPhrase(ctx, r.actor, r.params.target, r.params.id, {
      version: num(b.version),
      phrase: text(b.phrase),
      category: text(b.category),
      field: text(b.field) || null,
    });
    return `?added=${res.added}`;
  });
  action('remove', async (r, b) => {
    await removeMark(ctx, r.actor, r.params.target, r.params.id, {
      version: num(b.version),
      index: num(b.index),
    });
    return '';
  });
  action('publish', async (r, b) => {
    await publishRedaction(ctx, r.actor, r.params.target, r.params.id, { version: num(b.version) });
    return '';
  });
}

/** View parts shared by the public and staff notice-board pages. */
import type { FastifyRequest } from 'fastify';
import { type Explanation, formatExplanation } from '../../../../platform/calendar/index.js';
import type { AppContext } from '../../../../platform/context.js';
import type { PageEnv } from '../../../../platform/http/layout.js';
import type { NoticeView } from '../service.js';

/** Absolute base URL for links that leave the page (feeds, open data). */
export function baseUrl(request: FastifyRequest, ctx: AppContext): string {
  return (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

export function tz(env: PageEnv): string {
  return env.tenant?.time_zone ?? 'Europe/Prague';
}

// A board lists hundreds of dates; Intl formatters are costly to build, so keep one per language and zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'day' | 'moment', env: PageEnv): Intl.DateTimeFormat {
  const key = `${kind}|${env.locale}|${tz(env)}`;
  let f = formatters.get(key);
  if (!f) {
    const tag = env.locale === 'cs' ? 'cs-CZ' : env.locale === 'pl' ? 'pl-PL' : 'en-GB';
    f = new Intl.DateTimeFormat(tag, {
      dateStyle: 'medium',
      ...(kind === 'moment' ? { timeStyle: 'short' } : {}),
      timeZone: tz(env),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Same output as formatDate / formatDateTime of platform i18n, with cached formatters. */
export function day(env: PageEnv, iso: string): string {
  return formatter('day', env).format(new Date(`${iso}T12:00:00Z`));
}

export function moment(env: PageEnv, d: Date | null): string {
  return d ? formatter('moment', env).format(d) : '—';
}

export function ExplanationNote(props: { env: PageEnv; explanation: Explanation | null }) {
  if (!props.explanation) return null;
  return (
    <p class="hint deadline-explanation">
      {props.env.t('noticeboard:public.minimum')}: {formatExplanation(props.explanation, props.env.locale)}
    </p>
  );
}

/** The facts of one notice as a description list. */
export function NoticeFacts(props: { env: PageEnv; notice: NoticeView; staff?: boolean }) {
  const { env, notice: n } = props;
  const { t } = env;
  return (
    <dl class="facts">
      {n.boardNumber && (
        <>
          <dt>{t('noticeboard:field.boardNumber')}</dt>
          <dd>{n.boardNumber}</dd>
        </>
      )}
      <dt>{t('noticeboard:field.category')}</dt>
      <dd>{t(`noticeboard:category.${n.category}`)}</dd>
      {n.originator && (
        <>
          <dt>{t('noticeboard:field.originator')}</dt>
          <dd>
            {n.originator.name}
            {n.originator.ico ? ` (IČO ${n.originator.ico})` : ''}
          </dd>
        </>
      )}
      {n.referenceNumber && (
        <>
          <dt>{t('noticeboard:field.referenceNumber')}</dt>
          <dd>{n.referenceNumber}</dd>
        </>
      )}
      {n.fileNumber && (
        <>
          <dt>{t('noticeboard:field.fileNumber')}</dt>
          <dd>{n.fileNumber}</dd>
        </>
      )}
      {n.approvalDate && (
        <>
          <dt>{t('noticeboard:field.approvalDate')}</dt>
          <dd>{day(env, n.approvalDate)}</dd>
        </>
      )}
      <dt>{t('noticeboard:field.postingDate')}</dt>
      <dd>{day(env, n.postingDate)}</dd>
      <dt>{t('noticeboard:field.removalDate')}</dt>
      <dd>
        {day(env, n.removalDate)}
        <ExplanationNote env={env} explanation={n.removalExplanation} />
      </dd>
      {(props.staff || n.state === 'removed') && n.postedAt && (
        <>
          <dt>{t('noticeboard:field.postedAt')}</dt>
          <dd>{moment(env, n.postedAt)}</dd>
        </>
      )}
      {n.removedAt && (
        <>
          <dt>{t('noticeboard:field.removedAt')}</dt>
          <dd>{moment(env, n.removedAt)}</dd>
        </>
      )}
      {n.removalReason && (
        <>
          <dt>{t('noticeboard:field.reason')}</dt>
          <dd>{n.removalReason}</dd>
        </>
      )}
    </dl>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

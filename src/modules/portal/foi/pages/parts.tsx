/** Small view pieces shared by the FOI and information pages. */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError } from '../../../../platform/errors.js';
import type { T } from '../../../../platform/i18n/index.js';

export type Errors = Record<string, string>;
export type Body = Record<string, unknown>;

export function formBody(request: FastifyRequest): Body {
  const b = request.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {};
}

export function str(body: Body, key: string, max = 20_000): string {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.slice(0, max) : '';
}

/** Text as paragraphs: blank lines separate paragraphs, single newlines become line breaks. */
export function Multiline({ text }: { text: string }) {
  const paras = text.split(/\r?\n\s*\r?\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paras.map((p) => {
        const lines = p.split(/\r?\n/);
        return (
          <p>
            {lines.map((l, i) => (
              <>
                {i > 0 && <br />}
                {l}
              </>
            ))}
          </p>
        );
      })}
    </>
  );
}

export function describedBy(id: string, opts: { hint?: boolean; error?: string | undefined }) {
  const ids = [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function ErrorSummary(props: { title: string; errors: Errors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="gov-message gov-message--error" role="alert">
      <p>{props.title}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{props.labels[field] ? `${props.labels[field]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice(props: { kind?: 'success' | 'error' | 'info'; children: ComponentChildren }) {
  const kind = props.kind ?? 'success';
  return (
    <div
      class={`gov-message${kind === 'info' ? '' : ` gov-message--${kind}`}`}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      {props.children}
    </div>
  );
}

/** Field errors of a validation error (keyed by field) or null when the error is something else. */
export function fieldErrors(e: unknown): Errors | null {
  if (!(e instanceof AppError) || e.code !== 'validation' || e.fields.length === 0) return null;
  const out: Errors = {};
  for (const f of e.fields) {
    const k = f.field.replace(/^\/?(body\/)?/, '');
    out[k] ??= f.message;
  }
  return out;
}

/** A rule refusal in the reader's language (`foi:rules.<code>`), else the error's own message. */
export function ruleMessage(t: T, e: AppError): string {
  const code = e.extra.rule;
  if (typeof code === 'string') {
    const params = (e.extra.ruleParams ?? {}) as Record<string, unknown>;
    const state = typeof params.state === 'string' ? t(`foi:states.${params.state}`) : undefined;
    return t(`foi:rules.${code}`, { ...params, ...(state ? { state } : {}), defaultValue: e.message });
  }
  return e.message;
}

const PRE_COOKIE = 'csrf_pre';

/**
 * The public forms' double-submit token (the same scheme as the sign-in form, `config: { csrf:
 * 'pre-session' }`), scoped to the tenant's portal path so it does not clash with /login's.
 */
export function publicFormToken(request: FastifyRequest, reply: FastifyReply, slug: string): string {
  const existing = request.cookies[PRE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(PRE_COOKIE, token, {
    path: `/${slug}/`,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
  return token;
}

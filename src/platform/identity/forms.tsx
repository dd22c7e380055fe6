/** Small pieces shared by the identity pages: reading form bodies and showing field errors. */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError, type FieldError } from '../errors.js';
import type { T } from '../i18n/index.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';

export type FormBody = Record<string, unknown>;
export type Errors = Record<string, string>;

export function formBody(request: FastifyRequest): FormBody {
  const b = request.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as FormBody) : {};
}

/** A single text value (the first one if the field came several times), at most `max` characters. */
export function str(body: FormBody, key: string, max = 10_000): string {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.slice(0, max) : '';
}

/** All values of a repeated field (checkboxes). */
export function list(body: FormBody, key: string): string[] {
  const v = body[key];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string').slice(0, 50);
}

/** Field errors with their codes translated (`identity:err.<code>`), keyed by field name. */
export function translateIssues(t: T, fields: readonly FieldError[]): Errors {
  const out: Errors = {};
  for (const f of fields) {
    const code = (f as FieldError & { code?: string }).code;
    const field = f.field.replace(/^\/?(body\/)?/, '');
    if (out[field]) continue;
    out[field] = code
      ? t(`identity:err.${code}`, {
          min: PASSWORD_MIN_LENGTH,
          max: PASSWORD_MAX_LENGTH,
          defaultValue: f.message,
        })
      : f.message;
  }
  return out;
}

/** Field errors of a validation or conflict error a form should show; anything else is rethrown. */
export function formErrors(t: T, e: unknown): Errors {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict') && e.fields.length > 0) {
    return translateIssues(t, e.fields);
  }
  throw e;
}

/** aria-describedby for an input with an optional hint and error (ids as render.tsx's Field makes them). */
export function describedBy(
  id: string,
  opts: { hint?: boolean; error?: string | undefined },
): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The list of errors at the top of a form, each linking to its field. */
export function ErrorSummary(props: { t: T; errors: Errors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="gov-message gov-message--error" role="alert">
      <p>{props.t('identity:err.summary')}</p>
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

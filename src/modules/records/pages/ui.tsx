/** Small accessible form parts for the records pages (labels bound, errors linked by aria-describedby). */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError } from '../../../platform/errors.js';
import type { T } from '../../../platform/i18n/index.js';
import { localizeError } from '../error-texts.js';

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

/** The signed-in tenant's time zone, for dates shown and entered on the pages. */
export const zoneOf = (request: FastifyRequest) => request.tenant?.time_zone ?? 'Europe/Prague';

/** The HTTP status of a form answered with an error: 409 for a conflict of state, else 422. */
export const statusOf = (e: unknown) => (e instanceof AppError && e.code === 'conflict' ? 409 : 422);

export const fid = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

export function formValues(body: unknown): Values {
  const out: Values = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v.at(-1) === 'string') out[k] = v.at(-1) as string;
  }
  return out;
}

/**
 * A use case's field errors for a form, in the reader's language (`lng`: the request's locale; the
 * use cases speak English, see `../error-texts.ts`); other errors go on to the app's error page.
 */
export function errorsOf(e: unknown, lng: string): { errors: Errors; message: string } {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict')) {
    const errors: Errors = {};
    for (const f of e.fields) {
      const text = localizeError(f.message, lng);
      errors[f.field] = errors[f.field] ? `${errors[f.field]}; ${text}` : text;
    }
    return { errors, message: localizeError(e.message, lng) };
  }
  throw e;
}

export function ErrorSummary(props: {
  t: T;
  message?: string;
  errors: Errors;
  labels?: Record<string, string>;
}) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0 && !props.message) return null;
  return (
    <div class="gov-message gov-message--error" role="alert" tabIndex={-1}>
      <p>
        <strong>{props.message ?? props.t('records:form.errors')}</strong>
      </p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, message]) => (
            <li>
              <a href={`#${fid(field)}`}>
                {props.labels?.[field] ? `${props.labels[field]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface Base {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  hint?: string;
  required?: boolean;
}

function Wrap(props: Base & { children: ComponentChildren }) {
  const id = fid(props.name);
  const err = props.errors[props.name];
  return (
    <div class={`gov-form-control${err ? ' field-error' : ''}`}>
      <label class="gov-form-label" for={id}>
        {props.label}
        {props.required ? ' *' : ''}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {err && (
        <p class="gov-form-message error-message" id={`${id}-error`}>
          {err}
        </p>
      )}
    </div>
  );
}

function describedBy(p: Base): string | undefined {
  const id = fid(p.name);
  const ids = [p.hint ? `${id}-hint` : '', p.errors[p.name] ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(p: Base & { type?: string; maxLength?: number }) {
  return (
    <Wrap {...p}>
      <input
        id={fid(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.values[p.name] ?? ''}
        maxLength={p.maxLength}
        required={p.required}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </Wrap>
  );
}

export function TextArea(p: Base & { rows?: number }) {
  return (
    <Wrap {...p}>
      <textarea
        id={fid(p.name)}
        name={p.name}
        rows={p.rows ?? 3}
        required={p.required}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        {p.values[p.name] ?? ''}
      </textarea>
    </Wrap>
  );
}

export function Select(p: Base & { options: [value: string, label: string][] }) {
  const current = p.values[p.name] ?? '';
  return (
    <Wrap {...p}>
      <select
        id={fid(p.name)}
        name={p.name}
        required={p.required}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        {p.options.map(([v, l]) => (
          <option value={v} selected={v === current}>
            {l}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function Notice(props: { text: string | null | undefined }) {
  if (!props.text) return null;
  return (
    <div class="gov-message gov-message--success" role="status">
      <p>{props.text}</p>
    </div>
  );
}

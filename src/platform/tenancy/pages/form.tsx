/**
 * Small accessible form parts for the tenancy pages: every input has a bound label, its hint
 * and error are linked with aria-describedby, and a summary at the top links to each error.
 */
import type { ComponentChildren } from 'preact';
import type { AppError, FieldError } from '../../errors.js';
import type { T } from '../../i18n/index.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../identity/password.js';

/** Raw form values by field name (dotted, as the services name fields). */
export type FormValues = Record<string, string>;
/** Translated error messages by field name. */
export type FormErrors = Record<string, string>;

export function inputId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** The flat body of an urlencoded form; repeated names keep the last value. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v.at(-1) === 'string') out[k] = v.at(-1) as string;
  }
  return out;
}

/**
 * Field errors of a failed use case, translated where the code is known; fields under a prefix
 * (e.g. `admin.` → identity) use that area's messages.
 */
export function translateErrors(t: T, e: AppError, prefixes: Record<string, string> = {}): FormErrors {
  const out: FormErrors = {};
  for (const f of e.fields as (FieldError & { code?: string })[]) {
    if (out[f.field]) continue;
    const ns = Object.entries(prefixes).find(([p]) => f.field.startsWith(p))?.[1] ?? 'tenancy';
    out[f.field] = f.code
      ? t(`${ns}:err.${f.code}`, {
          min: PASSWORD_MIN_LENGTH,
          max: PASSWORD_MAX_LENGTH,
          defaultValue: f.message,
        })
      : f.message;
  }
  return out;
}

export function ErrorSummary(props: { t: T; errors: FormErrors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div
      class="gov-message gov-message--error"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
    >
      <p id="error-summary-title">
        <strong>{props.t('tenancy:err.summary')}</strong>
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${inputId(field)}`}>
              {props.labels[field] ? `${props.labels[field]}: ` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  hint?: string | undefined;
  /** Visually hidden label (tables of inputs whose column header says it already). */
  hiddenLabel?: boolean;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function FieldShell(props: FieldProps & { children: ComponentChildren }) {
  const id = inputId(props.name);
  const error = props.errors[props.name];
  return (
    <div class={`gov-form-control${error ? ' field-error' : ''}`}>
      <label class={props.hiddenLabel ? 'gov-form-label visually-hidden' : 'gov-form-label'} for={id}>
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {error && (
        <p class="gov-form-message error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'tel' | 'url' | 'password';
    required?: boolean;
    autocomplete?: string;
    maxLength?: number;
    spellcheck?: boolean;
  },
) {
  const id = inputId(props.name);
  const error = props.errors[props.name];
  return (
    <FieldShell {...props}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : (props.values[props.name] ?? '')}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        spellcheck={props.spellcheck}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & { options: readonly { value: string; label: string }[]; required?: boolean },
) {
  const id = inputId(props.name);
  const error = props.errors[props.name];
  const current = props.values[props.name] ?? '';
  return (
    <FieldShell {...props}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField(props: FieldProps) {
  const id = inputId(props.name);
  const error = props.errors[props.name];
  const checked = ['on', 'true', '1'].includes(props.values[props.name] ?? '');
  return (
    <div class={`gov-form-control checkbox-control${error ? ' field-error' : ''}`}>
      <div>
        <input
          id={id}
          name={props.name}
          type="checkbox"
          value="on"
          checked={checked}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint, error)}
        />{' '}
        <label class="gov-form-label" for={id}>
          {props.label}
        </label>
      </div>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="gov-form-message error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Rows of "days / hours" inputs, as many as given plus two empty ones to add. */
export function OfficeHoursFields(props: { t: T; values: FormValues; errors: FormErrors; legend: string }) {
  const { t } = props;
  const filled = Object.keys(props.values)
    .map((k) => /^officeHours\.(\d+)\.(days|hours)$/.exec(k))
    .filter((m) => m && (props.values[m[0]] ?? '').trim() !== '')
    .map((m) => Number(m![1]));
  const rows = Math.min(14, Math.max(3, (filled.length ? Math.max(...filled) + 1 : 0) + 2));
  return (
    <fieldset class="office-hours">
      <legend>{props.legend}</legend>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t('tenancy:field.officeDays')}</th>
            <th scope="col">{t('tenancy:field.officeHours')}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr>
              <td>
                <TextField
                  name={`officeHours.${i}.days`}
                  label={`${t('tenancy:field.officeDays')} ${i + 1}`}
                  hiddenLabel
                  values={props.values}
                  errors={props.errors}
                  maxLength={100}
                />
              </td>
              <td>
                <TextField
                  name={`officeHours.${i}.hours`}
                  label={`${t('tenancy:field.officeHours')} ${i + 1}`}
                  hiddenLabel
                  values={props.values}
                  errors={props.errors}
                  maxLength={100}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/** The office-hours rows of a submitted form, in order, empty rows included (the domain drops them). */
export function officeHoursFrom(values: FormValues): { days: string; hours: string }[] {
  const rows: { days: string; hours: string }[] = [];
  for (let i = 0; i < 14; i++) {
    const days = values[`officeHours.${i}.days`];
    const hours = values[`officeHours.${i}.hours`];
    if (days === undefined && hours === undefined) continue;
    rows[i] = { days: days ?? '', hours: hours ?? '' };
  }
  // Keep indexes aligned with the form so an error lands on the row it belongs to.
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? { days: '', hours: '' });
}

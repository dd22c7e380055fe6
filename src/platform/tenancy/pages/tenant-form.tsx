/** The tenant form: the operator's create/edit form and the tenant admin's public-info form. */
import type { PageEnv } from '../../http/layout.js';
import { LOCALES } from '../../i18n/index.js';
import { TENANT_COUNTRIES, TENANT_KINDS } from '../domain.js';
import type { TenantInput, TenantPatch, TenantView } from '../service.js';
import {
  CheckboxField,
  ErrorSummary,
  type FormErrors,
  type FormValues,
  OfficeHoursFields,
  officeHoursFrom,
  SelectField,
  TextField,
} from './form.js';

export type TenantFormMode = 'create' | 'edit' | 'admin';

const LANGUAGE_NAMES = { cs: 'Čeština', en: 'English', pl: 'Polski' } as const;

export function tenantToValues(t: TenantView): FormValues {
  const v: FormValues = {
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    country: t.country,
    ico: t.ico ?? '',
    databoxId: t.databoxId ?? '',
    timeZone: t.timeZone,
    locale: t.locale,
    parentId: t.parentId ?? '',
    active: t.active ? 'on' : '',
    'address.street': t.address.street ?? '',
    'address.city': t.address.city ?? '',
    'address.postcode': t.address.postcode ?? '',
    'contacts.email': t.contacts.email ?? '',
    'contacts.phone': t.contacts.phone ?? '',
    'contacts.web': t.contacts.web ?? '',
    'settings.referenceNumberTemplate': (t.settings.referenceNumberTemplate as string | undefined) ?? '',
    'settings.intakeEmail': (t.settings.intakeEmail as string | undefined) ?? '',
  };
  t.officeHours.forEach((row, i) => {
    v[`officeHours.${i}.days`] = row.days;
    v[`officeHours.${i}.hours`] = row.hours;
  });
  return v;
}

const s = (v: string | undefined) => v ?? '';
const orNull = (v: string | undefined) => (v?.trim() ? v : null);

/** The public-information part every form has. */
function publicPart(v: FormValues) {
  return {
    databoxId: orNull(v.databoxId),
    locale: s(v.locale),
    address: {
      street: s(v['address.street']),
      city: s(v['address.city']),
      postcode: s(v['address.postcode']),
    },
    contacts: { email: s(v['contacts.email']), phone: s(v['contacts.phone']), web: s(v['contacts.web']) },
    officeHours: officeHoursFrom(v),
    settings: {
      referenceNumberTemplate: orNull(v['settings.referenceNumberTemplate']),
      intakeEmail: orNull(v['settings.intakeEmail']),
    },
  };
}

export function valuesToTenantInput(v: FormValues): TenantInput {
  const admin =
    v['admin.username']?.trim() || v['admin.password']
      ? {
          username: s(v['admin.username']).trim(),
          displayName: s(v['admin.displayName']).trim(),
          email: orNull(v['admin.email']),
          password: s(v['admin.password']),
        }
      : null;
  return {
    slug: s(v.slug),
    name: s(v.name),
    kind: s(v.kind),
    country: s(v.country),
    ico: orNull(v.ico),
    timeZone: orNull(v.timeZone),
    parentId: orNull(v.parentId),
    ...publicPart(v),
    admin,
  };
}

export function valuesToTenantPatch(v: FormValues, mode: 'edit' | 'admin'): TenantPatch {
  if (mode === 'admin') return publicPart(v);
  return {
    slug: s(v.slug),
    name: s(v.name),
    kind: s(v.kind),
    country: s(v.country),
    ico: orNull(v.ico),
    timeZone: s(v.timeZone),
    parentId: orNull(v.parentId),
    active: v.active === 'on',
    ...publicPart(v),
  };
}

export function tenantFieldLabels(t: PageEnv['t']): Record<string, string> {
  return {
    slug: t('tenancy:field.slug'),
    name: t('tenancy:field.name'),
    kind: t('tenancy:field.kind'),
    country: t('tenancy:field.country'),
    ico: t('tenancy:field.ico'),
    databoxId: t('tenancy:field.databoxId'),
    timeZone: t('tenancy:field.timeZone'),
    locale: t('tenancy:field.locale'),
    parentId: t('tenancy:field.parentId'),
    active: t('tenancy:field.active'),
    'address.street': t('tenancy:field.street'),
    'address.city': t('tenancy:field.city'),
    'address.postcode': t('tenancy:field.postcode'),
    'contacts.email': t('tenancy:field.email'),
    'contacts.phone': t('tenancy:field.phone'),
    'contacts.web': t('tenancy:field.web'),
    officeHours: t('tenancy:section.officeHours'),
    'settings.referenceNumberTemplate': t('tenancy:field.referenceNumberTemplate'),
    'settings.intakeEmail': t('tenancy:field.intakeEmail'),
    'admin.username': t('tenancy:field.adminUsername'),
    'admin.displayName': t('tenancy:field.adminDisplayName'),
    'admin.email': t('tenancy:field.adminEmail'),
    'admin.password': t('tenancy:field.adminPassword'),
  };
}

export function TenantForm(props: {
  env: PageEnv;
  mode: TenantFormMode;
  action: string;
  values: FormValues;
  errors: FormErrors;
  /** Candidate parent tenants (operator forms). */
  parents?: readonly TenantView[];
  submitLabel: string;
}) {
  const { env, mode, values, errors } = props;
  const { t } = env;
  const common = { values, errors };
  const labels = tenantFieldLabels(t);
  return (
    <form method="post" action={props.action} novalidate>
      <input type="hidden" name="_csrf" value={env.csrfToken ?? ''} />
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {mode !== 'admin' && (
        <fieldset>
          <legend>{t('tenancy:section.identity')}</legend>
          <TextField name="name" label={labels.name!} required maxLength={200} {...common} />
          <TextField
            name="slug"
            label={labels.slug!}
            hint={t('tenancy:field.slugHint')}
            required
            maxLength={50}
            spellcheck={false}
            autocomplete="off"
            {...common}
          />
          <SelectField
            name="kind"
            label={labels.kind!}
            required
            options={TENANT_KINDS.map((k) => ({ value: k, label: t(`tenancy:kind.${k}`) }))}
            {...common}
          />
          <SelectField
            name="country"
            label={labels.country!}
            required
            options={TENANT_COUNTRIES.map((c) => ({ value: c, label: t(`tenancy:country.${c}`) }))}
            {...common}
          />
          <TextField
            name="ico"
            label={labels.ico!}
            hint={t('tenancy:field.icoHint')}
            maxLength={20}
            {...common}
          />
          <TextField
            name="timeZone"
            label={labels.timeZone!}
            hint={t('tenancy:field.timeZoneHint')}
            maxLength={60}
            spellcheck={false}
            {...common}
          />
          <SelectField
            name="parentId"
            label={labels.parentId!}
            hint={t('tenancy:field.parentHint')}
            options={[
              { value: '', label: t('tenancy:field.none') },
              ...(props.parents ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.slug})` })),
            ]}
            {...common}
          />
          {mode === 'edit' && <CheckboxField name="active" label={labels.active!} {...common} />}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('tenancy:section.address')}</legend>
        <TextField
          name="address.street"
          label={labels['address.street']!}
          autocomplete="street-address"
          maxLength={200}
          {...common}
        />
        <TextField
          name="address.city"
          label={labels['address.city']!}
          autocomplete="address-level2"
          maxLength={200}
          {...common}
        />
        <TextField
          name="address.postcode"
          label={labels['address.postcode']!}
          autocomplete="postal-code"
          maxLength={10}
          {...common}
        />
      </fieldset>
      <fieldset>
        <legend>{t('tenancy:section.contacts')}</legend>
        <TextField
          name="contacts.email"
          type="email"
          label={labels['contacts.email']!}
          maxLength={254}
          {...common}
        />
        <TextField
          name="contacts.phone"
          type="tel"
          label={labels['contacts.phone']!}
          maxLength={30}
          {...common}
        />
        <TextField
          name="contacts.web"
          type="url"
          label={labels['contacts.web']!}
          maxLength={300}
          {...common}
        />
        <TextField
          name="databoxId"
          label={labels.databoxId!}
          hint={t('tenancy:field.databoxHint')}
          maxLength={7}
          spellcheck={false}
          {...common}
        />
      </fieldset>
      <OfficeHoursFields t={t} legend={t('tenancy:section.officeHours')} {...common} />
      <fieldset>
        <legend>{t('tenancy:section.settings')}</legend>
        <SelectField
          name="locale"
          label={labels.locale!}
          options={[
            ...(mode === 'create' ? [{ value: '', label: t('tenancy:field.none') }] : []),
            ...LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
          ]}
          {...common}
        />
        <TextField
          name="settings.referenceNumberTemplate"
          label={labels['settings.referenceNumberTemplate']!}
          hint={t('tenancy:field.referenceNumberTemplateHint')}
          maxLength={100}
          spellcheck={false}
          {...common}
        />
        <TextField
          name="settings.intakeEmail"
          label={labels['settings.intakeEmail']!}
          hint={t('tenancy:field.intakeEmailHint')}
          maxLength={254}
          spellcheck={false}
          {...common}
        />
      </fieldset>
      {mode === 'create' && (
        <fieldset>
          <legend>{t('tenancy:section.firstAdmin')}</legend>
          <p class="hint">{t('tenancy:section.firstAdminHint')}</p>
          <TextField
            name="admin.username"
            label={labels['admin.username']!}
            autocomplete="off"
            maxLength={64}
            {...common}
          />
          <TextField
            name="admin.displayName"
            label={labels['admin.displayName']!}
            autocomplete="off"
            maxLength={200}
            {...common}
          />
          <TextField
            name="admin.email"
            type="email"
            label={labels['admin.email']!}
            autocomplete="off"
            maxLength={254}
            {...common}
          />
          <TextField
            name="admin.password"
            type="password"
            label={labels['admin.password']!}
            hint={t('tenancy:field.adminPasswordHint')}
            autocomplete="new-password"
            maxLength={200}
            {...common}
          />
        </fieldset>
      )}
      <button type="submit" class="gov-button gov-button--primary">
        {props.submitLabel}
      </button>
    </form>
  );
}

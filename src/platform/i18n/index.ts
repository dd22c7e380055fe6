import i18next, { type i18n, type TFunction } from 'i18next';

export const LOCALES = ['cs', 'en', 'pl'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'cs';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Each area ships its texts as one object per language, in its own namespace. */
export type Messages = { [key: string]: string | Messages };
export type Bundle = Record<Locale, Messages>;

const instance: i18n = i18next.createInstance();
instance.init({
  initAsync: false,
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  defaultNS: 'common',
  ns: ['common'],
  resources: {},
  // Views escape on output (preact); escaping here too would show &amp; to users.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const registered = new Set<string>();

export function registerMessages(ns: string, bundle: Bundle): void {
  if (registered.has(ns)) return;
  registered.add(ns);
  for (const lng of LOCALES) instance.addResourceBundle(lng, ns, bundle[lng], true, true);
}

export type T = TFunction;

/** A translator for one request's language. Keys are `ns:key.path` or plain keys of `common`. */
export function translator(locale: Locale): T {
  return instance.getFixedT(locale);
}

/** Formats a date for people, in the tenant's time zone. */
export function formatDate(locale: Locale, value: Date | string, timeZone = 'Europe/Prague'): string {
  const d = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'medium', timeZone }).format(d);
}

export function formatDateTime(locale: Locale, value: Date, timeZone = 'Europe/Prague'): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(value);
}

function localeTag(locale: Locale): string {
  return locale === 'cs' ? 'cs-CZ' : locale === 'pl' ? 'pl-PL' : 'en-GB';
}

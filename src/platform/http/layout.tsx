import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { AppContext } from '../context.js';
import type { Tenant } from '../db/types.js';
import { LOCALES, type Locale, type T } from '../i18n/index.js';
import type { NavItem } from '../module.js';
import type { SignedInUser } from './request-context.js';

/** htmx sends the session's CSRF token with every request it makes. */
function csrfHxHeaders(token: string | undefined): string | undefined {
  return token ? JSON.stringify({ 'x-csrf-token': token }) : undefined;
}

/** What every page needs from its request, gathered once. */
export interface PageEnv {
  locale: Locale;
  t: T;
  user: SignedInUser | null;
  csrfToken: string | undefined;
  /** The tenant whose public pages these are (public layout). */
  tenant: Tenant | null;
  nav: NavItem[];
  /** Path + query of this page, for the language switch. */
  url: string;
}

export function pageEnv(request: FastifyRequest, ctx: AppContext): PageEnv {
  const nav: NavItem[] = [];
  if (request.user) {
    for (const m of ctx.modules) if (m.nav) nav.push(...m.nav(request.actor, request.t));
  }
  return {
    locale: request.locale,
    t: request.t,
    user: request.user,
    csrfToken: request.session?.csrfToken,
    tenant: request.tenant,
    nav,
    url: request.url,
  };
}

export function withLang(url: string, lang: Locale): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

const LANGUAGE_NAMES: Record<Locale, string> = { cs: 'Čeština', en: 'English', pl: 'Polski' };

export function Layout(props: {
  env: PageEnv;
  title: string;
  /** 'staff' shows the signed-in menu; 'public' shows the tenant's portal header. */
  variant?: 'staff' | 'public' | 'plain';
  children: ComponentChildren;
}) {
  const { env, title } = props;
  const { t } = env;
  const variant = props.variant ?? (env.user ? 'staff' : 'plain');
  const siteName = variant === 'public' && env.tenant ? env.tenant.name : t('appName');
  const home = variant === 'public' && env.tenant ? `/${env.tenant.slug}/` : env.user ? '/app' : '/';
  return (
    <html lang={env.locale} data-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${siteName}`}</title>
        <link rel="stylesheet" href="/static/gov/tokens.css" />
        <link rel="stylesheet" href="/static/gov/styles.css" />
        {/* Only the components the pages use: the full bundle is about 1 MB. */}
        <link rel="stylesheet" href="/static/gov/components/gov-button.css" />
        <link rel="stylesheet" href="/static/gov/components/gov-form-input.css" />
        <link rel="stylesheet" href="/static/gov/components/gov-form-select.css" />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer />
      </head>
      <body hx-headers={csrfHxHeaders(env.csrfToken)}>
        <a class="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="brand" href={home}>
              {siteName}
            </a>
            <nav class="lang-switch" aria-label={t('language')}>
              <ul class="gov-list--plain">
                {LOCALES.map((l) => (
                  <li>
                    <a
                      href={withLang(env.url, l)}
                      lang={l}
                      hreflang={l}
                      aria-current={l === env.locale ? 'true' : undefined}
                    >
                      {LANGUAGE_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {env.user ? (
              <div class="user-box">
                <a href="/app/account">{env.user.displayName}</a>
                <form method="post" action="/logout" class="inline-form">
                  <input type="hidden" name="_csrf" value={env.csrfToken ?? ''} />
                  <button type="submit" class="gov-button gov-button--secondary gov-button--s">
                    {t('signOut')}
                  </button>
                </form>
              </div>
            ) : (
              variant !== 'plain' && (
                <a class="sign-in-link" href="/login">
                  {t('signIn')}
                </a>
              )
            )}
          </div>
          {variant === 'staff' && env.nav.length > 0 && (
            <nav class="main-nav" aria-label={t('mainMenu')}>
              <ul class="container gov-list--plain">
                {env.nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={isCurrent(env.url, n.href) ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" tabIndex={-1} class="container">
          <h1>{title}</h1>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('footer')}</p>
            <p>
              <a href="/pristupnost">{t('accessibility')}</a> · <a href="/api/docs">{t('apiDocs')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(url: string, href: string): boolean {
  const path = url.split('?')[0] ?? '';
  return href === '/app' ? path === '/app' : path === href || path.startsWith(`${href}/`);
}

/** The error page shown to people (the API gets problem+json instead). */
export function ErrorPage(props: { env: PageEnv; status: number; message: string; details?: string[] }) {
  const { t } = props.env;
  return (
    <Layout env={props.env} title={`${t('errors.title')} ${props.status}`}>
      <div class="gov-message gov-message--error" role="alert">
        <p>{props.message}</p>
        {props.details && props.details.length > 0 && (
          <ul>
            {props.details.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        )}
      </div>
      <p>
        <a href={props.env.user ? '/app' : '/'}>{t('back')}</a>
      </p>
    </Layout>
  );
}

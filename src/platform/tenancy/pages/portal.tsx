/**
 * Public pages: a tenant's portal home (/{slug}/), the platform home (/) listing the hosted
 * tenants, and the accessibility statement (/pristupnost). They work without JavaScript and
 * everything a tenant typed is escaped by the renderer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { Layout, type PageEnv, pageEnv } from '../../http/layout.js';
import { sendPage } from '../../http/render.js';
import type { NavItem } from '../../module.js';
import { telHref } from '../domain.js';
import { getTenantById, listPublicTenants, type TenantView, toTenantView } from '../service.js';
import { AccessibilityStatement } from './accessibility.js';

function PortalHome(props: {
  env: PageEnv;
  tenant: TenantView;
  parent: TenantView | null;
  links: NavItem[];
}) {
  const { env, tenant, parent, links } = props;
  const { t } = env;
  const { address, contacts } = tenant;
  const hasAddress = Boolean(address.street || address.city || address.postcode);
  const hasContacts = Boolean(contacts.email || contacts.phone || contacts.web);
  const hasFacts = Boolean(tenant.ico || tenant.databoxId || parent);
  const registryLabel = tenant.country === 'PL' ? t('tenancy:field.regon') : t('tenancy:field.ico');
  return (
    <Layout env={env} title={tenant.name} variant="public">
      <p class="tenant-kind">{t(`tenancy:kind.${tenant.kind}`)}</p>

      {links.length > 0 && (
        <section aria-labelledby="services">
          <h2 id="services">{t('tenancy:portal.services')}</h2>
          <ul class="portal-links">
            {links.map((l) => (
              <li>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {hasFacts && (
        <section aria-labelledby="basic-info">
          <h2 id="basic-info">{t('tenancy:portal.basicInfo')}</h2>
          <dl class="facts">
            {tenant.ico && (
              <>
                <dt>{registryLabel}</dt>
                <dd>{tenant.ico}</dd>
              </>
            )}
            {tenant.databoxId && (
              <>
                <dt>{t('tenancy:portal.databox')}</dt>
                <dd>
                  <span class="databox-id">{tenant.databoxId}</span>
                </dd>
              </>
            )}
            {parent && (
              <>
                <dt>{t('tenancy:portal.parent')}</dt>
                <dd>
                  <a href={`/${parent.slug}/`}>{parent.name}</a>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      {hasAddress && (
        <section aria-labelledby="address">
          <h2 id="address">{t('tenancy:portal.address')}</h2>
          <address>
            {tenant.name}
            {address.street && (
              <>
                <br />
                {address.street}
              </>
            )}
            {(address.postcode || address.city) && (
              <>
                <br />
                {[address.postcode, address.city].filter(Boolean).join(' ')}
              </>
            )}
          </address>
        </section>
      )}

      {hasContacts && (
        <section aria-labelledby="contacts">
          <h2 id="contacts">{t('tenancy:portal.contacts')}</h2>
          <dl class="facts">
            {contacts.email && (
              <>
                <dt>{t('tenancy:field.email')}</dt>
                <dd>
                  <a href={`mailto:${contacts.email}`}>{contacts.email}</a>
                </dd>
              </>
            )}
            {contacts.phone && (
              <>
                <dt>{t('tenancy:field.phone')}</dt>
                <dd>
                  <a href={telHref(contacts.phone)}>{contacts.phone}</a>
                </dd>
              </>
            )}
            {contacts.web && (
              <>
                <dt>{t('tenancy:field.web')}</dt>
                <dd>
                  <a href={contacts.web}>{contacts.web}</a>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      {tenant.officeHours.length > 0 && (
        <section aria-labelledby="office-hours">
          <h2 id="office-hours">{t('tenancy:portal.officeHours')}</h2>
          <table class="data office-hours">
            <caption class="visually-hidden">{t('tenancy:portal.officeHoursCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tenancy:portal.days')}</th>
                <th scope="col">{t('tenancy:portal.hours')}</th>
              </tr>
            </thead>
            <tbody>
              {tenant.officeHours.map((row) => (
                <tr>
                  <th scope="row">{row.days}</th>
                  <td>{row.hours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <p>
        <a href="/pristupnost">{t('tenancy:portal.accessibility')}</a>
      </p>
    </Layout>
  );
}

function PlatformHome(props: { env: PageEnv; tenants: readonly TenantView[] }) {
  const { env, tenants } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('tenancy:home.title')} variant="public">
      {tenants.length === 0 ? (
        <p>{t('tenancy:home.none')}</p>
      ) : (
        <>
          <p>{t('tenancy:home.intro')}</p>
          <ul class="tenant-list">
            {tenants.map((x) => (
              <li>
                <a href={`/${x.slug}/`}>{x.name}</a> <span class="hint">({t(`tenancy:kind.${x.kind}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('tenancy:home.staff')}</h2>
      <p>
        <a href="/login">{t('tenancy:home.signIn')}</a>
      </p>
    </Layout>
  );
}

export function portalPages(app: FastifyInstance, ctx: AppContext): void {
  // Platform pages belong to no tenant, even when a signed-in user's tenant is known.
  const platformEnv = (request: FastifyRequest) => ({ ...pageEnv(request, ctx), tenant: null });

  app.get('/', async (request, reply) => {
    const tenants = await listPublicTenants(ctx);
    return sendPage(reply, <PlatformHome env={platformEnv(request)} tenants={tenants} />);
  });

  app.get('/pristupnost', async (request, reply) => {
    const env = platformEnv(request);
    return sendPage(
      reply,
      <Layout env={env} title={env.t('accessibility')} variant="public">
        <AccessibilityStatement locale={env.locale} />
      </Layout>,
    );
  });

  // The app's onRequest hook has resolved request.tenant from :tenant (404 for an unknown slug).
  app.get<{ Params: { tenant: string } }>('/:tenant', async (request, reply) =>
    reply.redirect(`/${encodeURIComponent(request.params.tenant)}/`, 301),
  );

  app.get<{ Params: { tenant: string } }>('/:tenant/', async (request, reply) => {
    const cached = request.tenant;
    if (!cached) throw new AppError('not-found', 'No such tenant.');
    // The slug lookup may be cached for a few seconds; what the page shows is read fresh, so
    // an admin sees a saved change at once.
    const tenant = (await getTenantById(ctx, cached.id)) ?? toTenantView(cached);
    if (!tenant.active) throw new AppError('not-found', 'No such tenant.');
    const parent = tenant.parentId ? await getTenantById(ctx, tenant.parentId) : null;
    const env = pageEnv(request, ctx);
    // The portal is always about the tenant in the path, also for a signed-in user of another one.
    env.tenant = { ...cached, name: tenant.name };
    const links = ctx.modules.flatMap((m) => m.portalLinks?.(cached, env.t) ?? []);
    return sendPage(
      reply,
      <PortalHome env={env} tenant={tenant} parent={parent?.active ? parent : null} links={links} />,
    );
  });
}

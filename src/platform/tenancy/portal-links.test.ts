import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../modules.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import type { Actor } from '../db/tenant.js';
import { buildApp } from '../http/app.js';
import type { ModuleDef } from '../module.js';
import { createTenant } from './service.js';

const OPERATOR: Actor = {
  userId: null,
  label: 'test operator',
  roles: ['operator'],
  tenantId: null,
  kind: 'operator',
};
const html = { accept: 'text/html' };

describe('portal links from modules', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const stub: ModuleDef = {
    name: 'stub',
    portalLinks: (tenant, t) => [
      { href: `/${tenant.slug}/uredni-deska`, label: `${t('tenancy:portal.services')} <deska>` },
    ],
  };

  beforeAll(async () => {
    ctx = await createTestContext({ modules: [...modules, stub] });
    await createTenant(ctx, OPERATOR, {
      slug: 'obec-s-deskou',
      kind: 'municipality',
      name: 'Obec s deskou',
      country: 'CZ',
    });
    app = await buildApp(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it("lists every module's links for the tenant in the path", async () => {
    const res = await app.inject({ url: '/obec-s-deskou/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2 id="services">Služby a informace</h2>');
    expect(res.body).toContain('<a href="/obec-s-deskou/uredni-deska">Služby a informace &lt;deska></a>');
  });
});

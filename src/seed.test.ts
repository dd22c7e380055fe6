import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './platform/http/app.js';
import { useTestHashing } from './platform/identity/password.js';
import { DEMO_PASSWORD, type SeededDemo, seedDemoIfEmpty } from './seed.js';
import { createTestContext, type TestContext } from './test-support/context.js';

let ctx: TestContext;
let app: FastifyInstance;
let seeded: SeededDemo | null;

beforeAll(async () => {
  ctx = await createTestContext();
  useTestHashing(ctx);
  seeded = await seedDemoIfEmpty(ctx);
  app = await buildApp(ctx);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('demo world', () => {
  it('creates the tenants of the README, each with a public portal', async () => {
    expect(seeded).not.toBeNull();
    for (const [slug, name] of [
      ['hlucin', 'Město Hlučín'],
      ['bohuslavice', 'Obec Bohuslavice'],
      ['darkovice', 'Obec Darkovice'],
      ['zs-hlucin', 'Základní škola Hlučín'],
      ['vysocina', 'Kraj Vysočina'],
      ['przykladowo', 'Gmina Przykładowo'],
    ]) {
      const res = await app.inject({ url: `/${slug}/`, headers: { accept: 'text/html' } });
      expect(res.statusCode, slug).toBe(200);
      expect(res.body, slug).toContain(name);
    }
  });

  it('lets every demo user of the README sign in with the documented password', async () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).toContain(DEMO_PASSWORD);
    const roles = new Set<string>();
    for (const u of seeded!.users) {
      expect(readme, `README lists ${u.username}`).toContain(`\`${u.username}\``);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: {
          tenant: u.tenant === '(operator)' ? '' : u.tenant,
          username: u.username,
          password: DEMO_PASSWORD,
        },
      });
      expect(res.statusCode, `${u.tenant}/${u.username}`).toBe(200);
      for (const r of u.roles) roles.add(r);
    }
    // Users in every role, as the issue asks.
    expect([...roles].sort()).toEqual(
      [
        'council_member',
        'council_secretary',
        'fee_clerk',
        'handler',
        'head',
        'operator',
        'publisher',
        'records_manager',
        'registry_clerk',
        'tenant_admin',
      ].sort(),
    );
  });

  it('does not seed again once tenants exist (a restart keeps the data)', async () => {
    expect(await seedDemoIfEmpty(ctx)).toBeNull();
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { buildApp } from './app.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  await createTestTenant(ctx, 'shell-town', { name: 'Město Shell' });
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('HTTP shell', () => {
  it('answers health and readiness', async () => {
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: ctx.database.kind });
  });

  it('publishes an OpenAPI 3.1 document of the JSON API and a docs page', async () => {
    const spec = await app.inject({ url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
    // Pages and health checks are not API.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
    const docs = await app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('swagger');
  });

  it('sends security headers and a request id', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-1234' } });
    expect(res.headers['x-request-id']).toBe('lb-1234');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each([
    ['an unknown API path', '/api/v1/nothing-here', 'application/json', 404, '/problems/not-found'],
    ['an unknown tenant slug', '/no-such-town/', 'application/json', 404, '/problems/not-found'],
    ['a slug that cannot be one', '/UPPER_case/', 'application/json', 404, '/problems/not-found'],
  ])('answers %s with problem+json', async (_what, url, accept, status, type) => {
    const res = await app.inject({ url, headers: { accept } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it('shows people a readable 404 page in their language', async () => {
    const cs = await app.inject({ url: '/no-such-town/', headers: { accept: 'text/html' } });
    expect(cs.statusCode).toBe(404);
    expect(cs.headers['content-type']).toContain('text/html');
    expect(cs.body).toContain('Stránka nebyla nalezena');
    expect(cs.body).toContain('<html lang="cs"');
    const en = await app.inject({ url: '/no-such-town/?lang=en', headers: { accept: 'text/html' } });
    expect(en.body).toContain('Page not found');
    expect(en.headers['set-cookie']).toContain('lang=en');
  });

  it('serves the Gov Design System styles and htmx locally', async () => {
    for (const url of [
      '/static/gov/tokens.css',
      '/static/gov/styles.css',
      '/static/app.css',
      '/static/htmx.min.js',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body.length, url).toBeGreaterThan(500);
    }
  });

  it('explains each problem type at its URI', async () => {
    const res = await app.inject({ url: '/problems/csrf' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('CSRF');
  });
});

/** Real small files for the records tests, generated on the fly (no binary fixtures in the repo). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import type { TestContext } from '../../test-support/context.js';

const require = createRequire(import.meta.url);
const font = fs.readFileSync(
  path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
);

/** A one-page PDF whose text layer holds `text` (Czech letters included). */
export async function czechPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font, { subset: true });
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: f });
  return Buffer.from(await doc.save());
}

/** The actor of a demo user (as their session would make it). */
export async function demoActor(
  ctx: TestContext,
  slug: string,
  username: string,
): Promise<Actor & { orgUnitId: string | null }> {
  const row = await ctx.asSuperuser((db) =>
    db
      .selectFrom('app_user')
      .innerJoin('tenant', 'tenant.id', 'app_user.tenant_id')
      .select([
        'app_user.id',
        'app_user.display_name',
        'app_user.roles',
        'app_user.tenant_id',
        'app_user.org_unit_id',
      ])
      .where('tenant.slug', '=', slug)
      .where('app_user.username', '=', username)
      .executeTakeFirstOrThrow(),
  );
  return {
    userId: row.id,
    label: row.display_name,
    roles: row.roles,
    tenantId: row.tenant_id,
    kind: 'user',
    orgUnitId: row.org_unit_id,
  };
}

export async function orgUnitId(ctx: TestContext, tenantId: string, code: string): Promise<string> {
  return withTenant(ctx.db, tenantId, SYSTEM_ACTOR, async ({ trx }) => {
    const u = await trx
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return u.id;
  });
}

/**
 * Public information pages: a small page tree per tenant, each save a new published version
 * (the BIP change register keeps every one). Reading is public; editing needs info.edit.
 */
import { sql } from 'kysely';
import { appendAudit } from '../../../platform/audit/chain.js';
import { isIsoDate, todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import { type Actor, PUBLIC_ACTOR, type TenantTx, withTenant } from '../../../platform/db/tenant.js';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { infoPolicy } from './policy.js';
import { infoTrx } from './schema.js';
import { RESERVED_INFO_SLUGS, type TemplateTenant, templateFor } from './template.js';

export interface InfoPageView {
  id: string;
  slug: string;
  parentSlug: string | null;
  position: number;
  version: number;
  title: string;
  body: string;
  producedBy: string;
  producedOn: string;
  enteredBy: string;
  publishedAt: Date;
  createdAt: Date;
}

export interface InfoVersionView {
  version: number;
  title: string;
  body: string;
  producedBy: string;
  producedOn: string;
  enteredBy: string;
  publishedAt: Date;
  changeNote: string;
}

export interface InfoPageDetail extends InfoPageView {
  children: InfoPageView[];
  versions: InfoVersionView[];
}

export interface PageInput {
  title: string;
  body: string;
  producedBy: string;
  /** Date the information was produced (data wytworzenia); defaults to today. */
  producedOn?: string | undefined;
  changeNote?: string | undefined;
}

export interface NewPageInput extends PageInput {
  slug: string;
  parentSlug?: string | undefined;
}

const SLUG_RE = /^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$/;

function pageQuery(tx: TenantTx) {
  return infoTrx(tx.trx)
    .selectFrom('info_page as p')
    .leftJoin('info_page as parent', 'parent.id', 'p.parent_id')
    .select([
      'p.id',
      'p.slug',
      'parent.slug as parent_slug',
      'p.position',
      'p.version',
      'p.title',
      'p.body',
      'p.produced_by',
      sql<string>`p.produced_on::text`.as('produced_on'),
      'p.entered_by',
      'p.published_at',
      'p.created_at',
    ]);
}

type PageRow = Awaited<ReturnType<ReturnType<typeof pageQuery>['executeTakeFirstOrThrow']>>;

function toView(r: PageRow): InfoPageView {
  return {
    id: r.id,
    slug: r.slug,
    parentSlug: r.parent_slug ?? null,
    position: r.position,
    version: r.version,
    title: r.title,
    body: r.body,
    producedBy: r.produced_by,
    producedOn: r.produced_on,
    enteredBy: r.entered_by,
    publishedAt: r.published_at,
    createdAt: r.created_at,
  };
}

/** The tenant's pages in tree order: top-level pages by position, each followed by its children. */
export async function listPages(ctx: AppContext, tenantId: string): Promise<InfoPageView[]> {
  return withTenant(ctx.db, tenantId, PUBLIC_ACTOR, async (tx) => ordered(await pageQuery(tx).execute()));
}

function ordered(rows: PageRow[]): InfoPageView[] {
  const views = rows.map(toView).sort((a, b) => a.position - b.position);
  const top = views.filter((v) => v.parentSlug === null);
  return top.flatMap((p) => [p, ...views.filter((c) => c.parentSlug === p.slug)]);
}

export async function getPage(ctx: AppContext, tenantId: string, slug: string): Promise<InfoPageDetail> {
  if (!SLUG_RE.test(slug)) throw notFound('The page');
  return withTenant(ctx.db, tenantId, PUBLIC_ACTOR, async (tx) => {
    const row = await pageQuery(tx).where('p.slug', '=', slug).executeTakeFirst();
    if (!row) throw notFound('The page');
    const children = (
      await pageQuery(tx).where('p.parent_id', '=', row.id).orderBy('p.position').execute()
    ).map(toView);
    return { ...toView(row), children, versions: await versions(tx, row.id) };
  });
}

async function versions(tx: TenantTx, pageId: string): Promise<InfoVersionView[]> {
  const rows = await infoTrx(tx.trx)
    .selectFrom('info_page_version')
    .select([
      'version',
      'title',
      'body',
      'produced_by',
      sql<string>`produced_on::text`.as('produced_on'),
      'entered_by',
      'published_at',
      'change_note',
    ])
    .where('page_id', '=', pageId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    body: r.body,
    producedBy: r.produced_by,
    producedOn: r.produced_on,
    enteredBy: r.entered_by,
    publishedAt: r.published_at,
    changeNote: r.change_note,
  }));
}

/** One archived version of a page (the change register's link). */
export async function getPageVersion(
  ctx: AppContext,
  tenantId: string,
  slug: string,
  version: number,
): Promise<{ page: InfoPageView; version: InfoVersionView }> {
  const page = await getPage(ctx, tenantId, slug);
  const v = page.versions.find((x) => x.version === version);
  if (!v) throw notFound('The version');
  return { page, version: v };
}

function checkPage(input: PageInput, today: string): { producedOn: string } {
  const errors: FieldError[] = [];
  if (!input.title?.trim()) errors.push({ field: 'title', message: 'Enter a title.' });
  else if (input.title.trim().length > 200)
    errors.push({ field: 'title', message: 'At most 200 characters.' });
  if ((input.body ?? '').length > 100_000)
    errors.push({ field: 'body', message: 'At most 100,000 characters.' });
  if (!input.producedBy?.trim())
    errors.push({ field: 'producedBy', message: 'Say who produced the information.' });
  else if (input.producedBy.trim().length > 200)
    errors.push({ field: 'producedBy', message: 'At most 200 characters.' });
  const producedOn = input.producedOn || today;
  if (!isIsoDate(producedOn)) errors.push({ field: 'producedOn', message: 'Enter the date as YYYY-MM-DD.' });
  else if (producedOn > today)
    errors.push({ field: 'producedOn', message: 'The date may not be in the future.' });
  if ((input.changeNote ?? '').length > 500)
    errors.push({ field: 'changeNote', message: 'At most 500 characters.' });
  if (errors.length) throw invalid(errors);
  return { producedOn };
}

function tenantOf(actor: Actor): string {
  if (!actor.tenantId) throw new AppError('forbidden', 'Pages belong to a tenant; sign in as its staff.');
  infoPolicy.require(actor, 'info.edit', { tenantId: actor.tenantId });
  return actor.tenantId;
}

async function tenantToday(tx: TenantTx): Promise<string> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(t.time_zone, tx.now);
}

async function insertPage(
  tx: TenantTx,
  input: NewPageInput,
  producedOn: string,
  position: number,
): Promise<string> {
  const db = infoTrx(tx.trx);
  let parentId: string | null = null;
  if (input.parentSlug) {
    const parent = await db
      .selectFrom('info_page')
      .select(['id', 'parent_id'])
      .where('slug', '=', input.parentSlug)
      .executeTakeFirst();
    if (!parent) throw invalid([{ field: 'parentSlug', message: 'No such parent page.' }]);
    // One level of nesting keeps the tree the shape the decree gives it (8 → 8.1, 8.2).
    if (parent.parent_id)
      throw invalid([{ field: 'parentSlug', message: 'A sub-page cannot have sub-pages.' }]);
    parentId = parent.id;
  }
  const exists = await db
    .selectFrom('info_page')
    .select('id')
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (exists)
    throw new AppError('conflict', 'A page with this address exists.', [
      { field: 'slug', message: 'This address is taken.' },
    ]);
  const id = newId();
  const common = {
    tenant_id: tx.tenantId,
    title: input.title.trim(),
    body: (input.body ?? '').trim(),
    produced_by: input.producedBy.trim(),
    produced_on: producedOn,
    entered_by: tx.actor.label,
    published_at: tx.now,
  };
  await db
    .insertInto('info_page')
    .values({
      id,
      slug: input.slug,
      parent_id: parentId,
      position,
      version: 1,
      created_at: tx.now,
      ...common,
    })
    .execute();
  await db
    .insertInto('info_page_version')
    .values({
      id: newId(),
      page_id: id,
      version: 1,
      entered_by_id: tx.actor.userId,
      change_note: (input.changeNote ?? '').trim(),
      ...common,
    })
    .execute();
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'Dokument',
    objectId: id,
    params: { agenda: 'info', slug: input.slug, version: 1 },
  });
  return id;
}

export async function createPage(
  ctx: AppContext,
  actor: Actor,
  input: NewPageInput,
): Promise<InfoPageDetail> {
  const tenantId = tenantOf(actor);
  const slug = (input.slug ?? '').trim();
  if (!SLUG_RE.test(slug)) {
    throw invalid([
      { field: 'slug', message: 'Use lower-case letters, digits and hyphens (e.g. rozpocet-2026).' },
    ]);
  }
  if (RESERVED_INFO_SLUGS.includes(slug))
    throw invalid([{ field: 'slug', message: 'This address is reserved.' }]);
  await withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const { producedOn } = checkPage(input, await tenantToday(tx));
      const max = await infoTrx(tx.trx)
        .selectFrom('info_page')
        .select(sql<number>`coalesce(max(position), 0)::int`.as('m'))
        .executeTakeFirstOrThrow();
      await insertPage(tx, { ...input, slug }, producedOn, Number(max.m) + 10);
    },
    { now: ctx.clock.now() },
  );
  return getPage(ctx, tenantId, slug);
}

/** Publishes a new version of a page; the old one stays in the change register. */
export async function updatePage(
  ctx: AppContext,
  actor: Actor,
  slug: string,
  input: PageInput,
): Promise<InfoPageDetail> {
  const tenantId = tenantOf(actor);
  if (!SLUG_RE.test(slug)) throw notFound('The page');
  await withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const db = infoTrx(tx.trx);
      const page = await db
        .selectFrom('info_page')
        .select(['id', 'version'])
        .where('slug', '=', slug)
        .forUpdate()
        .executeTakeFirst();
      if (!page) throw notFound('The page');
      const { producedOn } = checkPage(input, await tenantToday(tx));
      const version = page.version + 1;
      const common = {
        title: input.title.trim(),
        body: (input.body ?? '').trim(),
        produced_by: input.producedBy.trim(),
        produced_on: producedOn,
        entered_by: tx.actor.label,
        published_at: tx.now,
      };
      await db
        .updateTable('info_page')
        .set({ version, ...common })
        .where('id', '=', page.id)
        .execute();
      await db
        .insertInto('info_page_version')
        .values({
          id: newId(),
          tenant_id: tx.tenantId,
          page_id: page.id,
          version,
          entered_by_id: tx.actor.userId,
          change_note: (input.changeNote ?? '').trim(),
          ...common,
        })
        .execute();
      await appendAudit(tx, {
        eventType: 'NovaVerze',
        objectType: 'Dokument',
        objectId: page.id,
        params: { agenda: 'info', slug, version },
      });
    },
    { now: ctx.clock.now() },
  );
  return getPage(ctx, tenantId, slug);
}

/** Fills an empty page tree from the template (442/2006 Sb. or the BIP menu). */
export async function createFromTemplate(ctx: AppContext, actor: Actor): Promise<number> {
  const tenantId = tenantOf(actor);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const any = await infoTrx(tx.trx).selectFrom('info_page').select('id').limit(1).executeTakeFirst();
      if (any) throw conflict('The tenant already has information pages; edit them instead.');
      const t = await tx.trx
        .selectFrom('tenant')
        .selectAll()
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      const tt: TemplateTenant = {
        slug: t.slug,
        name: t.name,
        country: t.country,
        ico: t.ico,
        address: t.address,
        contacts: t.contacts,
        officeHours: t.office_hours,
        databoxId: t.databox_id,
      };
      const today = todayIn(t.time_zone, tx.now);
      const pages = templateFor(tt);
      let position = 0;
      for (const p of pages) {
        position += 10;
        await insertPage(
          tx,
          { slug: p.slug, title: p.title, body: p.body, producedBy: p.producedBy, parentSlug: p.parent },
          today,
          position,
        );
      }
      return pages.length;
    },
    { now: ctx.clock.now() },
  );
}

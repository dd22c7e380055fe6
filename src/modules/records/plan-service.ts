/** File plan use cases: versions, subject groups, retention regimes, XML export and import. */
import { appendAudit } from '../../platform/audit/chain.js';
import { validateXml } from '../../platform/audit/xsd.js';
import { todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import {
  checkFullCode,
  checkSimpleCode,
  compareCodes,
  fullCode,
  isNumberingMethod,
  type NumberingMethod,
} from './domain/plan.js';
import { type PlanDocument, type PlanGroupNode, parsePlanXml, planToXml } from './domain/plan-xml.js';
import {
  checkRegime,
  type RegimeInput,
  type RetentionRegime,
  type TriggerEvent,
} from './domain/retention.js';
import { recordsPolicy } from './policy.js';
import { rtx } from './schema.js';

export interface PlanView {
  id: string;
  version: number;
  identifier: string;
  name: string;
  validFrom: string;
  validTo: string | null;
}

export interface RegimeView extends RetentionRegime {
  id: string;
  planId: string;
}

export interface GroupView {
  id: string;
  planId: string;
  parentId: string | null;
  code: string;
  fullCode: string;
  title: string;
  numbering: NumberingMethod;
  retentionId: string | null;
  regime: RegimeView | null;
  openedOn: string;
  closedOn: string | null;
  depth: number;
}

export interface FilePlan {
  plan: PlanView;
  regimes: RegimeView[];
  /** Depth-first, in code order. */
  groups: GroupView[];
}

const target = (tenantId: string) => ({ tenantId });

async function tenantToday(tx: TenantTx): Promise<string> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirst();
  return todayIn(t?.time_zone ?? 'Europe/Prague', tx.now);
}

function planView(r: {
  id: string;
  version: number;
  identifier: string;
  name: string;
  valid_from: string;
  valid_to: string | null;
}): PlanView {
  return {
    id: r.id,
    version: r.version,
    identifier: r.identifier,
    name: r.name,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/** Loads one plan version with its regimes and its group tree (inside a tenant transaction). */
export async function loadPlan(tx: TenantTx, planId: string | null): Promise<FilePlan | null> {
  const trx = rtx(tx);
  let q = trx.selectFrom('records_plan').selectAll();
  q = planId ? q.where('id', '=', planId) : q.where('valid_to', 'is', null);
  const plan = await q.executeTakeFirst();
  if (!plan) return null;
  const regimeRows = await trx
    .selectFrom('records_retention')
    .selectAll()
    .where('plan_id', '=', plan.id)
    .execute();
  const regimes: RegimeView[] = regimeRows
    .map((r) => ({
      id: r.id,
      planId: r.plan_id,
      identifier: r.identifier,
      name: r.name,
      justification: r.justification,
      mark: r.mark,
      period: r.period,
      trigger: r.trigger_event as TriggerEvent,
    }))
    .sort((a, b) => compareCodes(a.identifier, b.identifier));
  const byRegime = new Map(regimes.map((r) => [r.id, r]));
  const rows = await trx.selectFrom('records_group').selectAll().where('plan_id', '=', plan.id).execute();
  rows.sort((a, b) => compareCodes(a.full_code, b.full_code));
  const depthOf = (full: string) => full.split('.').length - 1;
  const groups: GroupView[] = rows.map((g) => ({
    id: g.id,
    planId: g.plan_id,
    parentId: g.parent_id,
    code: g.code,
    fullCode: g.full_code,
    title: g.title,
    numbering: g.numbering,
    retentionId: g.retention_id,
    regime: g.retention_id ? (byRegime.get(g.retention_id) ?? null) : null,
    openedOn: g.opened_on,
    closedOn: g.closed_on,
    depth: depthOf(g.full_code),
  }));
  return { plan: planView(plan), regimes, groups };
}

export async function getFilePlan(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  planId: string | null = null,
): Promise<FilePlan | null> {
  recordsPolicy.require(actor, 'plan.read', target(tenantId));
  if (planId !== null && !isUuid(planId)) throw notFound('The file plan');
  return withTenant(ctx.db, tenantId, actor, async (tx) => {
    const plan = await loadPlan(tx, planId);
    if (planId !== null && !plan) throw notFound('The file plan');
    return plan;
  });
}

export async function listPlanVersions(ctx: AppContext, actor: Actor, tenantId: string): Promise<PlanView[]> {
  recordsPolicy.require(actor, 'plan.read', target(tenantId));
  return withTenant(ctx.db, tenantId, actor, async (tx) =>
    (await rtx(tx).selectFrom('records_plan').selectAll().orderBy('version', 'desc').execute()).map(planView),
  );
}

export interface NewPlanInput {
  identifier: string;
  name: string;
  /** 'YYYY-MM-DD'; default today in the tenant's zone. */
  validFrom?: string;
}

function checkPlanHead(input: NewPlanInput) {
  const errors = [];
  const identifier = input.identifier?.trim() ?? '';
  const name = input.name?.trim() ?? '';
  if (!identifier || identifier.length > 50)
    errors.push({ field: 'identifier', message: 'The identifier is required (at most 50 characters).' });
  if (!name || name.length > 500)
    errors.push({ field: 'name', message: 'The name is required (at most 500 characters).' });
  if (input.validFrom !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom))
    errors.push({ field: 'validFrom', message: 'Use a date YYYY-MM-DD.' });
  if (errors.length) throw invalid(errors);
  return { identifier, name };
}

/**
 * Starts a new plan version: the current one ends the day the new one starts, and its regimes
 * and groups are copied (with new ids) into the new version. Documents and files classified
 * under the old version keep pointing at the old groups.
 */
async function openVersion(
  tx: TenantTx,
  head: { identifier: string; name: string; validFrom: string },
  copy: boolean,
) {
  const trx = rtx(tx);
  const current = await trx
    .selectFrom('records_plan')
    .selectAll()
    .where('valid_to', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (current && head.validFrom < current.valid_from) {
    throw invalid([
      {
        field: 'validFrom',
        message: `The new version cannot start before the current one (${current.valid_from}).`,
      },
    ]);
  }
  const last = await trx
    .selectFrom('records_plan')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  if (current)
    await trx
      .updateTable('records_plan')
      .set({ valid_to: head.validFrom })
      .where('id', '=', current.id)
      .execute();
  const planId = newId();
  await trx
    .insertInto('records_plan')
    .values({
      id: planId,
      tenant_id: tx.tenantId,
      version,
      identifier: head.identifier,
      name: head.name,
      valid_from: head.validFrom,
    })
    .execute();
  if (current && copy) {
    const regimeMap = new Map<string, string>();
    for (const r of await trx
      .selectFrom('records_retention')
      .selectAll()
      .where('plan_id', '=', current.id)
      .execute()) {
      const id = newId();
      regimeMap.set(r.id, id);
      await trx
        .insertInto('records_retention')
        .values({ ...r, id, plan_id: planId })
        .execute();
    }
    const groups = await trx
      .selectFrom('records_group')
      .selectAll()
      .where('plan_id', '=', current.id)
      .execute();
    groups.sort((a, b) => compareCodes(a.full_code, b.full_code));
    const groupMap = new Map<string, string>();
    for (const g of groups) {
      const id = newId();
      groupMap.set(g.id, id);
      await trx
        .insertInto('records_group')
        .values({
          ...g,
          id,
          plan_id: planId,
          parent_id: g.parent_id ? (groupMap.get(g.parent_id) ?? null) : null,
          retention_id: g.retention_id ? (regimeMap.get(g.retention_id) ?? null) : null,
        })
        .execute();
    }
  }
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'SpisovyPlan',
    objectId: planId,
    params: {
      version,
      identifier: head.identifier,
      validFrom: head.validFrom,
      previous: current?.id ?? null,
    },
  });
  return { planId, version };
}

export async function createPlanVersion(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: NewPlanInput,
): Promise<PlanView> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  const head = checkPlanHead(input);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const validFrom = input.validFrom ?? (await tenantToday(tx));
      const { planId } = await openVersion(tx, { ...head, validFrom }, true);
      return (await loadPlan(tx, planId))!.plan;
    },
    { now: ctx.clock.now() },
  );
}

async function currentPlanId(tx: TenantTx): Promise<string> {
  const p = await rtx(tx)
    .selectFrom('records_plan')
    .select('id')
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (!p) throw conflict('There is no file plan yet: create or import one first.');
  return p.id;
}

export async function addRegime(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: RegimeInput,
): Promise<RegimeView> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  const { value, errors } = checkRegime(input);
  if (!value) throw invalid(errors);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const planId = await currentPlanId(tx);
      const trx = rtx(tx);
      const dup = await trx
        .selectFrom('records_retention')
        .select('id')
        .where('plan_id', '=', planId)
        .where('identifier', '=', value.identifier)
        .executeTakeFirst();
      if (dup)
        throw invalid([{ field: 'identifier', message: 'A regime with this identifier already exists.' }]);
      const id = newId();
      await insertRegime(tx, planId, id, value);
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'SkartacniRezim',
        objectId: id,
        params: { ...value },
      });
      return { ...value, id, planId };
    },
    { now: ctx.clock.now() },
  );
}

async function insertRegime(tx: TenantTx, planId: string, id: string, r: RetentionRegime) {
  await rtx(tx)
    .insertInto('records_retention')
    .values({
      id,
      tenant_id: tx.tenantId,
      plan_id: planId,
      identifier: r.identifier,
      name: r.name,
      justification: r.justification,
      mark: r.mark,
      period: r.period,
      trigger_event: r.trigger,
    })
    .execute();
}

export interface NewGroupInput {
  parentId?: string | null;
  code: string;
  title: string;
  numbering?: string;
  retentionId?: string | null;
}

export async function addGroup(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: NewGroupInput,
): Promise<GroupView> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  const code = (input.code ?? '').trim();
  const title = (input.title ?? '').trim();
  const numbering = input.numbering ?? 'priorace';
  const errors = checkSimpleCode(code);
  if (!title || title.length > 500)
    errors.push({ field: 'title', message: 'The name is required (at most 500 characters).' });
  if (!isNumberingMethod(numbering))
    errors.push({ field: 'numbering', message: 'Choose priorace or sběrný arch.' });
  if (input.parentId && !isUuid(input.parentId))
    errors.push({ field: 'parentId', message: 'Unknown parent group.' });
  if (input.retentionId && !isUuid(input.retentionId))
    errors.push({ field: 'retentionId', message: 'Unknown retention regime.' });
  if (errors.length) throw invalid(errors);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const trx = rtx(tx);
      const planId = await currentPlanId(tx);
      let parentFull: string | null = null;
      if (input.parentId) {
        const parent = await trx
          .selectFrom('records_group')
          .select(['full_code'])
          .where('id', '=', input.parentId)
          .where('plan_id', '=', planId)
          .executeTakeFirst();
        if (!parent) throw invalid([{ field: 'parentId', message: 'Unknown parent group.' }]);
        parentFull = parent.full_code;
      }
      if (input.retentionId) {
        const r = await trx
          .selectFrom('records_retention')
          .select('id')
          .where('id', '=', input.retentionId)
          .where('plan_id', '=', planId)
          .executeTakeFirst();
        if (!r) throw invalid([{ field: 'retentionId', message: 'Unknown retention regime.' }]);
      }
      const full = fullCode(parentFull, code);
      const fullErrors = checkFullCode(full);
      if (fullErrors.length) throw invalid(fullErrors);
      const dup = await trx
        .selectFrom('records_group')
        .select('id')
        .where('plan_id', '=', planId)
        .where('full_code', '=', full)
        .executeTakeFirst();
      if (dup) throw invalid([{ field: 'code', message: `The code ${full} is already used.` }]);
      const id = newId();
      await trx
        .insertInto('records_group')
        .values({
          id,
          tenant_id: tenantId,
          plan_id: planId,
          parent_id: input.parentId ?? null,
          code,
          full_code: full,
          title,
          retention_id: input.retentionId ?? null,
          numbering: numbering as NumberingMethod,
          opened_on: await tenantToday(tx),
        })
        .execute();
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'VecnaSkupina',
        objectId: id,
        params: { fullCode: full, title, numbering, retentionId: input.retentionId ?? null },
      });
      const plan = (await loadPlan(tx, planId))!;
      return plan.groups.find((g) => g.id === id)!;
    },
    { now: ctx.clock.now() },
  );
}

function toTree(plan: FilePlan): PlanGroupNode[] {
  const nodes = new Map<string, PlanGroupNode>();
  const roots: PlanGroupNode[] = [];
  for (const g of plan.groups) {
    const node: PlanGroupNode = {
      id: g.id,
      code: g.code,
      fullCode: g.fullCode,
      title: g.title,
      openedOn: g.openedOn,
      closedOn: g.closedOn,
      numbering: g.numbering,
      regime: g.regime
        ? {
            identifier: g.regime.identifier,
            name: g.regime.name,
            justification: g.regime.justification,
            mark: g.regime.mark,
            period: g.regime.period,
            trigger: g.regime.trigger,
          }
        : null,
      children: [],
    };
    nodes.set(g.id, node);
    const parent = g.parentId ? nodes.get(g.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The plan (current version unless planId) as NSESSS XML, valid against nsesss-plan.xsd. */
export async function exportPlanXml(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  planId: string | null = null,
): Promise<{ xml: string; plan: PlanView }> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  if (planId !== null && !isUuid(planId)) throw notFound('The file plan');
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const plan = await loadPlan(tx, planId);
      if (!plan) throw notFound('The file plan');
      if (plan.groups.length === 0)
        throw conflict('The file plan has no subject groups yet; there is nothing to export.');
      const tenant = await tx.trx
        .selectFrom('tenant')
        .selectAll()
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      const a = tenant.address;
      const doc: PlanDocument = {
        identifier: plan.plan.identifier,
        name: plan.plan.name,
        validFrom: plan.plan.validFrom,
        validTo: plan.plan.validTo,
        issuer: {
          ico: tenant.ico,
          name: tenant.name,
          address: [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
        },
        groups: toTree(plan),
      };
      await appendAudit(tx, {
        eventType: 'Export',
        objectType: 'SpisovyPlan',
        objectId: plan.plan.id,
        params: { version: plan.plan.version, groups: plan.groups.length },
      });
      return { xml: planToXml(doc, plan.plan.id), plan: plan.plan };
    },
    { now: ctx.clock.now() },
  );
}

/** At most this many bytes of plan XML are accepted. */
export const MAX_PLAN_XML = 5 * 1024 * 1024;

/**
 * Imports a plan as a new version. The file must validate against nsesss-plan.xsd and pass the
 * domain rules; otherwise nothing is written and every problem is reported.
 */
export async function importPlanXml(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  xml: string,
): Promise<FilePlan> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  if (xml.length > MAX_PLAN_XML)
    throw invalid([{ field: 'file', message: 'The file is too large for a file plan.' }]);
  const check = await validateXml(xml, 'nsesss-plan');
  if (!check.valid) {
    throw invalid(
      check.errors.slice(0, 20).map((message) => ({ field: 'file', message })),
      'The file is not a file plan valid against nsesss-plan.xsd; nothing was imported.',
    );
  }
  const { value, errors } = parsePlanXml(xml);
  if (!value)
    throw invalid(errors.slice(0, 50), 'The file plan breaks the records rules; nothing was imported.');
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const { planId } = await openVersion(
        tx,
        { identifier: value.identifier.slice(0, 50), name: value.name, validFrom: value.validFrom },
        false,
      );
      const regimeIds = new Map<string, string>();
      for (const r of value.regimes) {
        const id = newId();
        regimeIds.set(r.identifier, id);
        await insertRegime(tx, planId, id, r);
      }
      const trx = rtx(tx);
      const insert = async (g: PlanGroupNode, parentId: string | null, pos: number) => {
        const id = newId();
        await trx
          .insertInto('records_group')
          .values({
            id,
            tenant_id: tenantId,
            plan_id: planId,
            parent_id: parentId,
            code: g.code,
            full_code: g.fullCode,
            title: g.title,
            retention_id: g.regime ? (regimeIds.get(g.regime.identifier) ?? null) : null,
            numbering: g.numbering,
            opened_on: g.openedOn,
            closed_on: g.closedOn,
            position: pos,
          })
          .execute();
        for (const [i, c] of g.children.entries()) await insert(c, id, i);
      };
      for (const [i, g] of value.groups.entries()) await insert(g, null, i);
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'SpisovyPlan',
        objectId: planId,
        params: { imported: true, groups: countGroups(value.groups), regimes: value.regimes.length },
      });
      return (await loadPlan(tx, planId))!;
    },
    { now: ctx.clock.now() },
  );
}

function countGroups(groups: PlanGroupNode[]): number {
  return groups.reduce((n, g) => n + 1 + countGroups(g.children), 0);
}

// --- the demo plan -------------------------------------------------------------------------------

interface SeedGroup {
  code: string;
  title: string;
  regime?: string;
  numbering?: NumberingMethod;
  children?: SeedGroup[];
}

/** Regimes of the demo plan (shortened from a real town's plan). */
export const DEMO_REGIMES: RetentionRegime[] = [
  {
    identifier: 'A10',
    name: 'Archivovat po 10 letech',
    justification: 'Dokumenty trvalé hodnoty o činnosti města.',
    mark: 'A',
    period: 10,
    trigger: 'closing',
  },
  {
    identifier: 'A5',
    name: 'Archivovat po 5 letech',
    justification: 'Zápisy a usnesení orgánů města.',
    mark: 'A',
    period: 5,
    trigger: 'closing',
  },
  {
    identifier: 'S5',
    name: 'Skartovat po 5 letech',
    justification: 'Běžná agenda bez trvalé hodnoty.',
    mark: 'S',
    period: 5,
    trigger: 'settlement',
  },
  {
    identifier: 'S10',
    name: 'Skartovat po 10 letech',
    justification: 'Účetní záznamy (zákon o účetnictví).',
    mark: 'S',
    period: 10,
    trigger: 'closing',
  },
  {
    identifier: 'S1',
    name: 'Skartovat po 1 roce',
    justification: 'Informace bez dlouhodobé hodnoty.',
    mark: 'S',
    period: 1,
    trigger: 'settlement',
  },
];

export const DEMO_GROUPS: SeedGroup[] = [
  {
    code: '1',
    title: 'Organizace a řízení',
    children: [
      { code: '1', title: 'Zasedání zastupitelstva a rady', regime: 'A5' },
      { code: '2', title: 'Vnitřní předpisy a směrnice', regime: 'A10' },
      { code: '3', title: 'Stížnosti, petice a podněty', regime: 'S5' },
      { code: '4', title: 'Žádosti o informace (zákon 106/1999 Sb.)', regime: 'S5' },
    ],
  },
  {
    code: '2',
    title: 'Finance',
    children: [
      { code: '1', title: 'Rozpočet a závěrečný účet', regime: 'A10' },
      { code: '2', title: 'Účetní doklady', regime: 'S10', numbering: 'sberny_arch' },
      { code: '3', title: 'Místní poplatky', regime: 'S10', numbering: 'sberny_arch' },
    ],
  },
  {
    code: '3',
    title: 'Stavební řízení',
    children: [
      { code: '1', title: 'Stavební povolení', regime: 'A10' },
      { code: '2', title: 'Územní rozhodnutí', regime: 'A10' },
      { code: '3', title: 'Ohlášení drobných staveb', regime: 'S5' },
    ],
  },
  {
    code: '4',
    title: 'Životní prostředí',
    children: [{ code: '1', title: 'Odpadové hospodářství', regime: 'S5' }],
  },
  { code: '5', title: 'Různé', children: [{ code: '1', title: 'Oznámení a pozvánky', regime: 'S1' }] },
];

/** Creates version 1 of the demo plan for a tenant that has none (seed and tests), in one transaction. */
export async function seedDefaultPlan(ctx: AppContext, actor: Actor, tenantId: string): Promise<void> {
  recordsPolicy.require(actor, 'plan.manage', target(tenantId));
  await withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      if (await loadPlan(tx, null)) return;
      const { planId } = await openVersion(
        tx,
        { identifier: 'SP-2026', name: 'Spisový a skartační plán', validFrom: '2026-01-01' },
        false,
      );
      const regimes = new Map<string, string>();
      for (const r of DEMO_REGIMES) {
        const id = newId();
        regimes.set(r.identifier, id);
        await insertRegime(tx, planId, id, r);
        await appendAudit(tx, {
          eventType: 'Zalozeni',
          objectType: 'SkartacniRezim',
          objectId: id,
          params: { ...r },
        });
      }
      const add = async (g: SeedGroup, parent: { id: string; full: string } | null, pos: number) => {
        const id = newId();
        const full = fullCode(parent?.full ?? null, g.code);
        await rtx(tx)
          .insertInto('records_group')
          .values({
            id,
            tenant_id: tenantId,
            plan_id: planId,
            parent_id: parent?.id ?? null,
            code: g.code,
            full_code: full,
            title: g.title,
            retention_id: g.regime ? (regimes.get(g.regime) ?? null) : null,
            numbering: g.numbering ?? 'priorace',
            opened_on: '2026-01-01',
            position: pos,
          })
          .execute();
        await appendAudit(tx, {
          eventType: 'Zalozeni',
          objectType: 'VecnaSkupina',
          objectId: id,
          params: { fullCode: full, title: g.title },
        });
        for (const [i, c] of (g.children ?? []).entries()) await add(c, { id, full }, i);
      };
      for (const [i, g] of DEMO_GROUPS.entries()) await add(g, null, i);
    },
    { now: ctx.clock.now() },
  );
}

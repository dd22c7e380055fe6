/**
 * Use cases of the council module. Each is one tenant transaction with its audit entry; each
 * checks the actor's permission itself. Another tenant's rows are invisible (RLS), so their ids
 * are simply not found.
 */
import { type Insertable, sql, type Transaction, type Updateable } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { recordFile, type StoredBlob } from '../../platform/blobs/index.js';
import { type Country, type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { AppError, conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { allocateNumber } from '../../platform/numbering/index.js';
import {
  type Clause,
  canMove,
  checkClauses,
  cleanClauses,
  isEditable,
  type MaterialState,
  type Outcome,
  stateAfter,
} from './domain/material.js';
import {
  checkResolutionTemplate,
  defaultResolutionTemplate,
  formatResolutionNumber,
  isBodyCode,
  materialReference,
} from './domain/numbering.js';
import { checkTaskDeadline, type TaskUrgency, taskUrgency } from './domain/task.js';
import {
  type AttendanceEvent,
  type Ballot,
  checkVote,
  majorityOf,
  presentAt,
  type Tally,
} from './domain/voting.js';
import { assertClauseRefs, linkResolution } from './links-service.js';
import { assertMainVoteOpen, motionSettlement } from './motions-service.js';
import { type CouncilAction, councilPolicy } from './policy.js';
import { inheritMaterialRedaction } from './redaction-service.js';
import type { CouncilDB } from './schema.js';

export type CTx = TenantTx & { db: Transaction<CouncilDB> };

/** One council transaction in the actor's own tenant, after the permission check. */
export async function inTenant<T>(
  ctx: AppContext,
  actor: Actor,
  action: CouncilAction,
  fn: (tx: CTx) => Promise<T>,
) {
  if (!actor.tenantId) throw forbidden('Council data belongs to a tenant; operator accounts have none.');
  councilPolicy.require(actor, action, { tenantId: actor.tenantId });
  return withTenant(
    ctx.db,
    actor.tenantId,
    actor,
    (tx) => fn({ ...tx, db: tx.trx as unknown as Transaction<CouncilDB> }),
    { now: ctx.clock.now() },
  );
}

export const iso = (col: string) => sql<string>`${sql.ref(col)}::text`;

function need(cond: unknown, what: string): asserts cond {
  if (!cond) throw notFound(what);
}
const checkId = (id: string, what: string) => {
  if (!isUuid(id)) throw notFound(what);
};

export async function tenantInfo(tx: CTx): Promise<{ country: Country; timeZone: string }> {
  const t = await tx.db
    .selectFrom('tenant')
    .select(['country', 'time_zone'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return { country: t.country, timeZone: t.time_zone };
}

// --- bodies and members ----------------------------------------------------------------------------

export const BODY_KINDS = ['council', 'assembly', 'committee', 'commission'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const MEMBER_ROLES = ['chair', 'deputy', 'member', 'secretary', 'verifier'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MemberView {
  id: string;
  bodyId: string;
  userId: string | null;
  name: string;
  role: MemberRole;
  substitute: boolean;
  termLabel: string;
  active: boolean;
}

export interface BodyView {
  id: string;
  code: string;
  name: string;
  kind: BodyKind;
  seats: number;
  /** Votes needed to adopt and members needed for quorum: a majority of all seats. */
  majority: number;
  termLabel: string;
  resolutionTemplate: string;
  members: MemberView[];
}

export interface BodyInput {
  code: string;
  name: string;
  kind: string;
  seats: number;
  termLabel: string;
  resolutionTemplate?: string | null;
}

function checkBody(input: Partial<BodyInput>): FieldError[] {
  const issues: FieldError[] = [];
  if (input.code !== undefined && !isBodyCode(input.code))
    issues.push({ field: 'code', message: 'Use 1–10 capital letters or digits, e.g. RK or ZK.' });
  if (input.name !== undefined && !input.name.trim())
    issues.push({ field: 'name', message: 'This field is required.' });
  if (input.kind !== undefined && !(BODY_KINDS as readonly string[]).includes(input.kind))
    issues.push({ field: 'kind', message: 'Unknown kind of body.' });
  if (input.seats !== undefined && (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > 999))
    issues.push({ field: 'seats', message: 'Use a whole number of seats from 1 to 999.' });
  if (input.termLabel !== undefined && !input.termLabel.trim())
    issues.push({ field: 'termLabel', message: 'This field is required, e.g. 2024–2028.' });
  if (input.resolutionTemplate) {
    const errs = checkResolutionTemplate(input.resolutionTemplate);
    if (errs.length) issues.push({ field: 'resolutionTemplate', message: errs.join('; ') });
  }
  return issues;
}

type BodyRow = CouncilDB['council_body'] & { created_at: Date };

export async function loadBody(tx: CTx, id: string): Promise<BodyView> {
  checkId(id, 'The body');
  const row = await tx.db.selectFrom('council_body').selectAll().where('id', '=', id).executeTakeFirst();
  need(row, 'The body');
  const members = await tx.db
    .selectFrom('council_member')
    .selectAll()
    .where('body_id', '=', id)
    .orderBy('active', 'desc')
    .orderBy('substitute')
    .orderBy('name')
    .execute();
  return toBody(row as BodyRow, members.map(toMember));
}

function toBody(r: BodyRow, members: MemberView[]): BodyView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as BodyKind,
    seats: r.seats,
    majority: majorityOf(r.seats),
    termLabel: r.term_label,
    resolutionTemplate: r.resolution_template,
    members,
  };
}

function toMember(
  r: Omit<CouncilDB['council_member'], 'substitute' | 'active' | 'created_at'> & {
    substitute: boolean;
    active: boolean;
  },
): MemberView {
  return {
    id: r.id,
    bodyId: r.body_id,
    userId: r.user_id,
    name: r.name,
    role: r.role as MemberRole,
    substitute: r.substitute,
    termLabel: r.term_label,
    active: r.active,
  };
}

export async function listBodies(ctx: AppContext, actor: Actor): Promise<BodyView[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const rows = await tx.db.selectFrom('council_body').selectAll().orderBy('kind').orderBy('code').execute();
    const members = await tx.db.selectFrom('council_member').selectAll().orderBy('name').execute();
    return rows.map((r) => toBody(r as BodyRow, members.filter((m) => m.body_id === r.id).map(toMember)));
  });
}

export async function getBody(ctx: AppContext, actor: Actor, id: string): Promise<BodyView> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadBody(tx, id));
}

export async function createBody(ctx: AppContext, actor: Actor, input: BodyInput): Promise<BodyView> {
  const issues = checkBody(input);
  if (issues.length) throw invalid(issues);
  return inTenant(ctx, actor, 'body.manage', async (tx) => {
    const taken = await tx.db
      .selectFrom('council_body')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken) throw invalid([{ field: 'code', message: 'A body with this code already exists.' }]);
    const { country } = await tenantInfo(tx);
    const id = newId();
    await tx.db
      .insertInto('council_body')
      .values({
        id,
        tenant_id: tx.tenantId,
        code: input.code,
        name: input.name.trim(),
        kind: input.kind,
        seats: input.seats,
        term_label: input.termLabel.trim(),
        resolution_template: input.resolutionTemplate || defaultResolutionTemplate(country),
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'SkupinaUzivatelu',
      objectId: id,
      params: { council: 'body', code: input.code, seats: input.seats },
    });
    return loadBody(tx, id);
  });
}

export async function updateBody(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: Partial<Omit<BodyInput, 'code'>>,
): Promise<BodyView> {
  const issues = checkBody(patch);
  if (issues.length) throw invalid(issues);
  return inTenant(ctx, actor, 'body.manage', async (tx) => {
    await loadBody(tx, id);
    const values: Updateable<CouncilDB['council_body']> = {};
    if (patch.name !== undefined) values.name = patch.name.trim();
    if (patch.kind !== undefined) values.kind = patch.kind;
    if (patch.seats !== undefined) values.seats = patch.seats;
    if (patch.termLabel !== undefined) values.term_label = patch.termLabel.trim();
    if (patch.resolutionTemplate) values.resolution_template = patch.resolutionTemplate;
    if (Object.keys(values).length)
      await tx.db.updateTable('council_body').set(values).where('id', '=', id).execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'SkupinaUzivatelu',
      objectId: id,
      params: { council: 'body', ...values },
    });
    return loadBody(tx, id);
  });
}

export interface MemberInput {
  /** A staff user of the tenant … */
  userId?: string | null;
  /** … or an external person by name (required when no user is given). */
  name?: string | null;
  role: string;
  substitute?: boolean;
  termLabel?: string | null;
}

export async function addMember(
  ctx: AppContext,
  actor: Actor,
  bodyId: string,
  input: MemberInput,
): Promise<MemberView> {
  const [m] = await addMembers(ctx, actor, bodyId, [input]);
  return m!;
}

/** Adds several members in one transaction (a newly elected body); all or nothing. */
export async function addMembers(
  ctx: AppContext,
  actor: Actor,
  bodyId: string,
  inputs: readonly MemberInput[],
): Promise<MemberView[]> {
  return inTenant(ctx, actor, 'body.manage', async (tx) => {
    const body = await loadBody(tx, bodyId);
    const issues: FieldError[] = [];
    const rows: Insertable<CouncilDB['council_member']>[] = [];
    const multi = inputs.length > 1;
    for (const [i, input] of inputs.entries()) {
      const f = (name: string) => (multi ? `${i}/${name}` : name);
      if (!(MEMBER_ROLES as readonly string[]).includes(input.role))
        issues.push({ field: f('role'), message: 'Unknown role.' });
      if (input.substitute && body.kind !== 'committee' && body.kind !== 'commission')
        issues.push({ field: f('substitute'), message: 'Only committees and commissions have substitutes.' });
      let name = input.name?.trim() ?? '';
      if (input.userId) {
        const user = isUuid(input.userId)
          ? await tx.db
              .selectFrom('app_user')
              .select(['display_name'])
              .where('id', '=', input.userId)
              .where('tenant_id', '=', tx.tenantId)
              .executeTakeFirst()
          : undefined;
        if (!user) issues.push({ field: f('userId'), message: 'No such staff user.' });
        else if (!name) name = user.display_name;
      }
      if (!name) issues.push({ field: f('name'), message: 'Give the name or choose a staff user.' });
      rows.push({
        id: newId(),
        tenant_id: tx.tenantId,
        body_id: body.id,
        user_id: input.userId || null,
        name,
        role: input.role,
        substitute: input.substitute ?? false,
        term_label: input.termLabel?.trim() || body.termLabel,
      });
    }
    if (issues.length) throw invalid(issues);
    if (rows.length === 0) return [];
    const inserted = await tx.db.insertInto('council_member').values(rows).returningAll().execute();
    for (const r of inserted) {
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'Osoba',
        objectId: r.id,
        params: { council: 'member', body: body.code, name: r.name, role: r.role },
      });
    }
    return inserted.map(toMember);
  });
}

export async function endMembership(ctx: AppContext, actor: Actor, memberId: string): Promise<void> {
  checkId(memberId, 'The member');
  await inTenant(ctx, actor, 'body.manage', async (tx) => {
    const r = await tx.db
      .updateTable('council_member')
      .set({ active: false })
      .where('id', '=', memberId)
      .returning('name')
      .executeTakeFirst();
    need(r, 'The member');
    await appendAudit(tx, {
      eventType: 'Zruseni',
      objectType: 'Osoba',
      objectId: memberId,
      params: { council: 'member' },
    });
  });
}

/** Members who vote: not the secretary (who records) and not substitutes. */
const votes = (m: MemberView) => m.active && !m.substitute && m.role !== 'secretary';

// --- materials ---------------------------------------------------------------------------------------

export interface MaterialTexts {
  title: string;
  author: string;
  submitter: string;
  problem: string;
  proposal: string;
  clauses: Clause[];
}

export interface MaterialVersionView extends MaterialTexts {
  version: number;
  frozen: boolean;
  createdAt: Date;
}

export interface OpinionView {
  id: string;
  from: string;
  requestedAt: Date;
  text: string | null;
  recordedAt: Date | null;
}

export interface MaterialView extends MaterialTexts {
  id: string;
  bodyId: string;
  bodyCode: string;
  state: MaterialState;
  outcome: Outcome | null;
  meetingId: string | null;
  itemNo: number | null;
  /** e.g. RK-18-2009-22, given when the material is put on an agenda. */
  reference: string | null;
  version: number;
  frozen: boolean;
  versions: MaterialVersionView[];
  opinions: OpinionView[];
  attachments: { id: string; blobId: string; filename: string }[];
  attachmentCount: number;
}

function checkTexts(t: Partial<MaterialTexts>, today: IsoDate): FieldError[] {
  const issues: FieldError[] = [];
  for (const f of ['title', 'author', 'submitter'] as const) {
    const v = t[f];
    if (v !== undefined && !v.trim()) issues.push({ field: f, message: 'This field is required.' });
    if (v !== undefined && v.length > 500) issues.push({ field: f, message: 'The value is too long.' });
  }
  if (t.clauses !== undefined) {
    for (const i of checkClauses(t.clauses, today))
      issues.push({ field: i.field, message: i.message, code: i.code } as FieldError);
  }
  return issues;
}

export async function loadMaterial(tx: CTx, id: string): Promise<MaterialView> {
  checkId(id, 'The material');
  const m = await tx.db
    .selectFrom('council_material as m')
    .innerJoin('council_body as b', 'b.id', 'm.body_id')
    .selectAll('m')
    .select('b.code as body_code')
    .where('m.id', '=', id)
    .executeTakeFirst();
  need(m, 'The material');
  const versions = await tx.db
    .selectFrom('council_material_version')
    .selectAll()
    .where('material_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const opinions = await tx.db
    .selectFrom('council_opinion')
    .selectAll()
    .where('material_id', '=', id)
    .orderBy('requested_at')
    .execute();
  const attachments = await tx.db
    .selectFrom('council_attachment')
    .selectAll()
    .where('material_id', '=', id)
    .orderBy('created_at')
    .execute();
  const vs: MaterialVersionView[] = versions.map((v) => ({
    version: v.version,
    frozen: v.frozen,
    createdAt: v.created_at,
    title: v.title,
    author: v.author,
    submitter: v.submitter,
    problem: v.problem,
    proposal: v.proposal,
    clauses: v.clauses as Clause[],
  }));
  const current = vs.find((v) => v.version === m.current_version)!;
  return {
    id: m.id,
    bodyId: m.body_id,
    bodyCode: m.body_code,
    state: m.state as MaterialState,
    outcome: m.outcome as Outcome | null,
    meetingId: m.meeting_id,
    itemNo: m.item_no,
    reference: m.reference,
    version: current.version,
    frozen: current.frozen,
    title: current.title,
    author: current.author,
    submitter: current.submitter,
    problem: current.problem,
    proposal: current.proposal,
    clauses: current.clauses,
    versions: vs,
    opinions: opinions.map((o) => ({
      id: o.id,
      from: o.from_name,
      requestedAt: o.requested_at,
      text: o.text,
      recordedAt: o.recorded_at,
    })),
    attachments: attachments.map((a) => ({ id: a.id, blobId: a.blob_id, filename: a.filename })),
    attachmentCount: attachments.length,
  };
}

export async function today(tx: CTx): Promise<IsoDate> {
  return todayIn((await tenantInfo(tx)).timeZone, tx.now);
}

export async function createMaterial(
  ctx: AppContext,
  actor: Actor,
  input: MaterialTexts & { bodyId: string },
): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const body = await loadBody(tx, input.bodyId).catch(() => {
      throw invalid([{ field: 'bodyId', message: 'No such body.' }]);
    });
    const issues = checkTexts(input, await today(tx));
    if (issues.length) throw invalid(issues);
    await assertClauseRefs(tx, body.id, input.clauses);
    const id = newId();
    await tx.db
      .insertInto('council_material')
      .values({ id, tenant_id: tx.tenantId, body_id: body.id, state: 'draft' })
      .execute();
    await insertVersion(tx, id, 1, input);
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'material', title: input.title },
    });
    return loadMaterial(tx, id);
  });
}

async function insertVersion(tx: CTx, materialId: string, version: number, t: MaterialTexts, frozen = false) {
  await tx.db
    .insertInto('council_material_version')
    .values({
      tenant_id: tx.tenantId,
      material_id: materialId,
      version,
      title: t.title.trim(),
      author: t.author.trim(),
      submitter: t.submitter.trim(),
      problem: t.problem,
      proposal: t.proposal,
      clauses: JSON.stringify(cleanClauses(t.clauses)),
      frozen,
      created_by: tx.actor.userId,
    })
    .execute();
  await tx.db
    .updateTable('council_material')
    .set({ current_version: version, updated_at: tx.now })
    .where('id', '=', materialId)
    .execute();
}

/** Saves changed texts as a new version; refused once the material is on an agenda or decided. */
export async function updateMaterial(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: Partial<MaterialTexts>,
): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const m = await loadMaterial(tx, id);
    if (m.frozen)
      throw conflict('This version was decided by the meeting and is frozen; it cannot be edited.');
    if (!isEditable(m.state))
      throw conflict('The material is on an agenda; its texts can no longer be edited.');
    const next: MaterialTexts = { ...m, ...patch };
    const issues = checkTexts(patch, await today(tx));
    if (issues.length) throw invalid(issues);
    if (patch.clauses) await assertClauseRefs(tx, m.bodyId, patch.clauses);
    await insertVersion(tx, id, m.version + 1, next);
    await appendAudit(tx, {
      eventType: 'NovaVerze',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'material', version: m.version + 1 },
    });
    return loadMaterial(tx, id);
  });
}

export async function getMaterial(ctx: AppContext, actor: Actor, id: string): Promise<MaterialView> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadMaterial(tx, id));
}

export interface MaterialSummary {
  id: string;
  bodyCode: string;
  title: string;
  state: MaterialState;
  outcome: Outcome | null;
  reference: string | null;
  version: number;
}

export async function listMaterials(
  ctx: AppContext,
  actor: Actor,
  filter: { state?: MaterialState; bodyId?: string } = {},
): Promise<MaterialSummary[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    let q = tx.db
      .selectFrom('council_material as m')
      .innerJoin('council_body as b', 'b.id', 'm.body_id')
      .innerJoin('council_material_version as v', (j) =>
        j.onRef('v.material_id', '=', 'm.id').onRef('v.version', '=', 'm.current_version'),
      )
      .select(['m.id', 'b.code', 'v.title', 'm.state', 'm.outcome', 'm.reference', 'm.current_version'])
      .orderBy('m.created_at', 'desc');
    if (filter.state) q = q.where('m.state', '=', filter.state);
    if (filter.bodyId && isUuid(filter.bodyId)) q = q.where('m.body_id', '=', filter.bodyId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      bodyCode: r.code,
      title: r.title,
      state: r.state as MaterialState,
      outcome: r.outcome as Outcome | null,
      reference: r.reference,
      version: r.current_version,
    }));
  });
}

async function moveMaterial(tx: CTx, m: MaterialView, to: MaterialState) {
  if (!canMove(m.state, to)) throw conflict(`A material in state "${m.state}" cannot become "${to}".`);
  await tx.db
    .updateTable('council_material')
    .set({ state: to, updated_at: tx.now })
    .where('id', '=', m.id)
    .execute();
}

/** Asks a department or committee for its opinion (stanovisko). */
export async function requestOpinion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  from: string,
): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const m = await loadMaterial(tx, id);
    if (!from.trim()) throw invalid([{ field: 'from', message: 'Name the department or committee.' }]);
    if (m.state === 'draft') await moveMaterial(tx, m, 'opinions_requested');
    else if (m.state !== 'opinions_requested')
      throw conflict('Opinions are requested while the material is being prepared.');
    const oid = newId();
    await tx.db
      .insertInto('council_opinion')
      .values({
        id: oid,
        tenant_id: tx.tenantId,
        material_id: id,
        from_name: from.trim(),
        requested_at: tx.now,
        text: null,
        recorded_at: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'opinionRequested', from },
    });
    return loadMaterial(tx, id);
  });
}

export async function recordOpinion(
  ctx: AppContext,
  actor: Actor,
  id: string,
  opinionId: string,
  text: string,
): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const m = await loadMaterial(tx, id);
    const o = m.opinions.find((x) => x.id === opinionId);
    need(o, 'The opinion');
    if (!text.trim()) throw invalid([{ field: 'text', message: 'This field is required.' }]);
    if (m.state === 'decided') throw conflict('The material has been decided.');
    await tx.db
      .updateTable('council_opinion')
      .set({ text: text.trim(), recorded_at: tx.now })
      .where('id', '=', opinionId)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'opinionRecorded', from: o.from },
    });
    return loadMaterial(tx, id);
  });
}

/** Ready for an agenda. */
export async function markReady(ctx: AppContext, actor: Actor, id: string): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const m = await loadMaterial(tx, id);
    await moveMaterial(tx, m, 'ready');
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'ready' },
    });
    return loadMaterial(tx, id);
  });
}

/** Records an uploaded attachment (the bytes were stored by receiveUpload before the transaction). */
export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  upload: { filename: string; blob: StoredBlob },
): Promise<MaterialView> {
  return inTenant(ctx, actor, 'material.manage', async (tx) => {
    const m = await loadMaterial(tx, id);
    if (m.state === 'decided') throw conflict('The material has been decided; its attachments are frozen.');
    const file = await recordFile(ctx, tx, upload);
    await tx.db
      .insertInto('council_attachment')
      .values({
        id: newId(),
        tenant_id: tx.tenantId,
        material_id: id,
        blob_id: file.id,
        filename: file.filename,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'VlozeniKDokumentu',
      objectType: 'Dokument',
      objectId: id,
      params: { council: 'attachment', filename: file.filename },
    });
    return loadMaterial(tx, id);
  });
}

// --- meetings -----------------------------------------------------------------------------------------

export const SECTIONS = ['opening', 'main', 'misc'] as const;
export type Section = (typeof SECTIONS)[number];

export interface VoteView {
  kind: 'named' | 'aggregate';
  present: number;
  tally: Tally;
  ballots: Ballot[];
  adopted: boolean;
}

export interface AgendaItemView {
  id: string;
  position: number;
  section: Section;
  title: string;
  materialId: string | null;
  reference: string | null;
  outcome: Outcome | null;
  /** Voting members present at this item (from arrivals and departures). */
  presentIds: string[];
  quorum: boolean;
  vote: VoteView | null;
  resolution: { id: string; number: string } | null;
}

export interface MeetingView {
  id: string;
  bodyId: string;
  body: BodyView;
  year: number;
  number: number;
  session: number | null;
  date: string;
  place: string;
  items: AgendaItemView[];
  attendance: (AttendanceEvent & { name: string })[];
}

export async function loadMeeting(tx: CTx, id: string): Promise<MeetingView> {
  checkId(id, 'The meeting');
  const m = await tx.db
    .selectFrom('council_meeting')
    .select(['id', 'body_id', 'year', 'number', 'session', iso('date').as('date'), 'place'])
    .where('id', '=', id)
    .executeTakeFirst();
  need(m, 'The meeting');
  const body = await loadBody(tx, m.body_id);
  const items = await tx.db
    .selectFrom('council_agenda_item as i')
    .leftJoin('council_vote as v', 'v.item_id', 'i.id')
    .leftJoin('council_resolution as r', 'r.item_id', 'i.id')
    .select([
      'i.id',
      'i.position',
      'i.section',
      'i.title',
      'i.material_id',
      'i.outcome',
      'i.reference',
      'v.kind as vote_kind',
      'v.present',
      'v.votes_for',
      'v.against',
      'v.abstain',
      'v.not_voting',
      'v.ballots',
      'v.adopted',
      'r.id as resolution_id',
      'r.number as resolution_number',
    ])
    .where('i.meeting_id', '=', id)
    .orderBy('i.position')
    .execute();
  const att = await tx.db
    .selectFrom('council_attendance')
    .select(['member_id', 'kind', 'from_item'])
    .where('meeting_id', '=', id)
    .orderBy('recorded_at')
    .execute();
  const names = new Map(body.members.map((x) => [x.id, x.name]));
  const attendance = att.map((a) => ({
    memberId: a.member_id,
    kind: a.kind as 'arrive' | 'leave',
    fromItem: a.from_item,
    name: names.get(a.member_id) ?? '?',
  }));
  return {
    id: m.id,
    bodyId: m.body_id,
    body,
    year: m.year,
    number: m.number,
    session: m.session,
    date: m.date,
    place: m.place,
    attendance,
    items: items.map((i) => {
      const present = [...presentAt(attendance, i.position)];
      return {
        id: i.id,
        position: i.position,
        section: i.section as Section,
        title: i.title,
        materialId: i.material_id,
        reference: i.reference ?? null,
        outcome: i.outcome as Outcome | null,
        presentIds: present,
        quorum: present.length >= body.majority,
        vote: i.vote_kind
          ? {
              kind: i.vote_kind as 'named' | 'aggregate',
              present: i.present!,
              tally: {
                for: i.votes_for!,
                against: i.against!,
                abstain: i.abstain!,
                notVoting: i.not_voting!,
              },
              ballots: (i.ballots ?? []) as Ballot[],
              adopted: i.adopted!,
            }
          : null,
        resolution: i.resolution_id ? { id: i.resolution_id, number: i.resolution_number! } : null,
      };
    }),
  };
}

/**
 * Writers of one meeting's record (agenda, attendance, votes, decisions, notes) and the
 * finalisation of its minutes queue on the meeting row, so a vote cannot slip in between the
 * check "minutes not final" and the minutes becoming final in another transaction.
 */
export async function lockMeeting(tx: CTx, meetingId: string): Promise<void> {
  await tx.db.selectFrom('council_meeting').select('id').where('id', '=', meetingId).forUpdate().execute();
}

/**
 * Final minutes freeze their meeting: agenda, attendance, votes, decisions and notes can no
 * longer change (409), so the PDF whose hash is in the audit chain stays the record.
 */
export async function assertMinutesOpen(tx: CTx, meetingId: string): Promise<void> {
  await lockMeeting(tx, meetingId);
  const m = await tx.db
    .selectFrom('council_minutes')
    .select('state')
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  if (m?.state === 'final')
    throw conflict('The minutes of this meeting are final; the meeting record can no longer change.');
}

export interface MeetingSummary {
  id: string;
  bodyCode: string;
  year: number;
  number: number;
  date: string;
  place: string;
}

export async function listMeetings(ctx: AppContext, actor: Actor): Promise<MeetingSummary[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const rows = await tx.db
      .selectFrom('council_meeting as m')
      .innerJoin('council_body as b', 'b.id', 'm.body_id')
      .select(['m.id', 'b.code', 'm.year', 'm.number', iso('m.date').as('date'), 'm.place'])
      .orderBy('m.date', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      bodyCode: r.code,
      year: r.year,
      number: r.number,
      date: r.date,
      place: r.place,
    }));
  });
}

export async function getMeeting(ctx: AppContext, actor: Actor, id: string): Promise<MeetingView> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadMeeting(tx, id));
}

/**
 * Schedules a meeting, numbered per body and year: the next number, or a given one (entering
 * past meetings) that is not taken yet.
 */
export async function createMeeting(
  ctx: AppContext,
  actor: Actor,
  input: { bodyId: string; date: string; place: string; session?: number | null; number?: number | null },
): Promise<MeetingView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const issues: FieldError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(input.date)))
      issues.push({ field: 'date', message: 'Use a date as YYYY-MM-DD.' });
    if (!input.place.trim()) issues.push({ field: 'place', message: 'This field is required.' });
    for (const f of ['session', 'number'] as const) {
      const v = input[f];
      if (v != null && (!Number.isInteger(v) || v < 1 || v > 9999))
        issues.push({ field: f, message: 'Use a whole number from 1.' });
    }
    if (issues.length) throw invalid(issues);
    const body = await loadBody(tx, input.bodyId).catch(() => {
      throw invalid([{ field: 'bodyId', message: 'No such body.' }]);
    });
    const year = Number(input.date.slice(0, 4));
    const last = await tx.db
      .selectFrom('council_meeting')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('body_id', '=', body.id)
      .where('year', '=', year)
      .executeTakeFirst();
    const number = input.number ?? Number(last?.n ?? 0) + 1;
    const clash = await tx.db
      .selectFrom('council_meeting')
      .select('id')
      .where('body_id', '=', body.id)
      .where('year', '=', year)
      .where('number', '=', number)
      .executeTakeFirst();
    if (clash)
      throw invalid([{ field: 'number', message: `Meeting ${number}/${year} of this body already exists.` }]);
    const id = newId();
    await tx.db
      .insertInto('council_meeting')
      .values({
        id,
        tenant_id: tx.tenantId,
        body_id: body.id,
        year,
        number,
        session: input.session ?? null,
        date: input.date,
        place: input.place.trim(),
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'Spis',
      objectId: id,
      params: { council: 'meeting', body: body.code, year, number },
    });
    return loadMeeting(tx, id);
  });
}

/**
 * Adds an item to the agenda: a ready material (it gets its number within the meeting and its
 * reference, e.g. RK-18-2009-22) or a plain item such as "Různé" (miscellaneous).
 */
export async function addAgendaItem(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  input: { materialId?: string | null; title?: string | null; section?: string },
): Promise<MeetingView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const meeting = await loadMeeting(tx, meetingId);
    await assertMinutesOpen(tx, meetingId);
    const section = input.section ?? 'main';
    if (!(SECTIONS as readonly string[]).includes(section))
      throw invalid([{ field: 'section', message: 'Unknown section.' }]);
    const position = (meeting.items.at(-1)?.position ?? 0) + 1;
    let title = input.title?.trim() ?? '';
    let materialId: string | null = null;
    let itemReference: string | null = null;
    if (input.materialId) {
      const m = await loadMaterial(tx, input.materialId).catch(() => {
        throw invalid([{ field: 'materialId', message: 'No such material.' }]);
      });
      if (m.bodyId !== meeting.bodyId)
        throw invalid([{ field: 'materialId', message: 'The material is for another body.' }]);
      if (m.state !== 'ready') throw conflict('Only a material that is ready can be put on the agenda.');
      const itemNo = meeting.items.filter((i) => i.materialId).length + 1;
      const reference = materialReference(meeting.body.code, meeting.number, meeting.year, itemNo);
      await tx.db
        .updateTable('council_material')
        .set({
          state: 'on_agenda',
          meeting_id: meetingId,
          item_no: itemNo,
          reference,
          outcome: null,
          updated_at: tx.now,
        })
        .where('id', '=', m.id)
        .execute();
      materialId = m.id;
      itemReference = reference;
      title = title || m.title;
    }
    if (!title) throw invalid([{ field: 'title', message: 'Give the item a title or choose a material.' }]);
    await tx.db
      .insertInto('council_agenda_item')
      .values({
        id: newId(),
        tenant_id: tx.tenantId,
        meeting_id: meetingId,
        position,
        section,
        title,
        material_id: materialId,
        reference: itemReference,
        outcome: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'VlozeniDoSpisu',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'agendaItem', position, title, materialId },
    });
    return loadMeeting(tx, meetingId);
  });
}

/**
 * Members arrive (present from item N on) or leave (absent from item N on); the attendance list
 * at the start is one call with everyone present.
 */
export async function recordAttendance(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  input: { memberIds: string[]; kind: 'arrive' | 'leave'; fromItem: number },
): Promise<MeetingView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const meeting = await loadMeeting(tx, meetingId);
    await assertMinutesOpen(tx, meetingId);
    const issues: FieldError[] = [];
    if (input.memberIds.length === 0)
      issues.push({ field: 'memberIds', message: 'Choose at least one member.' });
    input.memberIds.forEach((id, i) => {
      if (!meeting.body.members.some((m) => m.id === id))
        issues.push({ field: `memberIds/${i}`, message: 'Not a member of this body.' });
    });
    if (!Number.isInteger(input.fromItem) || input.fromItem < 1)
      issues.push({ field: 'fromItem', message: 'Use an item number from 1.' });
    if (input.kind !== 'arrive' && input.kind !== 'leave')
      issues.push({ field: 'kind', message: 'Use arrive or leave.' });
    if (issues.length) throw invalid(issues);
    if (meeting.items.some((i) => i.vote && i.position >= input.fromItem))
      throw conflict('Attendance cannot change for items that have already been voted on.');
    const present = presentAt(meeting.attendance, input.fromItem);
    for (const id of new Set(input.memberIds)) {
      if (input.kind === 'arrive' && present.has(id))
        throw conflict('A member is already present at that item.');
      if (input.kind === 'leave' && !present.has(id)) throw conflict('A member is not present at that item.');
    }
    await tx.db
      .insertInto('council_attendance')
      .values(
        [...new Set(input.memberIds)].map((memberId) => ({
          id: newId(),
          tenant_id: tx.tenantId,
          meeting_id: meetingId,
          member_id: memberId,
          kind: input.kind,
          from_item: input.fromItem,
        })),
      )
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'attendance', ...input },
    });
    return loadMeeting(tx, meetingId);
  });
}

async function itemOf(tx: CTx, itemId: string): Promise<{ meeting: MeetingView; item: AgendaItemView }> {
  checkId(itemId, 'The agenda item');
  const row = await tx.db
    .selectFrom('council_agenda_item')
    .select('meeting_id')
    .where('id', '=', itemId)
    .executeTakeFirst();
  need(row, 'The agenda item');
  const meeting = await loadMeeting(tx, row.meeting_id);
  return { meeting, item: meeting.items.find((i) => i.id === itemId)! };
}

export type VoteRequest =
  | { kind: 'named'; ballots: Ballot[] }
  | { kind: 'aggregate'; for: number; against: number; abstain: number; notVoting: number };

/**
 * Records the vote on an item. Refused: a second vote on the same item, a vote without quorum,
 * a member voting twice or while absent, aggregate counts that do not add up.
 */
export async function recordVote(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  vote: VoteRequest,
): Promise<MeetingView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const { meeting, item } = await itemOf(tx, itemId);
    await assertMinutesOpen(tx, meeting.id);
    if (item.vote) throw conflict('This item has already been voted on; a vote is recorded once.');
    if (item.outcome) throw conflict('This item has already been decided.');
    await assertMainVoteOpen(tx, itemId);
    const voters = new Set(meeting.body.members.filter(votes).map((m) => m.id));
    const present = new Set(item.presentIds.filter((id) => voters.has(id)));
    const checked = checkVote(meeting.body.seats, present, vote);
    if (checked.issues.length) {
      const noQuorum = checked.issues.find((i) => i.code === 'noQuorum');
      if (noQuorum)
        throw new AppError('validation', noQuorum.message, [
          { field: 'present', message: noQuorum.message, code: 'noQuorum' } as FieldError,
        ]);
      throw invalid(
        checked.issues.map((i) => ({ field: i.field, message: i.message, code: i.code }) as FieldError),
        'The vote is not valid.',
      );
    }
    await tx.db
      .insertInto('council_vote')
      .values({
        id: newId(),
        tenant_id: tx.tenantId,
        item_id: itemId,
        kind: vote.kind,
        present: present.size,
        votes_for: checked.tally.for,
        against: checked.tally.against,
        abstain: checked.tally.abstain,
        not_voting: checked.tally.notVoting,
        ballots: JSON.stringify(vote.kind === 'named' ? vote.ballots : []),
        adopted: checked.adopted,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meeting.id,
      params: { council: 'vote', item: item.position, ...checked.tally, adopted: checked.adopted },
    });
    return loadMeeting(tx, meeting.id);
  });
}

export interface DecisionResult {
  meeting: MeetingView;
  resolution: { id: string; number: string } | null;
  /** Tasks created from "ukládá" clauses, with a flag where the deadline falls on a day off. */
  tasks: { id: string; responsible: string; due: string; nonWorking: string | null }[];
}

/**
 * Records the outcome of an item. "Adopted" needs an adopted vote; it numbers the resolution
 * gap-free per body and year from the body's template, freezes the decided version, and turns
 * each "ukládá" clause into a task. "Adopted as amended" stores the amended clauses as the
 * decided version. Postponed materials return to "ready" for a later meeting.
 */
export async function decideItem(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  input: { outcome: string; clauses?: Clause[] },
): Promise<DecisionResult> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const { meeting, item } = await itemOf(tx, itemId);
    await assertMinutesOpen(tx, meeting.id);
    let outcome = input.outcome as Outcome;
    if (!['adopted', 'adopted_amended', 'rejected', 'withdrawn', 'postponed'].includes(outcome))
      throw invalid([{ field: 'outcome', message: 'Unknown outcome.' }]);
    if (item.outcome) throw conflict('This item has already been decided.');
    const adopting = outcome === 'adopted' || outcome === 'adopted_amended';
    const material = item.materialId ? await loadMaterial(tx, item.materialId) : null;
    // Counter-proposals and amendments (motions-service.ts) are voted before the main proposal;
    // an adopted counter-proposal adopts the item in its wording without a main vote.
    const settlement = await motionSettlement(tx, itemId, material?.clauses ?? []);
    if (adopting && settlement.kind === 'pending')
      throw conflict('Counter-proposals or amendments of this item are still to be voted.');
    const byCounter = settlement.kind === 'counter';
    if (adopting && !byCounter && !item.vote)
      throw conflict('There is no vote on this item, so no resolution can be numbered.');
    if (adopting && !byCounter && !item.vote!.adopted)
      throw conflict(
        'The vote did not adopt this item (a majority of all members is needed); no resolution number is given.',
      );
    if (outcome === 'rejected' && (item.vote?.adopted || byCounter))
      throw conflict('The vote adopted this item; it cannot be recorded as rejected.');
    const motionClauses =
      settlement.kind === 'counter' || (settlement.kind === 'main' && settlement.amended)
        ? settlement.clauses
        : null;
    if (adopting && motionClauses) {
      if (input.clauses)
        throw invalid([
          { field: 'clauses', message: 'The adopted counter-proposal or amendments give the wording.' },
        ]);
      outcome = 'adopted_amended';
    }
    const { country, timeZone } = await tenantInfo(tx);
    const todayIso = todayIn(timeZone, tx.now);

    let clauses: Clause[] = material?.clauses ?? [];
    if (adopting && motionClauses) clauses = motionClauses;
    else if (outcome === 'adopted_amended' || (adopting && !material)) {
      if (!input.clauses) throw invalid([{ field: 'clauses', message: 'Give the clauses as adopted.' }]);
      clauses = cleanClauses(input.clauses);
    }
    if (adopting) {
      const issues = checkClauses(clauses, todayIso);
      if (issues.length)
        throw invalid(
          issues.map((i) => ({ field: i.field, message: i.message, code: i.code }) as FieldError),
        );
    }

    await tx.db.updateTable('council_agenda_item').set({ outcome }).where('id', '=', itemId).execute();
    if (material) {
      if (outcome === 'adopted_amended')
        await insertVersion(tx, material.id, material.version + 1, { ...material, clauses }, true);
      else if (outcome !== 'postponed')
        await tx.db
          .updateTable('council_material_version')
          .set({ frozen: true })
          .where('material_id', '=', material.id)
          .where('version', '=', material.version)
          .execute();
      const next = stateAfter(outcome);
      await tx.db
        .updateTable('council_material')
        .set(
          next === 'ready'
            ? { state: next, outcome, meeting_id: null, item_no: null, reference: null, updated_at: tx.now }
            : { state: next, outcome, updated_at: tx.now },
        )
        .where('id', '=', material.id)
        .execute();
    }

    let resolution: DecisionResult['resolution'] = null;
    const tasks: DecisionResult['tasks'] = [];
    if (adopting) {
      const seq = await allocateNumber(tx, `council-resolution:${meeting.bodyId}`, meeting.year);
      const number = formatResolutionNumber(meeting.body.resolutionTemplate, {
        seq,
        meeting: meeting.number,
        session: meeting.session ?? meeting.number,
        year: meeting.year,
        body: meeting.body.code,
      });
      const rid = newId();
      await tx.db
        .insertInto('council_resolution')
        .values({
          id: rid,
          tenant_id: tx.tenantId,
          body_id: meeting.bodyId,
          meeting_id: meeting.id,
          item_id: itemId,
          material_id: material?.id ?? null,
          year: meeting.year,
          seq,
          number,
          title: item.title,
          clauses: JSON.stringify(clauses),
          adopted_on: meeting.date,
        })
        .execute();
      resolution = { id: rid, number };
      await linkResolution(tx, { id: rid, number, bodyId: meeting.bodyId }, clauses);
      // Marks of personal data published on the material carry over where the text is the same.
      const redactionMarks = await inheritMaterialRedaction(tx, rid);
      for (const [i, c] of clauses.entries()) {
        if (c.verb !== 'uklada') continue;
        const check = checkTaskDeadline(c.due ?? '', todayIso, country);
        if (!check.ok)
          throw invalid([
            { field: `clauses/${i}/due`, message: check.message, code: check.code } as FieldError,
          ]);
        const tid = newId();
        await tx.db
          .insertInto('council_task')
          .values({
            id: tid,
            tenant_id: tx.tenantId,
            resolution_id: rid,
            clause_index: i,
            text: c.text,
            responsible: c.responsible!,
            due: check.due,
          })
          .execute();
        tasks.push({
          id: tid,
          responsible: c.responsible!,
          due: check.due,
          nonWorking: check.nonWorking ? check.nonWorking.nextWorkingDay : null,
        });
      }
      await appendAudit(tx, {
        eventType: 'Schvaleni',
        objectType: 'Dokument',
        objectId: rid,
        params: { council: 'resolution', number, item: item.position, tasks: tasks.length, redactionMarks },
      });
    } else {
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Spis',
        objectId: meeting.id,
        params: { council: 'decision', item: item.position, outcome },
      });
    }
    return { meeting: await loadMeeting(tx, meeting.id), resolution, tasks };
  });
}

// --- resolutions and tasks (read) ---------------------------------------------------------------------

export interface ResolutionView {
  id: string;
  number: string;
  bodyCode: string;
  title: string;
  adoptedOn: string;
  clauses: Clause[];
  meetingId: string;
}

export async function listResolutions(ctx: AppContext, actor: Actor): Promise<ResolutionView[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const rows = await tx.db
      .selectFrom('council_resolution as r')
      .innerJoin('council_body as b', 'b.id', 'r.body_id')
      .select([
        'r.id',
        'r.number',
        'b.code',
        'r.title',
        iso('r.adopted_on').as('adopted_on'),
        'r.clauses',
        'r.meeting_id',
      ])
      .orderBy('r.adopted_on', 'desc')
      .orderBy('r.seq', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      bodyCode: r.code,
      title: r.title,
      adoptedOn: r.adopted_on,
      clauses: r.clauses as Clause[],
      meetingId: r.meeting_id,
    }));
  });
}

export interface TaskView {
  id: string;
  resolutionNumber: string;
  text: string;
  responsible: string;
  due: string;
  state: string;
  urgency: TaskUrgency;
}

export async function listTasks(ctx: AppContext, actor: Actor): Promise<TaskView[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const t = await today(tx);
    const rows = await tx.db
      .selectFrom('council_task as t')
      .innerJoin('council_resolution as r', 'r.id', 't.resolution_id')
      .select(['t.id', 'r.number', 't.text', 't.responsible', iso('t.due').as('due'), 't.state'])
      .orderBy('t.due')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      resolutionNumber: r.number,
      text: r.text,
      responsible: r.responsible,
      due: r.due,
      state: r.state,
      urgency: taskUrgency(r.state as 'open', r.due as IsoDate, t),
    }));
  });
}

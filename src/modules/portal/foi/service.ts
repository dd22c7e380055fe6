/**
 * FOI use cases: each one tenant transaction with an audit entry. Domain rules live in
 * domain/rules.ts; this file loads the facts, applies the rule, stores the result.
 */
import { sql } from 'kysely';
import { appendAudit, readAudit } from '../../../platform/audit/chain.js';
import type { AuditEventType } from '../../../platform/audit/codes.js';
import {
  type Country,
  dueWithin,
  type IsoDate,
  isIsoDate,
  isOverdue,
  todayIn,
} from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import { type Actor, PUBLIC_ACTOR, type TenantTx, withTenant } from '../../../platform/db/tenant.js';
import { AppError, type FieldError, invalid, notFound } from '../../../platform/errors.js';
import { formatDate, translator } from '../../../platform/i18n/index.js';
import { isUuid, newId } from '../../../platform/ids.js';
import { allocateNumber, formatNumber } from '../../../platform/numbering/index.js';
import { renderPdf } from '../../../platform/pdf/index.js';
import { startOfDayUtc } from '../../../platform/time-zone.js';
import {
  findDocumentByRef,
  type PreparedIncoming,
  prepareIncoming,
  registerPrepared,
} from '../../records/index.js';
import {
  applyFoiAction,
  checkReceivedOn,
  FOI_ACTIONS,
  type FoiAction,
  type FoiActionType,
  type FoiDeadline,
  type FoiFacts,
  type FoiOutcome,
  FoiRuleError,
  type FoiState,
  foiDeadlines,
  newFoiFacts,
  nextDue,
  type RemedyOutcome,
  type SetAsideReason,
} from './domain/rules.js';
import { foiPolicy } from './policy.js';
import { type FoiDB, foiTrx } from './schema.js';

export const FOI_SERIES = 'foi';
export const FOI_NUMBER_TEMPLATE = 'INF/{seq:04}/{year}';
export const DUE_SOON_DAYS = 3;

export interface RemedyView {
  id: string;
  kind: 'appeal' | 'complaint';
  receivedOn: string;
  text: string;
  inTime: boolean;
  outcome: RemedyOutcome | null;
  decidedOn: string | null;
  decisionText: string | null;
}

export interface HistoryEntry {
  at: Date;
  actor: string;
  action: string;
}

export interface FoiRequestView {
  id: string;
  number: string;
  channel: 'portal' | 'email' | 'paper' | 'databox';
  applicantName: string;
  applicantContact: string;
  requestText: string;
  receivedOn: string;
  state: FoiState;
  clockStart: string;
  answerPeriodDays: number;
  extensionDays: number | null;
  extensionReason: string | null;
  clarificationAskedOn: string | null;
  clarificationRequest: string | null;
  clarificationReceivedOn: string | null;
  clarificationText: string | null;
  feeAmount: number | null;
  feeRequestedOn: string | null;
  feeText: string | null;
  feePaidOn: string | null;
  outcome: FoiOutcome | null;
  outcomeOn: string | null;
  answerText: string | null;
  decisionText: string | null;
  setAsideReason: SetAsideReason | null;
  setAsideText: string | null;
  publishedTitle: string | null;
  publishedText: string | null;
  publishedOn: string | null;
  nextDueOn: string | null;
  nextDueKind: string | null;
  /** The registered incoming document in the records module and its číslo jednací. */
  documentId: string | null;
  documentRef: string | null;
  overdue: boolean;
  dueSoon: boolean;
  deadlines: FoiDeadline[];
  createdAt: Date;
}

export interface FoiRequestDetail extends FoiRequestView {
  remedies: RemedyView[];
  history: HistoryEntry[];
}

// --- reading rows -------------------------------------------------------------------------------

const DATE_COLUMNS = [
  'received_on',
  'clock_start',
  'clarification_asked_on',
  'clarification_received_on',
  'fee_requested_on',
  'fee_paid_on',
  'outcome_on',
  'published_on',
  'next_due_on',
] as const;
const PLAIN_COLUMNS = [
  'id',
  'number',
  'channel',
  'applicant_name',
  'applicant_contact',
  'request_text',
  'state',
  'answer_period_days',
  'extension_days',
  'extension_reason',
  'clarification_request',
  'clarification_text',
  'fee_amount',
  'fee_text',
  'outcome',
  'answer_text',
  'decision_text',
  'set_aside_reason',
  'set_aside_text',
  'remedy_return_state',
  'published_title',
  'published_text',
  'next_due_kind',
  'document_id',
  'document_ref',
  'created_at',
] as const;

type Row = Record<(typeof PLAIN_COLUMNS)[number] | (typeof DATE_COLUMNS)[number], unknown>;

function requestQuery(tx: TenantTx) {
  return foiTrx(tx.trx)
    .selectFrom('foi_request')
    .select([...PLAIN_COLUMNS, ...DATE_COLUMNS.map((c) => sql<string | null>`${sql.ref(c)}::text`.as(c))]);
}

interface TenantFacts {
  country: Country;
  timeZone: string;
  name: string;
}

async function tenantFacts(tx: TenantTx): Promise<TenantFacts> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select(['country', 'time_zone', 'name'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return { country: t.country, timeZone: t.time_zone, name: t.name };
}

function factsOf(r: Row): FoiFacts {
  return {
    state: r.state as FoiState,
    receivedOn: r.received_on as IsoDate,
    clockStart: r.clock_start as IsoDate,
    answerPeriodDays: r.answer_period_days as number,
    extensionDays: (r.extension_days as number | null) ?? null,
    clarificationAskedOn: (r.clarification_asked_on as IsoDate | null) ?? null,
    feeRequestedOn: (r.fee_requested_on as IsoDate | null) ?? null,
    outcome: (r.outcome as FoiOutcome | null) ?? null,
    outcomeOn: (r.outcome_on as IsoDate | null) ?? null,
    publishedOn: (r.published_on as IsoDate | null) ?? null,
    remedyReturnState: (r.remedy_return_state as FoiState | null) ?? null,
  };
}

function toView(r: Row, tf: TenantFacts, today: IsoDate): FoiRequestView {
  const f = factsOf(r);
  const nextDueOn = (r.next_due_on as string | null) ?? null;
  return {
    id: r.id as string,
    number: r.number as string,
    channel: r.channel as FoiRequestView['channel'],
    applicantName: r.applicant_name as string,
    applicantContact: r.applicant_contact as string,
    requestText: r.request_text as string,
    receivedOn: f.receivedOn,
    state: f.state,
    clockStart: f.clockStart,
    answerPeriodDays: f.answerPeriodDays,
    extensionDays: f.extensionDays,
    extensionReason: (r.extension_reason as string | null) ?? null,
    clarificationAskedOn: f.clarificationAskedOn,
    clarificationRequest: (r.clarification_request as string | null) ?? null,
    clarificationReceivedOn: (r.clarification_received_on as string | null) ?? null,
    clarificationText: (r.clarification_text as string | null) ?? null,
    feeAmount: r.fee_amount === null || r.fee_amount === undefined ? null : Number(r.fee_amount),
    feeRequestedOn: f.feeRequestedOn,
    feeText: (r.fee_text as string | null) ?? null,
    feePaidOn: (r.fee_paid_on as string | null) ?? null,
    outcome: f.outcome,
    outcomeOn: f.outcomeOn,
    answerText: (r.answer_text as string | null) ?? null,
    decisionText: (r.decision_text as string | null) ?? null,
    setAsideReason: (r.set_aside_reason as SetAsideReason | null) ?? null,
    setAsideText: (r.set_aside_text as string | null) ?? null,
    publishedTitle: (r.published_title as string | null) ?? null,
    publishedText: (r.published_text as string | null) ?? null,
    publishedOn: f.publishedOn,
    nextDueOn,
    nextDueKind: (r.next_due_kind as string | null) ?? null,
    documentId: (r.document_id as string | null) ?? null,
    documentRef: (r.document_ref as string | null) ?? null,
    overdue: nextDueOn !== null && isOverdue(nextDueOn as IsoDate, today),
    dueSoon: nextDueOn !== null && dueWithin(nextDueOn as IsoDate, today, DUE_SOON_DAYS),
    deadlines: foiDeadlines(f, tf.country),
    createdAt: r.created_at as Date,
  };
}

function today(tx: TenantTx, tf: TenantFacts): IsoDate {
  return todayIn(tf.timeZone, tx.now);
}

// --- intake -------------------------------------------------------------------------------------

export interface NewRequestInput {
  applicantName: string;
  applicantContact: string;
  requestText: string;
}

export interface StaffRequestInput extends NewRequestInput {
  channel: 'email' | 'paper' | 'databox';
  /** Day of receipt; defaults to today. */
  receivedOn?: string | undefined;
  /**
   * Reference number (číslo jednací) of the document the registry already registered; without it
   * the request is registered as a new incoming document.
   */
  documentRef?: string | undefined;
}

function checkIntake(input: NewRequestInput): NewRequestInput {
  const name = (input.applicantName ?? '').trim();
  const contact = (input.applicantContact ?? '').trim();
  const text = (input.requestText ?? '').trim();
  const errors: FieldError[] = [];
  if (!name) errors.push({ field: 'applicantName', message: 'Enter the applicant’s name.' });
  else if (name.length > 200) errors.push({ field: 'applicantName', message: 'At most 200 characters.' });
  if (!contact) {
    errors.push({ field: 'applicantContact', message: 'Enter an e-mail address or a postal address.' });
  } else if (contact.length > 500) {
    errors.push({ field: 'applicantContact', message: 'At most 500 characters.' });
  } else if (contact.includes('@') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) {
    errors.push({ field: 'applicantContact', message: 'This e-mail address is not valid.' });
  } else if (!contact.includes('@') && contact.length < 10) {
    errors.push({ field: 'applicantContact', message: 'Enter a full postal address or an e-mail address.' });
  }
  if (!text) errors.push({ field: 'requestText', message: 'Write what information you ask for.' });
  else if (text.length > 20_000) errors.push({ field: 'requestText', message: 'At most 20,000 characters.' });
  if (errors.length) throw invalid(errors);
  return { applicantName: name, applicantContact: contact, requestText: text };
}

async function insertRequest(
  tx: TenantTx,
  input: NewRequestInput,
  channel: FoiRequestView['channel'],
  receivedOn: IsoDate,
  tf: TenantFacts,
  document: { id: string; refNumber: string },
): Promise<{ id: string; number: string }> {
  const year = Number(receivedOn.slice(0, 4));
  const seq = await allocateNumber(tx, FOI_SERIES, year);
  const number = formatNumber(FOI_NUMBER_TEMPLATE, { seq, year });
  const facts = newFoiFacts(receivedOn);
  const due = nextDue(facts, tf.country);
  const id = newId();
  await foiTrx(tx.trx)
    .insertInto('foi_request')
    .values({
      id,
      tenant_id: tx.tenantId,
      number,
      year,
      channel,
      applicant_name: input.applicantName,
      applicant_contact: input.applicantContact,
      request_text: input.requestText,
      received_on: receivedOn,
      state: facts.state,
      clock_start: facts.clockStart,
      answer_period_days: facts.answerPeriodDays,
      next_due_on: due?.due ?? null,
      next_due_kind: due?.kind ?? null,
      document_id: document.id,
      document_ref: document.refNumber,
      created_by: tx.actor.userId,
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'Dokument',
    objectId: id,
    params: { agenda: 'foi', number, channel, receivedOn, documentRef: document.refNumber },
  });
  return { id, number };
}

const DELIVERY_OF: Record<FoiRequestView['channel'], string> = {
  portal: 'portal',
  email: 'email',
  paper: 'post',
  databox: 'databox',
};

/**
 * The request as the records module registers it (§ 14 of the law counts from the day the office
 * received it, so it must be in the registry journal): the applicant as sender and a PDF of what
 * was asked as the component. Czech, because the request is a Czech office's record.
 */
async function prepareRegistration(
  ctx: AppContext,
  tf: TenantFacts,
  input: NewRequestInput,
  channel: FoiRequestView['channel'],
  receivedOn: IsoDate,
  now: Date,
): Promise<PreparedIncoming> {
  const t = translator('cs');
  const contactIsEmail = input.applicantContact.includes('@');
  const pdf = await renderPdf({
    title: t('foi:record.title'),
    lang: 'cs',
    createdAt: now,
    blocks: [
      { kind: 'title', text: t('foi:record.title') },
      { kind: 'paragraph', text: t('foi:record.law') },
      {
        kind: 'facts',
        rows: [
          [t('foi:record.authority'), tf.name],
          [t('foi:record.applicant'), input.applicantName],
          [t('foi:record.contact'), input.applicantContact],
          [t('foi:record.channel'), t(`foi:channels.${channel}`)],
          [t('foi:record.receivedOn'), formatDate('cs', receivedOn, tf.timeZone)],
        ],
      },
      { kind: 'heading', text: t('foi:record.text') },
      { kind: 'paragraph', text: input.requestText },
    ],
  });
  const today = todayIn(tf.timeZone, now);
  return prepareIncoming(
    ctx,
    {
      channel,
      subject: t('foi:record.subject'),
      // A past day of receipt has no known hour: the registry records its start.
      deliveredAt: receivedOn === today ? now : startOfDayUtc(receivedOn, tf.timeZone),
      deliveryMethod: DELIVERY_OF[channel],
      accessLevel: 'internal',
      sender: {
        kind: 'natural',
        name: input.applicantName,
        email: contactIsEmail ? input.applicantContact : null,
        address: contactIsEmail ? null : input.applicantContact,
      },
      files: [{ filename: t('foi:record.filename'), content: pdf }],
    },
    now,
  );
}

async function publicTenantFacts(ctx: AppContext, tenantId: string): Promise<TenantFacts> {
  const t = await ctx.db
    .selectFrom('tenant')
    .select(['country', 'time_zone', 'name'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!t) throw notFound('The request form');
  return { country: t.country, timeZone: t.time_zone, name: t.name };
}

/**
 * A citizen's request from the portal form: no account; received today. The request and its
 * registered document (with its číslo jednací) commit together.
 */
export async function submitPublicRequest(
  ctx: AppContext,
  tenantId: string,
  input: NewRequestInput,
): Promise<{ id: string; number: string; receivedOn: string; answerDue: string; documentRef: string }> {
  const clean = checkIntake(input);
  const now = ctx.clock.now();
  // The tenant register is public; read it first so the PDF and blob work happen before the
  // transaction (slow work holds no connection).
  const tf = await publicTenantFacts(ctx, tenantId);
  if (tf.country !== 'CZ') throw notFound('The request form');
  const on = todayIn(tf.timeZone, now);
  const prepared = await prepareRegistration(ctx, tf, clean, 'portal', on, now);
  return withTenant(
    ctx.db,
    tenantId,
    { ...PUBLIC_ACTOR, tenantId, label: `public: ${clean.applicantName}`.slice(0, 200) },
    async (tx) => {
      const { document } = await registerPrepared(ctx, tx, prepared);
      const r = await insertRequest(tx, clean, 'portal', on, tf, document);
      return {
        ...r,
        receivedOn: on,
        answerDue: nextDue(newFoiFacts(on), tf.country)!.due,
        documentRef: document.refNumber,
      };
    },
    { now },
  );
}

/**
 * Staff intake of a request that came by e-mail, on paper or to the data box: linked to the
 * document the registry registered (by its číslo jednací), or registered now.
 */
export async function createRequest(
  ctx: AppContext,
  actor: Actor,
  input: StaffRequestInput,
): Promise<FoiRequestView> {
  const tenantId = requireTenant(actor);
  foiPolicy.require(actor, 'foi.handle', { tenantId });
  const clean = checkIntake(input);
  if (!['email', 'paper', 'databox'].includes(input.channel)) {
    throw invalid([{ field: 'channel', message: 'Choose e-mail, paper or data box.' }]);
  }
  const documentRef = (input.documentRef ?? '').trim();
  if (documentRef.length > 50) throw invalid([{ field: 'documentRef', message: 'At most 50 characters.' }]);
  const now = ctx.clock.now();
  const tf = await publicTenantFacts(ctx, tenantId);
  const t = todayIn(tf.timeZone, now);
  let receivedOn: IsoDate = t;
  if (input.receivedOn) {
    if (!isIsoDate(input.receivedOn)) {
      throw invalid([{ field: 'receivedOn', message: 'Enter the date as YYYY-MM-DD.' }]);
    }
    receivedOn = input.receivedOn;
    wrapRule(() => checkReceivedOn(receivedOn, t));
  }
  const prepared = documentRef
    ? null
    : await prepareRegistration(ctx, tf, clean, input.channel, receivedOn, now);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      let document: { id: string; refNumber: string };
      if (prepared) {
        document = (await registerPrepared(ctx, tx, prepared)).document;
      } else {
        const found = await findDocumentByRef(tx, documentRef);
        if (!found) {
          throw invalid([
            {
              field: 'documentRef',
              message: `No registered document has the reference number ${documentRef}.`,
            },
          ]);
        }
        const taken = await foiTrx(tx.trx)
          .selectFrom('foi_request')
          .select('number')
          .where('document_id', '=', found.id)
          .executeTakeFirst();
        if (taken) {
          throw invalid([
            { field: 'documentRef', message: `Document ${documentRef} is already request ${taken.number}.` },
          ]);
        }
        document = found;
      }
      const { id } = await insertRequest(tx, clean, input.channel, receivedOn, tf, document);
      return loadView(tx, tf, id);
    },
    { now },
  );
}

function requireTenant(actor: Actor): string {
  if (!actor.tenantId)
    throw new AppError('forbidden', 'FOI requests belong to a tenant; sign in as its staff.');
  return actor.tenantId;
}

async function loadView(tx: TenantTx, tf: TenantFacts, id: string): Promise<FoiRequestView> {
  const r = await requestQuery(tx).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('The request');
  return toView(r as Row, tf, today(tx, tf));
}

// --- lists and detail -------------------------------------------------------------------------

export const LIST_FILTERS = ['open', 'overdue', 'due-soon', 'closed', 'all'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export async function listRequests(
  ctx: AppContext,
  actor: Actor,
  opts: { filter?: ListFilter; limit?: number } = {},
): Promise<FoiRequestView[]> {
  const tenantId = requireTenant(actor);
  foiPolicy.require(actor, 'foi.read', { tenantId });
  const filter = opts.filter ?? 'open';
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const tf = await tenantFacts(tx);
      const t = today(tx, tf);
      let q = requestQuery(tx);
      if (filter === 'open' || filter === 'overdue' || filter === 'due-soon') {
        q = q.where('next_due_on', 'is not', null);
      }
      if (filter === 'overdue') q = q.where('next_due_on', '<', t);
      if (filter === 'due-soon') {
        q = q
          .where('next_due_on', '>=', t)
          .where(sql<boolean>`next_due_on <= ${t}::date + ${DUE_SOON_DAYS}::int`);
      }
      if (filter === 'closed') q = q.where('next_due_on', 'is', null);
      q =
        filter === 'closed' || filter === 'all'
          ? q.orderBy('received_on', 'desc').orderBy('number', 'desc')
          : q.orderBy('next_due_on').orderBy('number');
      const rows = await q.limit(Math.min(opts.limit ?? 200, 500)).execute();
      return rows.map((r) => toView(r as Row, tf, t));
    },
    { now: ctx.clock.now() },
  );
}

export async function getRequest(ctx: AppContext, actor: Actor, id: string): Promise<FoiRequestDetail> {
  const tenantId = requireTenant(actor);
  foiPolicy.require(actor, 'foi.read', { tenantId });
  if (!isUuid(id)) throw notFound('The request');
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const tf = await tenantFacts(tx);
      const view = await loadView(tx, tf, id);
      return { ...view, remedies: await remedies(tx, id), history: await history(tx, id) };
    },
    { now: ctx.clock.now() },
  );
}

async function remedies(tx: TenantTx, requestId: string): Promise<RemedyView[]> {
  const rows = await foiTrx(tx.trx)
    .selectFrom('foi_remedy')
    .select([
      'id',
      'kind',
      'text',
      'in_time',
      'outcome',
      'decision_text',
      sql<string>`received_on::text`.as('received_on'),
      sql<string | null>`decided_on::text`.as('decided_on'),
    ])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    receivedOn: r.received_on,
    text: r.text,
    inTime: r.in_time,
    outcome: r.outcome,
    decidedOn: r.decided_on,
    decisionText: r.decision_text,
  }));
}

async function history(tx: TenantTx, id: string): Promise<HistoryEntry[]> {
  const rows = await readAudit(tx, { objectType: 'Dokument', objectId: id, limit: 200 });
  return rows.map((e) => ({
    at: e.at,
    actor: e.actorLabel,
    action:
      typeof e.params.action === 'string'
        ? e.params.action
        : e.eventType === 'Zalozeni'
          ? 'create'
          : e.eventType,
  }));
}

// --- actions ------------------------------------------------------------------------------------

/** What a form or API call sends for an action; the fields an action does not use are ignored. */
export interface FoiActionInput {
  action: FoiActionType;
  /** Day of the act (YYYY-MM-DD); defaults to today. */
  on?: string | undefined;
  text?: string | undefined;
  reason?: string | undefined;
  days?: number | undefined;
  answer?: string | undefined;
  decision?: string | undefined;
  amount?: number | undefined;
  outcome?: string | undefined;
  title?: string | undefined;
}

/** Rule refusals become problems a person can act on: 409 for the state, 422 for a field. */
function wrapRule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FoiRuleError) throw ruleProblem(e);
    throw e;
  }
}

const RULE_MESSAGES: Record<string, (p: Record<string, string | number>) => string> = {
  closed: (p) =>
    `The request is closed (state ${p.state}); it can no longer be answered, extended or changed.`,
  wrongState: (p) => `This action is not possible in state ${p.state}.`,
  alreadyExtended: (p) =>
    `The period has already been extended (by ${p.days} days); it may be extended only once.`,
  extensionRange: (p) => `The extension must be 1 to ${p.max} days.`,
  periodEnded: (p) => `The period ended on ${p.date}.`,
  clarifyTooLate: (p) => `Clarification may be asked only within 7 days, i.e. by ${p.date}.`,
  clarificationTooLate: (p) => `The applicant’s 30 days ended on ${p.date}; set the request aside instead.`,
  applicantStillInTime: (p) => `The applicant still has time until ${p.date}.`,
  officeStillInTime: (p) => `The office still has time to answer until ${p.date}.`,
  paymentTooLate: (p) => `The 60 days for payment ended on ${p.date}; set the request aside instead.`,
  required: () => 'This field is required.',
  tooLong: (p) => `At most ${p.max} characters.`,
  future: () => 'The date may not be in the future.',
  beforeStart: (p) => `The date may not be before ${p.date}.`,
  tooOld: () => 'The date is more than a year ago.',
  amountRange: () => 'The amount must be more than 0.',
  invalidChoice: () => 'Choose one of the offered values.',
};

export function ruleProblem(e: FoiRuleError): AppError {
  const message = RULE_MESSAGES[e.code]?.(e.params) ?? e.code;
  const extra = { rule: e.code, ruleParams: e.params };
  if (e.kind === 'conflict') return new AppError('conflict', message, [], extra);
  return new AppError('validation', message, [{ field: e.field ?? 'on', message }], extra);
}

function toAction(input: FoiActionInput, on: IsoDate): FoiAction {
  const s = (v: string | undefined) => v ?? '';
  switch (input.action) {
    case 'ask-clarification':
    case 'clarification-received':
    case 'appeal':
    case 'complaint':
      return { type: input.action, on, text: s(input.text) };
    case 'set-aside':
      return { type: 'set-aside', on, reason: s(input.reason) as SetAsideReason, text: s(input.text) };
    case 'extend':
      return { type: 'extend', on, days: Number(input.days ?? Number.NaN), reason: s(input.reason) };
    case 'provide':
      return { type: 'provide', on, answer: s(input.answer) };
    case 'partially-refuse':
      return { type: 'partially-refuse', on, answer: s(input.answer), decision: s(input.decision) };
    case 'refuse':
      return { type: 'refuse', on, decision: s(input.decision) };
    case 'request-fee':
      return { type: 'request-fee', on, amount: Number(input.amount ?? Number.NaN), text: s(input.text) };
    case 'record-payment':
      return { type: 'record-payment', on };
    case 'decide-remedy':
      return { type: 'decide-remedy', on, outcome: s(input.outcome) as RemedyOutcome, text: s(input.text) };
    case 'publish':
      return { type: 'publish', on, title: s(input.title), text: s(input.text) };
  }
}

const EVENT_OF: Record<FoiActionType, AuditEventType> = {
  'ask-clarification': 'Uprava',
  'clarification-received': 'Uprava',
  'set-aside': 'Vyrizeni',
  extend: 'Uprava',
  provide: 'Vyrizeni',
  'partially-refuse': 'Vyrizeni',
  refuse: 'Vyrizeni',
  'request-fee': 'Uprava',
  'record-payment': 'Uprava',
  appeal: 'Uprava',
  complaint: 'Uprava',
  'decide-remedy': 'Uprava',
  publish: 'Uprava',
};

/** Default title for the published list: the start of the request, which the handler should check. */
function defaultTitle(requestText: string): string {
  const first = requestText.split(/\r?\n/)[0]?.trim() ?? '';
  return first.length > 150 ? `${first.slice(0, 147)}…` : first;
}

/** One state action on a request: the rules decide, then the row, the remedy and the audit entry change together. */
export async function actOnRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: FoiActionInput,
): Promise<FoiRequestView & { late: boolean }> {
  const tenantId = requireTenant(actor);
  foiPolicy.require(actor, 'foi.handle', { tenantId });
  if (!isUuid(id)) throw notFound('The request');
  if (!FOI_ACTIONS.includes(input.action)) throw invalid([{ field: 'action', message: 'Unknown action.' }]);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const tf = await tenantFacts(tx);
      const t = today(tx, tf);
      const row = (await requestQuery(tx).where('id', '=', id).forUpdate().executeTakeFirst()) as
        | Row
        | undefined;
      if (!row) throw notFound('The request');
      let on: IsoDate = t;
      if (input.on) {
        if (!isIsoDate(input.on)) throw invalid([{ field: 'on', message: 'Enter the date as YYYY-MM-DD.' }]);
        on = input.on;
      }
      const action = toAction(input, on);
      const before = factsOf(row);
      const result = wrapRule(() => applyFoiAction(before, action, t, tf.country));
      const f = result.facts;
      const due = nextDue(f, tf.country);
      const patch: Partial<Record<keyof FoiDB['foi_request'], unknown>> = {
        state: f.state,
        clock_start: f.clockStart,
        answer_period_days: f.answerPeriodDays,
        extension_days: f.extensionDays,
        clarification_asked_on: f.clarificationAskedOn,
        fee_requested_on: f.feeRequestedOn,
        outcome: f.outcome,
        outcome_on: f.outcomeOn,
        published_on: f.publishedOn,
        remedy_return_state: f.remedyReturnState,
        next_due_on: due?.due ?? null,
        next_due_kind: due?.kind ?? null,
        updated_at: tx.now,
      };
      const trim = (v: string | undefined) => (v ?? '').trim();
      switch (action.type) {
        case 'ask-clarification':
          patch.clarification_request = trim(action.text);
          break;
        case 'clarification-received':
          patch.clarification_received_on = action.on;
          patch.clarification_text = trim(action.text);
          break;
        case 'set-aside':
          patch.set_aside_reason = action.reason;
          patch.set_aside_text = trim(action.text);
          break;
        case 'extend':
          patch.extension_reason = trim(action.reason);
          break;
        case 'provide':
        case 'partially-refuse':
          patch.answer_text = trim(action.answer);
          if (action.type === 'partially-refuse') patch.decision_text = trim(action.decision);
          // What the public list will show; the handler removes personal data before publishing.
          patch.published_text = trim(action.answer);
          patch.published_title = defaultTitle(row.request_text as string);
          break;
        case 'refuse':
          patch.decision_text = trim(action.decision);
          break;
        case 'request-fee':
          patch.fee_amount = action.amount;
          patch.fee_text = trim(action.text);
          patch.fee_paid_on = null;
          break;
        case 'record-payment':
          patch.fee_paid_on = action.on;
          break;
        case 'publish':
          patch.published_title = trim(action.title);
          patch.published_text = trim(action.text);
          break;
        case 'decide-remedy':
          if (action.outcome === 'granted') {
            // A fresh proceeding: the former answer no longer stands and leaves the public list.
            patch.published_on = null;
          }
          break;
        default:
          break;
      }
      await foiTrx(tx.trx)
        .updateTable('foi_request')
        .set(patch as never)
        .where('id', '=', id)
        .execute();
      if (result.remedy && 'kind' in result.remedy) {
        await foiTrx(tx.trx)
          .insertInto('foi_remedy')
          .values({
            id: newId(),
            tenant_id: tx.tenantId,
            request_id: id,
            kind: result.remedy.kind,
            received_on: action.on,
            text: trim('text' in action ? action.text : ''),
            in_time: result.remedy.inTime,
            created_at: tx.now,
          })
          .execute();
      } else if (result.remedy && 'decided' in result.remedy) {
        const pending = await foiTrx(tx.trx)
          .selectFrom('foi_remedy')
          .select('id')
          .where('request_id', '=', id)
          .where('outcome', 'is', null)
          .orderBy('created_at', 'desc')
          .executeTakeFirstOrThrow();
        await foiTrx(tx.trx)
          .updateTable('foi_remedy')
          .set({
            outcome: result.remedy.decided,
            decided_on: action.on,
            decision_text: trim('text' in action ? action.text : ''),
          })
          .where('id', '=', pending.id)
          .execute();
      }
      await appendAudit(tx, {
        eventType:
          action.type === 'decide-remedy' && action.outcome === 'granted'
            ? 'Otevreni'
            : EVENT_OF[action.type],
        objectType: 'Dokument',
        objectId: id,
        params: {
          agenda: 'foi',
          action: action.type,
          on: action.on,
          from: before.state,
          to: f.state,
          ...(action.type === 'extend' ? { days: action.days } : {}),
          ...(result.late ? { late: true } : {}),
        },
      });
      return { ...(await loadView(tx, tf, id)), late: result.late ?? false };
    },
    { now: ctx.clock.now() },
  );
}

// --- the public list of information provided (§5(3)) --------------------------------------------

export interface PublishedInfo {
  number: string;
  title: string;
  text: string;
  answeredOn: string;
  publishedOn: string;
}

export async function listPublished(
  ctx: AppContext,
  tenantId: string,
  limit = 200,
): Promise<PublishedInfo[]> {
  return withTenant(ctx.db, tenantId, PUBLIC_ACTOR, async (tx) => {
    const rows = await foiTrx(tx.trx)
      .selectFrom('foi_request')
      .select([
        'number',
        'published_title',
        'published_text',
        sql<string>`outcome_on::text`.as('outcome_on'),
        sql<string>`published_on::text`.as('published_on'),
      ])
      .where('published_on', 'is not', null)
      .where('state', 'in', ['provided', 'partially_refused', 'appealed', 'complained'])
      .orderBy('published_on', 'desc')
      .orderBy('number', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      number: r.number,
      title: r.published_title ?? r.number,
      text: r.published_text ?? '',
      answeredOn: r.outcome_on,
      publishedOn: r.published_on,
    }));
  });
}

/** Tenant country: the request form and FOI pages exist only for Czech tenants (zákon 106/1999 Sb.). */
export function foiAvailable(country: string): boolean {
  return country === 'CZ';
}

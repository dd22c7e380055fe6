/**
 * JSON API of FOI requests (`/api/v1/foi-requests`). Routes only translate HTTP to use cases;
 * the services check permissions themselves. Every deadline comes with its explanation, as data
 * and as a sentence in the request's language.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formatExplanation } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Actor } from '../../../platform/db/tenant.js';
import { AppError } from '../../../platform/errors.js';
import type { Locale } from '../../../platform/i18n/index.js';
import { FOI_ACTIONS, FOI_STATES, REMEDY_OUTCOMES, SET_ASIDE_REASONS } from './domain/rules.js';
import {
  actOnRequest,
  createRequest,
  type FoiRequestView,
  getRequest,
  LIST_FILTERS,
  listRequests,
} from './service.js';

const Nullable = <S extends ReturnType<typeof Type.String>>(s: S) => Type.Union([s, Type.Null()]);
const NStr = Nullable(Type.String());
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });

const DeadlineSchema = Type.Object({
  kind: Type.String({
    description: 'answer, clarify-ask, set-aside-inform, clarification, payment, publish, appeal, complaint',
  }),
  party: Type.Enum(['office', 'applicant']),
  start: IsoDate,
  days: Type.Integer(),
  due: IsoDate,
  explanationText: Type.String({ description: 'How the day was computed, in the request’s language' }),
  explanation: Type.Unknown({ description: 'The same as data (platform calendar Explanation)' }),
});

const RequestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'Tracking number, e.g. INF/0007/2026' }),
  channel: Type.Enum(['portal', 'email', 'paper', 'databox']),
  applicantName: Type.String(),
  applicantContact: Type.String(),
  requestText: Type.String(),
  receivedOn: IsoDate,
  state: Type.Enum([...FOI_STATES]),
  clockStart: IsoDate,
  answerPeriodDays: Type.Integer(),
  extensionDays: Type.Union([Type.Integer(), Type.Null()]),
  extensionReason: NStr,
  clarificationAskedOn: NStr,
  clarificationRequest: NStr,
  clarificationReceivedOn: NStr,
  clarificationText: NStr,
  feeAmount: Type.Union([Type.Number(), Type.Null()]),
  feeRequestedOn: NStr,
  feeText: NStr,
  feePaidOn: NStr,
  outcome: NStr,
  outcomeOn: NStr,
  answerText: NStr,
  decisionText: NStr,
  setAsideReason: NStr,
  setAsideText: NStr,
  publishedTitle: NStr,
  publishedText: NStr,
  publishedOn: NStr,
  nextDueOn: NStr,
  nextDueKind: NStr,
  documentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The registered incoming document in the records module',
  }),
  documentRef: Type.Union([Type.String(), Type.Null()], {
    description: 'Its reference number (číslo jednací)',
  }),
  overdue: Type.Boolean(),
  dueSoon: Type.Boolean(),
  deadlines: Type.Array(DeadlineSchema),
  createdAt: DateTime,
});

const CreateBody = Type.Object(
  {
    channel: Type.Enum(['email', 'paper', 'databox']),
    receivedOn: Type.Optional(IsoDate),
    applicantName: Type.String({ maxLength: 200 }),
    applicantContact: Type.String({ maxLength: 500, description: 'E-mail or postal address' }),
    requestText: Type.String({ maxLength: 20000 }),
    documentRef: Type.Optional(
      Type.String({
        maxLength: 50,
        description:
          'Reference number (číslo jednací) of the document the registry already registered; without it the request is registered as a new incoming document',
      }),
    ),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    action: Type.Enum([...FOI_ACTIONS]),
    on: Type.Optional(IsoDate),
    text: Type.Optional(Type.String({ maxLength: 20000 })),
    reason: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: `extend: the reason; set-aside: ${SET_ASIDE_REASONS.join(' | ')}`,
      }),
    ),
    days: Type.Optional(Type.Integer({ description: 'extend: 1–10' })),
    answer: Type.Optional(Type.String({ maxLength: 20000 })),
    decision: Type.Optional(Type.String({ maxLength: 20000 })),
    amount: Type.Optional(Type.Number({ description: 'request-fee: CZK' })),
    outcome: Type.Optional(Type.Enum([...REMEDY_OUTCOMES])),
    title: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
const P401 = { 401: problem('Not signed in') };
const P403 = { 403: problem('Not allowed (handler or head only)') };
const P404 = { 404: problem('Not found (or belongs to another tenant)') };
const P422 = { 422: problem('Invalid data; `errors` lists the fields') };
const P409 = {
  409: problem('The request’s state does not allow this (e.g. answered after close, extended twice)'),
};

function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

function toJson(r: FoiRequestView, locale: Locale) {
  const { deadlines, ...rest } = r;
  return {
    ...rest,
    deadlines: deadlines.map((d) => ({
      kind: d.kind,
      party: d.party,
      start: d.deadline.start,
      days: d.deadline.days,
      due: d.deadline.due,
      explanationText: formatExplanation(d.deadline.explanation, locale),
      explanation: d.deadline.explanation,
    })),
  };
}

export function foiApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['foi'];
  const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

  r.get(
    '/api/v1/foi-requests',
    {
      schema: {
        tags,
        summary: 'List FOI requests (handler’s lists: open, overdue, due-soon, closed, all)',
        security,
        querystring: Type.Object(
          { filter: Type.Optional(Type.Enum([...LIST_FILTERS])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(RequestSchema), ...P401, ...P403 },
      },
    },
    async (request) =>
      (await listRequests(ctx, signedIn(request), { filter: request.query.filter ?? 'open' })).map((x) =>
        toJson(x, request.locale),
      ),
  );

  r.post(
    '/api/v1/foi-requests',
    {
      schema: {
        tags,
        summary: 'Register a request received by e-mail, on paper or to the data box',
        security,
        body: CreateBody,
        response: { 201: RequestSchema, ...P401, ...P403, ...P422 },
      },
    },
    async (request, reply) => {
      const created = await createRequest(ctx, signedIn(request), request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/foi-requests/${created.id}`)
        .send(toJson(created, request.locale));
    },
  );

  r.get(
    '/api/v1/foi-requests/:id',
    {
      schema: {
        tags,
        summary: 'One FOI request with its deadlines',
        security,
        params: IdParams,
        response: { 200: RequestSchema, ...P401, ...P403, ...P404 },
      },
    },
    async (request) => toJson(await getRequest(ctx, signedIn(request), request.params.id), request.locale),
  );

  r.post(
    '/api/v1/foi-requests/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Move a request on: ask-clarification, clarification-received, set-aside, extend, provide, partially-refuse, refuse, request-fee, record-payment, appeal, complaint, decide-remedy, publish',
        security,
        params: IdParams,
        body: ActionBody,
        response: {
          200: Type.Object({ ...RequestSchema.properties, late: Type.Boolean() }),
          ...P401,
          ...P403,
          ...P404,
          ...P409,
          ...P422,
        },
      },
    },
    async (request) => {
      const result = await actOnRequest(ctx, signedIn(request), request.params.id, request.body);
      return { ...toJson(result, request.locale), late: result.late };
    },
  );
}

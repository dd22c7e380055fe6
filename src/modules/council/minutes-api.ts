/**
 * JSON API of the minutes under /api/v1/council: read, write notes, approve (verifiers), make
 * final (secretary), and the list with due dates. The services check permissions and rules.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { MINUTES_STATES } from './domain/minutes.js';
import {
  approveMinutes,
  finaliseMinutes,
  getMinutes,
  listMinutes,
  type MinutesView,
  saveMinutesNotes,
} from './minutes-service.js';
import { registerMaterialInRecords, registerMinutesInRecords } from './records-link.js';

const Id = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() },
  { additionalProperties: true },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
const ERR = {
  401: problem('Not signed in'),
  403: problem('Not allowed: the secretary writes and finalises; only a verifier of the body approves'),
  404: problem('Not found (or belongs to another tenant)'),
  409: problem('Final minutes are frozen; not all verifiers approved; items undecided; meeting not held'),
  422: problem('Invalid data'),
};

const Minutes = Type.Object({
  meetingId: Id,
  bodyCode: Type.String(),
  number: Type.Integer(),
  year: Type.Integer(),
  date: IsoDate,
  due: IsoDate,
  state: Type.Enum([...MINUTES_STATES]),
  final: Type.Boolean(),
  finalAt: Type.Union([DateTime, Type.Null()]),
  pdfSha256: Type.Union([Type.String(), Type.Null()]),
  digest: Type.String({ description: 'SHA-256 of the current content: what an approval covers' }),
  verifiers: Type.Array(
    Type.Object({
      memberId: Id,
      name: Type.String(),
      approvedAt: Type.Union([DateTime, Type.Null()]),
      current: Type.Boolean(),
    }),
  ),
  blockers: Type.Array(Type.String()),
  notes: Type.Record(Type.String(), Type.String()),
  doc: Type.Unknown({ description: 'The content of the minutes (attendance, agenda, votes, resolutions)' }),
});

const MinutesSummary = Type.Object({
  meetingId: Id,
  bodyCode: Type.String(),
  number: Type.Integer(),
  year: Type.Integer(),
  date: IsoDate,
  due: IsoDate,
  state: Type.Enum([...MINUTES_STATES]),
});

const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
const IdParams = Type.Object({ id: Id });

function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

const out = (m: MinutesView) => ({
  meetingId: m.meetingId,
  bodyCode: m.bodyCode,
  number: m.number,
  year: m.year,
  date: m.date,
  due: m.due,
  state: m.state,
  final: m.final,
  finalAt: m.finalAt,
  pdfSha256: m.pdfSha256,
  digest: m.digest,
  verifiers: m.verifiers.map((v) => ({
    memberId: v.memberId,
    name: v.name,
    approvedAt: v.approvedAt,
    current: v.current,
  })),
  blockers: m.blockers,
  notes: m.notes,
  doc: m.doc,
});

export function councilMinutesApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['council'];

  r.get(
    '/api/v1/council/minutes',
    {
      schema: {
        tags,
        summary: 'Every meeting with the due date and state of its minutes (overdue, final …)',
        security,
        response: { 200: Type.Array(MinutesSummary), 401: ERR[401], 403: ERR[403] },
      },
    },
    async (q) => listMinutes(ctx, signedIn(q)),
  );
  r.get(
    '/api/v1/council/meetings/:id/minutes',
    {
      schema: {
        tags,
        summary: 'The minutes of a meeting (draft or final)',
        security,
        params: IdParams,
        response: { 200: Minutes, ...ERR },
      },
    },
    async (q) => out(await getMinutes(ctx, signedIn(q), q.params.id)),
  );
  r.put(
    '/api/v1/council/meetings/:id/minutes',
    {
      schema: {
        tags,
        summary: 'Write the opening, closing and discussion notes per item (secretary; draft only)',
        security,
        params: IdParams,
        body: Type.Object(
          {
            opening: Type.Optional(Type.String({ maxLength: 20_000 })),
            closing: Type.Optional(Type.String({ maxLength: 20_000 })),
            notes: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 20_000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Minutes, ...ERR },
      },
    },
    async (q) => out(await saveMinutesNotes(ctx, signedIn(q), q.params.id, q.body)),
  );
  r.post(
    '/api/v1/council/meetings/:id/minutes/approve',
    {
      schema: {
        tags,
        summary: 'Approve the current text as a verifier (ověřovatel) of the body',
        security,
        params: IdParams,
        response: { 200: Minutes, ...ERR },
      },
    },
    async (q) => out(await approveMinutes(ctx, signedIn(q), q.params.id)),
  );
  r.post(
    '/api/v1/council/meetings/:id/minutes/final',
    {
      schema: {
        tags,
        summary: 'Make the minutes final: PDF stored, its SHA-256 in the audit chain, meeting frozen',
        security,
        params: IdParams,
        response: { 200: Minutes, ...ERR },
      },
    },
    async (q) => out(await finaliseMinutes(ctx, signedIn(q), q.params.id)),
  );
  const Link = Type.Object({ documentId: Id, refNumber: Type.String() });
  r.post(
    '/api/v1/council/meetings/:id/minutes/records',
    {
      schema: {
        tags,
        summary:
          'Register the final minutes (their stored PDF) in records management as an internal document',
        security,
        params: IdParams,
        response: { 200: Link, ...ERR },
      },
    },
    async (q) => registerMinutesInRecords(ctx, signedIn(q), q.params.id),
  );
  r.post(
    '/api/v1/council/materials/:id/records',
    {
      schema: {
        tags,
        summary: 'Register a material (PDF of its current texts, with its attachments) in records management',
        security,
        params: IdParams,
        response: { 200: Link, ...ERR },
      },
    },
    async (q) => registerMaterialInRecords(ctx, signedIn(q), q.params.id),
  );
}

/**
 * JSON API of the meeting proceedings under /api/v1/council (OpenAPI tag `council`): members'
 * e-mail, the meeting's start time, invitations and the public notice, links between
 * resolutions, counter-proposals and amendments with their votes, task reports and closing,
 * and the "kontrola plnění usnesení" report. The services check permissions and rules.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition, receiveUpload } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import {
  getAnnouncement,
  postMeetingNotice,
  sendInvitations,
  setMemberEmail,
  setStartTime,
} from './announce-service.js';
import { VERBS } from './domain/material.js';
import { getResolutionLinks } from './links-service.js';
import { addMotion, getItemMotions, type MotionInput, voteOnMotion } from './motions-service.js';
import {
  addReportFile,
  addTaskReport,
  closeTask,
  getReportFile,
  getTask,
  getTaskReport,
} from './tasks-service.js';

const Id = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
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
  403: problem('Not allowed (the secretary runs meetings and follows up tasks)'),
  404: problem('Not found (or belongs to another tenant)'),
  409: problem(
    'Conflicts with the state: mail not configured, notice posted already, not the motion due, task closed …',
  ),
  422: problem(
    'Invalid data: fewer than 7 days before the meeting, a bad resolution reference, a missing reason …',
  ),
};
const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
const IdParams = Type.Object({ id: Id });
const View = (description: string) => Type.Object({}, { additionalProperties: true, description });

const Clause = Type.Object(
  {
    verb: Type.Enum([...VERBS]),
    text: Type.String({ maxLength: 10_000 }),
    responsible: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    due: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    ref: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  },
  { additionalProperties: false },
);
const VoteBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('named'),
      ballots: Type.Array(
        Type.Object(
          { memberId: Id, choice: Type.Enum(['for', 'against', 'abstain', 'not_voting']) },
          { additionalProperties: false },
        ),
        { maxItems: 999 },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('aggregate'),
      for: Type.Integer(),
      against: Type.Integer(),
      abstain: Type.Integer(),
      notVoting: Type.Integer(),
    },
    { additionalProperties: false },
  ),
]);
const MotionBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('counter'),
      proposer: Type.String({ maxLength: 200 }),
      clauses: Type.Array(Clause, { maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('amendment'),
      proposer: Type.String({ maxLength: 200 }),
      change: Type.Object(
        {
          clauseIndex: Type.Union([
            Type.Integer({ description: '0-based clause of the draft' }),
            Type.Null(),
          ]),
          clause: Type.Union([Clause, Type.Null()]),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);

function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

export function councilProceedingsApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['council'];
  const route = <E extends object>(summary: string, extra: E) => ({
    schema: { tags, summary, security, ...extra, response: { 200: View(summary), ...ERR } },
  });

  r.put(
    '/api/v1/council/members/:id/email',
    route('Set or clear the e-mail address a member gets invitations at', {
      params: IdParams,
      body: Type.Object(
        { email: Nullable(Type.String({ maxLength: 254 })) },
        { additionalProperties: false },
      ),
    }),
    async (q) => setMemberEmail(ctx, signedIn(q), q.params.id, q.body.email),
  );
  r.get(
    '/api/v1/council/meetings/:id/announcement',
    route('Invitations per member (sent/failed) and the public notice of a meeting', { params: IdParams }),
    async (q) => getAnnouncement(ctx, signedIn(q), q.params.id),
  );
  r.put(
    '/api/v1/council/meetings/:id/start-time',
    route('Set the start time of a meeting (HH:MM)', {
      params: IdParams,
      body: Type.Object({ startTime: Type.String({ maxLength: 5 }) }, { additionalProperties: false }),
    }),
    async (q) => setStartTime(ctx, signedIn(q), q.params.id, q.body.startTime),
  );
  r.post(
    '/api/v1/council/meetings/:id/invitations',
    route('Queue the invitations with the agenda by e-mail (again: the failed ones and new members)', {
      params: IdParams,
      body: Type.Optional(
        Type.Object(
          { startTime: Type.Optional(Nullable(Type.String({ maxLength: 5 }))) },
          { additionalProperties: false },
        ),
      ),
    }),
    async (q) => sendInvitations(ctx, signedIn(q), q.params.id, q.body ?? {}),
  );
  r.post(
    '/api/v1/council/meetings/:id/notice',
    route('Post the public notice of an assembly meeting on the notice board (at least 7 days ahead)', {
      params: IdParams,
      body: Type.Optional(
        Type.Object(
          {
            postingDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
            startTime: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
          },
          { additionalProperties: false },
        ),
      ),
    }),
    async (q) => postMeetingNotice(ctx, signedIn(q), q.params.id, q.body ?? {}),
  );
  r.get(
    '/api/v1/council/resolutions/:id/links',
    route('What a resolution revokes or amends, and what revoked or amended it', { params: IdParams }),
    async (q) => getResolutionLinks(ctx, signedIn(q), q.params.id),
  );
  r.get(
    '/api/v1/council/items/:id/motions',
    route('Counter-proposals and amendments of an agenda item, their voting order and what is voted next', {
      params: IdParams,
    }),
    async (q) => getItemMotions(ctx, signedIn(q), q.params.id),
  );
  r.post(
    '/api/v1/council/items/:id/motions',
    route(
      'Record a counter-proposal (whole wording) or an amendment (one clause replaced, deleted or added)',
      {
        params: IdParams,
        body: MotionBody,
      },
    ),
    async (q) => addMotion(ctx, signedIn(q), q.params.id, q.body as MotionInput),
  );
  r.post(
    '/api/v1/council/motions/:id/vote',
    route('Record the vote on the motion due (last counter-proposal first, then amendments)', {
      params: IdParams,
      body: VoteBody,
    }),
    async (q) => voteOnMotion(ctx, signedIn(q), q.params.id, q.body),
  );
  r.get(
    '/api/v1/council/tasks/:id',
    route('A task with its fulfilment reports and proof documents', { params: IdParams }),
    async (q) => getTask(ctx, signedIn(q), q.params.id),
  );
  r.post(
    '/api/v1/council/tasks/:id/reports',
    route('Add a fulfilment report (text, date not in the future)', {
      params: IdParams,
      body: Type.Object(
        { text: Type.String({ maxLength: 10_000 }), date: Type.Optional(Type.Union([IsoDate, Type.Null()])) },
        { additionalProperties: false },
      ),
    }),
    async (q) => addTaskReport(ctx, signedIn(q), q.params.id, q.body),
  );
  r.post(
    '/api/v1/council/tasks/:id/reports/:reportId/files',
    {
      schema: {
        tags,
        summary: 'Attach a proof document to a report (multipart/form-data, field "file")',
        security,
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Id, reportId: Id }),
        response: { 200: View('The task'), ...ERR },
      },
    },
    async (q) => {
      const actor = signedIn(q);
      const upload = await receiveUpload(q, ctx, { field: 'file' });
      return addReportFile(ctx, actor, q.params.id, q.params.reportId, {
        filename: upload.filename,
        blob: upload,
      });
    },
  );
  r.get(
    '/api/v1/council/tasks/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Download a proof document',
        security,
        params: Type.Object({ id: Id, fileId: Id }),
      },
    },
    async (q, reply) => {
      const f = await getReportFile(ctx, signedIn(q), q.params.id, q.params.fileId);
      return reply
        .type(f.record.mime)
        .header('content-disposition', contentDisposition(f.record.filename))
        .header('x-content-type-options', 'nosniff')
        .send(await f.read());
    },
  );
  r.post(
    '/api/v1/council/tasks/:id/close',
    route('Close a task: done (needs a report) or cancelled (needs the reason)', {
      params: IdParams,
      body: Type.Object(
        {
          state: Type.Enum(['done', 'cancelled']),
          reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          date: Type.Optional(Type.Union([IsoDate, Type.Null()])),
        },
        { additionalProperties: false },
      ),
    }),
    async (q) => closeTask(ctx, signedIn(q), q.params.id, q.body),
  );
  r.get(
    '/api/v1/council/meetings/:id/task-report',
    route('"Kontrola plnění usnesení" for a meeting: overdue, open and recently closed tasks of its body', {
      params: IdParams,
    }),
    async (q) => getTaskReport(ctx, signedIn(q), q.params.id),
  );
}

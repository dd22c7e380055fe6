import type { JobHandler } from '../../../platform/module.js';
import { POST_JOB, REMOVE_JOB, runPostJob, runRemoveJob, SWEEP_JOB, sweep } from './service.js';

function idOf(payload: Record<string, unknown>): string {
  const id = payload.noticeId;
  if (typeof id !== 'string') throw new Error('noticeboard job without noticeId');
  return id;
}

function tenantOf(tenantId: string | null): string {
  if (!tenantId) throw new Error('noticeboard job without tenant');
  return tenantId;
}

/** Background work: timed posting and removal, and the daily sweep that catches anything missed. */
export const noticeboardJobs: Record<string, JobHandler> = {
  async [POST_JOB](ctx, job) {
    await runPostJob(ctx, tenantOf(job.tenantId), idOf(job.payload), Number(job.payload.round));
  },
  async [REMOVE_JOB](ctx, job) {
    await runRemoveJob(ctx, tenantOf(job.tenantId), idOf(job.payload));
  },
  async [SWEEP_JOB](ctx) {
    await sweep(ctx);
  },
};

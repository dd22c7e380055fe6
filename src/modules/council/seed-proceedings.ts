/**
 * Demo invitations (issue 4): the next assembly meeting of the demo has its invitations sent, so a
 * newcomer sees the state per member on the announce page. Called from seed.ts.
 */
import { appendAudit } from '../../platform/audit/chain.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { newId } from '../../platform/ids.js';
import { setMemberEmail, setStartTime } from './announce-service.js';
import { pdb } from './proceedings-schema.js';
import { inTenant, loadMeeting } from './service.js';

/** "Jaroslav Ďurčík" → "jaroslav.durcik@<domain>". */
export function demoAddress(name: string, domain: string): string {
  const local = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local}@${domain}`;
}

/**
 * The members' addresses, the start time, and a first round of invitations recorded as sent.
 * The demo has no mail relay, so the round is written as the invitation job records a delivered
 * one (state `sent`, Message-ID, audit `Vypraveno`) instead of going through SMTP; members left
 * without an address show as not invited, and the secretary can still send them a next round.
 */
export async function seedInvitationsSent(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  opts: { startTime: string; domain: string; withoutEmail: number },
): Promise<void> {
  const meeting = await inTenant(ctx, actor, 'council.read', (tx) => loadMeeting(tx, meetingId));
  const invited = meeting.body.members.filter((m) => m.active && m.role !== 'secretary');
  const withEmail = invited.slice(0, Math.max(0, invited.length - opts.withoutEmail));
  for (const m of withEmail) await setMemberEmail(ctx, actor, m.id, demoAddress(m.name, opts.domain));
  await setStartTime(ctx, actor, meetingId, opts.startTime);
  await inTenant(ctx, actor, 'meeting.run', async (tx) => {
    for (const m of withEmail) {
      const id = newId();
      const messageId = `<invitation-${id}-1@samosprava>`;
      await pdb(tx)
        .insertInto('council_invitation')
        .values({
          id,
          tenant_id: tx.tenantId,
          meeting_id: meetingId,
          member_id: m.id,
          email: demoAddress(m.name, opts.domain),
          state: 'sent',
          round: 1,
          attempts: 1,
          sent_at: tx.now,
          message_id: messageId,
          updated_at: tx.now,
        })
        .execute();
      await appendAudit(tx, {
        eventType: 'Vypraveno',
        objectType: 'Zasilka',
        objectId: id,
        params: { council: 'invitationSent', meetingId, messageId },
      });
    }
  });
}

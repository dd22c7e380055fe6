/** Demo FOI requests for Hlučín: one answered and published, one waiting for clarification, one new. */
import { addDays, todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../../platform/db/tenant.js';
import { actOnRequest, createRequest } from './service.js';

export async function seedFoiDemo(ctx: AppContext): Promise<void> {
  const tenant = await ctx.db
    .selectFrom('tenant')
    .select(['id', 'time_zone'])
    .where('slug', '=', 'hlucin')
    .executeTakeFirst();
  if (!tenant) return;
  const user = await withTenant(ctx.db, tenant.id, SYSTEM_ACTOR, ({ trx }) =>
    trx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'roles'])
      .where('username', '=', 'referent')
      .executeTakeFirst(),
  );
  if (!user) return;
  const actor: Actor = {
    userId: user.id,
    label: user.display_name,
    roles: user.roles,
    tenantId: tenant.id,
    kind: 'user',
  };
  const today = todayIn(tenant.time_zone, ctx.clock.now());

  const answered = await createRequest(ctx, actor, {
    channel: 'email',
    receivedOn: addDays(today, -20),
    applicantName: 'Jan Novák',
    applicantContact: 'jan.novak@example.cz',
    requestText:
      'Žádám o sdělení celkových nákladů města na zimní údržbu místních komunikací v zimní sezóně 2024/2025.',
  });
  await actOnRequest(ctx, actor, answered.id, {
    action: 'provide',
    on: addDays(today, -12),
    answer:
      'Celkové náklady na zimní údržbu místních komunikací v sezóně 2024/2025 činily 4 812 350 Kč vč. DPH.\n\nÚdržbu zajišťovaly Technické služby města Hlučína, p. o.',
  });
  await actOnRequest(ctx, actor, answered.id, {
    action: 'publish',
    on: addDays(today, -10),
    title: 'Náklady na zimní údržbu místních komunikací 2024/2025',
    text: 'Celkové náklady na zimní údržbu místních komunikací v sezóně 2024/2025 činily 4 812 350 Kč vč. DPH.\n\nÚdržbu zajišťovaly Technické služby města Hlučína, p. o.',
  });

  const unclear = await createRequest(ctx, actor, {
    channel: 'paper',
    receivedOn: addDays(today, -4),
    applicantName: 'Marie Svobodová',
    applicantContact: 'Opavská 12, 748 01 Hlučín',
    requestText: 'Žádám o kopie smluv uzavřených městem.',
  });
  await actOnRequest(ctx, actor, unclear.id, {
    action: 'ask-clarification',
    on: addDays(today, -2),
    text: 'Upřesněte prosím, o které smlouvy (předmět, období) máte zájem; město uzavírá ročně stovky smluv.',
  });

  await createRequest(ctx, actor, {
    channel: 'email',
    receivedOn: addDays(today, -1),
    applicantName: 'Spolek Přátelé Hlučínska, z. s.',
    applicantContact: 'spolek@pratele-hlucinska.example',
    requestText:
      'Žádáme o zaslání zápisu z jednání komise pro regeneraci městské památkové zóny ze dne 12. 3.',
  });
}

/** Demo pages: Hlučín's 442/2006 tree with plausible text; Przykładowo's BIP with a change in its register. */
import type { AppContext } from '../../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../../platform/db/tenant.js';
import { createFromTemplate, getPage, updatePage } from './service.js';

async function actorOf(ctx: AppContext, slug: string, username: string): Promise<Actor | null> {
  const tenant = await ctx.db.selectFrom('tenant').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!tenant) return null;
  const user = await withTenant(ctx.db, tenant.id, SYSTEM_ACTOR, ({ trx }) =>
    trx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'roles'])
      .where('username', '=', username)
      .executeTakeFirst(),
  );
  if (!user) return null;
  return { userId: user.id, label: user.display_name, roles: user.roles, tenantId: tenant.id, kind: 'user' };
}

async function revise(
  ctx: AppContext,
  actor: Actor,
  slug: string,
  body: string,
  producedBy: string,
  changeNote: string,
) {
  const page = await getPage(ctx, actor.tenantId!, slug);
  await updatePage(ctx, actor, slug, { title: page.title, body, producedBy, changeNote });
}

export async function seedInfoDemo(ctx: AppContext): Promise<void> {
  const hlucin = await actorOf(ctx, 'hlucin', 'deska');
  if (hlucin) {
    await createFromTemplate(ctx, hlucin);
    await revise(
      ctx,
      hlucin,
      'organizacni-struktura',
      'Orgány města: Zastupitelstvo města Hlučína (27 členů), Rada města Hlučína (7 členů), starosta, místostarostové, Městský úřad Hlučín.\n\nMěstský úřad Hlučín:\n- Kancelář tajemníka (podatelna)\n- Odbor výstavby a životního prostředí\n- Odbor finanční\n- Spisovna\n\nMěsto je obcí s rozšířenou působností pro 10 obcí Hlučínska.',
      'Kancelář tajemníka',
      'Doplněny odbory úřadu',
    );
    await revise(
      ctx,
      hlucin,
      'bankovni-spojeni',
      'Číslo účtu: 19-1842031389/0800 (Česká spořitelna, a. s.)\n\nJako variabilní symbol uveďte symbol z platebního výměru; místní poplatky hraďte pod variabilním symbolem poplatníka.',
      'Odbor finanční',
      'Doplněno číslo účtu',
    );
    await revise(
      ctx,
      hlucin,
      'rozpocet',
      'Rozpočet města Hlučína na rok 2026 byl schválen zastupitelstvem dne 11. 12. 2025 jako schodkový: příjmy 512,4 mil. Kč, výdaje 561,9 mil. Kč; schodek je kryt zůstatkem z minulých let.\n\nStřednědobý výhled rozpočtu na roky 2027–2029 a závěrečný účet za rok 2025 jsou zveřejněny na úřední desce.',
      'Odbor finanční',
      'Rozpočet 2026',
    );
  }
  const gmina = await actorOf(ctx, 'przykladowo', 'admin');
  if (gmina) {
    await createFromTemplate(ctx, gmina);
    await revise(
      ctx,
      gmina,
      'struktura-organizacyjna',
      'Organy gminy: Rada Gminy Przykładowo (15 radnych) i Wójt Gminy.\n\nUrząd Gminy:\n- Referat Organizacyjny\n- Referat Finansowy\n- Referat Budownictwa i Ochrony Środowiska\n- Urząd Stanu Cywilnego',
      'Sekretarz Gminy',
      'Uzupełniono referaty urzędu',
    );
    await revise(
      ctx,
      gmina,
      'rachunek-bankowy',
      'Bank Spółdzielczy w Przykładowie\n\nNumer rachunku: 12 3456 0000 0000 0000 0000 0001',
      'Referat Finansowy',
      'Podano numer rachunku',
    );
  }
}

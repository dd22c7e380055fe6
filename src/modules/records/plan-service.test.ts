import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXml } from '../../platform/audit/xsd.js';
import { withTenant } from '../../platform/db/tenant.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import {
  addGroup,
  addRegime,
  createPlanVersion,
  exportPlanXml,
  getFilePlan,
  importPlanXml,
  listPlanVersions,
  seedDefaultPlan,
} from './plan-service.js';
import { rtx } from './schema.js';

let ctx: TestContext;
let tenantId: string;
let otherTenant: string;
let manager: ReturnType<typeof actorFor>;
let handler: ReturnType<typeof actorFor>;
let otherManager: ReturnType<typeof actorFor>;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T10:00:00Z') });
  fastHashing(ctx);
  tenantId = await addTenant(ctx, 'plan-a');
  otherTenant = await addTenant(ctx, 'plan-b');
  manager = actorFor(await addUser(ctx, tenantId, 'spisovna', ['records_manager']));
  handler = actorFor(await addUser(ctx, tenantId, 'referent', ['handler']));
  otherManager = actorFor(await addUser(ctx, otherTenant, 'spisovna', ['records_manager']));
  await seedDefaultPlan(ctx, manager, tenantId);
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

describe('file plan', () => {
  it('seeds a tree with derived fully qualified codes and A/S regimes', async () => {
    const plan = (await getFilePlan(ctx, handler, tenantId))!;
    expect(plan.plan.version).toBe(1);
    const codes = plan.groups.map((g) => g.fullCode);
    expect(codes.slice(0, 5)).toEqual(['1', '1.1', '1.2', '1.3', '1.4']);
    const building = plan.groups.find((g) => g.fullCode === '3.1')!;
    expect(building.title).toBe('Stavební povolení');
    expect(building.regime).toMatchObject({ mark: 'A', period: 10, trigger: 'closing' });
    expect(plan.groups.find((g) => g.fullCode === '2.2')!.numbering).toBe('sberny_arch');
  });

  it('refuses V for a new regime, duplicate codes and unknown parents', async () => {
    await expect(
      addRegime(ctx, manager, tenantId, {
        identifier: 'V5',
        name: 'x',
        justification: 'y',
        mark: 'V',
        period: 5,
        trigger: 'closing',
      }),
    ).rejects.toMatchObject({ code: 'validation', fields: [{ field: 'mark' }] });
    const plan = (await getFilePlan(ctx, manager, tenantId))!;
    const parent = plan.groups.find((g) => g.fullCode === '1')!;
    await expect(
      addGroup(ctx, manager, tenantId, { parentId: parent.id, code: '1', title: 'Dup' }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'code', message: expect.stringContaining('1.1') }],
    });
    await expect(
      addGroup(ctx, otherManager, otherTenant, { parentId: parent.id, code: '9', title: 'Foreign parent' }),
    ).rejects.toMatchObject({ code: 'conflict' }); // the other tenant has no plan at all
  });

  it('lets only the records manager change the plan', async () => {
    await expect(addGroup(ctx, handler, tenantId, { code: '9', title: 'X' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(addGroup(ctx, otherManager, tenantId, { code: '9', title: 'X' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('exports XML valid against nsesss-plan.xsd and imports it back unchanged as a new version', async () => {
    const { xml } = await exportPlanXml(ctx, manager, tenantId);
    expect(await validateXml(xml, 'nsesss-plan')).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<PlneUrcenySpisovyZnak>3.1</PlneUrcenySpisovyZnak>');
    const before = (await getFilePlan(ctx, manager, tenantId))!;
    const imported = await importPlanXml(ctx, otherManager, otherTenant, xml);
    const shape = (p: typeof before) =>
      p.groups.map((g) => [
        g.fullCode,
        g.title,
        g.numbering,
        g.regime && { ...g.regime, id: undefined, planId: undefined },
      ]);
    expect(shape(imported)).toEqual(shape(before));
    expect(imported.regimes.map((r) => r.identifier).sort()).toEqual(
      before.regimes.map((r) => r.identifier).sort(),
    );
    // and the imported plan exports to the same XML shape again
    const again = await exportPlanXml(ctx, otherManager, otherTenant);
    expect(await validateXml(again.xml, 'nsesss-plan')).toMatchObject({ valid: true });
  });

  it.each([
    ['not XML at all', 'hello', /nsesss-plan.xsd/],
    [
      'XSD-invalid (no groups)',
      '<SpisovyPlan xmlns="http://www.mvcr.cz/nsesss/v4" ID="x"><Nazev>x</Nazev></SpisovyPlan>',
      /nsesss-plan.xsd/,
    ],
  ])('refuses a broken file (%s) and imports nothing', async (_name, xml, message) => {
    const versions = await listPlanVersions(ctx, manager, tenantId);
    await expect(importPlanXml(ctx, manager, tenantId, xml)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(message),
    });
    expect(await listPlanVersions(ctx, manager, tenantId)).toEqual(versions);
  });

  it('refuses an XSD-valid plan that uses mark V or a wrong full code, naming the group', async () => {
    const { xml } = await exportPlanXml(ctx, manager, tenantId);
    const withV = xml.replace('<SkartacniZnak>S</SkartacniZnak>', '<SkartacniZnak>V</SkartacniZnak>');
    expect((await validateXml(withV, 'nsesss-plan')).valid).toBe(true);
    const versions = await listPlanVersions(ctx, manager, tenantId);
    await expect(importPlanXml(ctx, manager, tenantId, withV)).rejects.toMatchObject({
      fields: expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('V is not allowed') }),
      ]),
    });
    const wrongCode = xml.replace(
      '<PlneUrcenySpisovyZnak>3.1</PlneUrcenySpisovyZnak>',
      '<PlneUrcenySpisovyZnak>3/1</PlneUrcenySpisovyZnak>',
    );
    await expect(importPlanXml(ctx, manager, tenantId, wrongCode)).rejects.toMatchObject({
      fields: [{ field: 'group 3/1', message: expect.stringContaining('"3.1"') }],
    });
    expect(await listPlanVersions(ctx, manager, tenantId)).toEqual(versions);
  });

  it('a new version copies the groups; the old version keeps its own rows for entities classified under it', async () => {
    const old = (await getFilePlan(ctx, manager, tenantId))!;
    const v2 = await createPlanVersion(ctx, manager, tenantId, {
      identifier: 'SP-2027',
      name: 'Plán 2027',
      validFrom: '2027-01-01',
    });
    expect(v2.version).toBe(old.plan.version + 1);
    const current = (await getFilePlan(ctx, manager, tenantId))!;
    expect(current.groups.map((g) => g.fullCode)).toEqual(old.groups.map((g) => g.fullCode));
    expect(current.groups[0]!.id).not.toBe(old.groups[0]!.id);
    const oldAgain = (await getFilePlan(ctx, manager, tenantId, old.plan.id))!;
    expect(oldAgain.plan.validTo).toBe('2027-01-01');
    expect(oldAgain.groups).toEqual(old.groups);
    await expect(
      createPlanVersion(ctx, manager, tenantId, {
        identifier: 'X',
        name: 'Backdated',
        validFrom: '2020-01-01',
      }),
    ).rejects.toMatchObject({ fields: [{ field: 'validFrom' }] });
  });

  it('audits plan changes with NSESSS codes', async () => {
    const events = await withTenant(ctx.db, tenantId, manager, (tx) =>
      rtx(tx).selectFrom('audit_event').select(['event_type', 'object_type']).execute(),
    );
    const kinds = new Set(events.map((e) => `${e.event_type}/${e.object_type}`));
    for (const k of [
      'Zalozeni/SpisovyPlan',
      'Zalozeni/SkartacniRezim',
      'Zalozeni/VecnaSkupina',
      'Export/SpisovyPlan',
    ])
      expect(kinds).toContain(k);
  });
});

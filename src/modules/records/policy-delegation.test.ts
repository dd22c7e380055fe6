import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/db/tenant.js';
import { canHandle, canSeeDocument, canSeeFile } from './policy.js';

const T = 'tenant-a';
const unitOv = 'unit-ov';
const absent = 'user-absent';
const standIn = 'user-stand-in';
const user = (id: string, roles: string[], tenantId = T): Actor => ({
  userId: id,
  label: id,
  roles,
  tenantId,
  kind: 'user',
});
const doc = { tenantId: T, handlerId: absent, orgUnitId: unitOv };

describe('stand-ins (zastupování) in the policy', () => {
  it.each<[string, Actor, string | null, string[], boolean, boolean]>([
    // name, actor, actor's unit, stands in for, sees, handles
    ['the absent handler themselves', user(absent, ['handler']), unitOv, [], true, true],
    ['the stand-in during the absence', user(standIn, ['handler']), 'unit-kt', [absent], true, true],
    ['the stand-in outside the range', user(standIn, ['handler']), 'unit-kt', [], false, false],
    ['the stand-in of someone else', user(standIn, ['handler']), 'unit-kt', ['user-other'], false, false],
    [
      'a stand-in who lost the handler role',
      user(standIn, ['registry_clerk']),
      'unit-kt',
      [absent],
      true,
      false,
    ],
    [
      'a stand-in who is no handler at all',
      user(standIn, ['council_member']),
      'unit-kt',
      [absent],
      false,
      false,
    ],
    [
      'a stand-in of another tenant',
      user(standIn, ['handler'], 'tenant-b'),
      'unit-kt',
      [absent],
      false,
      false,
    ],
    ['the head of the unit (no stand-in needed)', user('user-head', ['head']), unitOv, [], true, true],
  ])('%s', (_name, actor, unit, reach, sees, handles) => {
    expect(canSeeDocument(actor, unit, doc, reach)).toBe(sees);
    expect(canHandle(actor, unit, doc, reach)).toBe(handles);
  });

  it('a file: seen by the stand-in when the absent handler handles it or one of its documents', () => {
    const a = user(standIn, ['handler']);
    const file = { tenantId: T, handlerId: 'user-other', orgUnitId: unitOv, handlesAMember: false };
    expect(canSeeFile(a, null, { ...file, handlerId: absent }, [absent])).toBe(true);
    expect(canSeeFile(a, null, file, [absent])).toBe(false);
    expect(canSeeFile(a, null, { ...file, handlesAMember: true }, [absent])).toBe(true);
    expect(canHandle(a, null, file, [absent])).toBe(false);
  });

  it('is not transitive: the stand-in of a stand-in gets nothing of the first absent handler', () => {
    const third = user('user-third', ['handler']);
    // user-third stands in for the stand-in only; the document is the absent handler's.
    expect(canSeeDocument(third, null, doc, [standIn])).toBe(false);
  });
});

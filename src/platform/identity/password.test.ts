import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  hashPassword,
  isCommonPassword,
  needsRehash,
  PRODUCTION_SCRYPT,
  parseHash,
  TEST_SCRYPT,
  verifyPassword,
} from './password.js';

describe('password policy', () => {
  it.each([
    // [password, username, broken rules]
    ['Modrý kůň 2026!', 'novak', []],
    ['correct horse battery staple', 'novak', []],
    ['Zelená louka u Opavy', 'novak', []],
    ['short1A!', 'novak', ['tooShort']],
    ['', 'novak', ['tooShort']],
    ['abcdefghijklmnop', 'novak', ['oneClass']],
    ['ABCDEFGHIJKLMNOP', 'novak', ['oneClass']],
    ['1234567890123456', 'novak', ['oneClass']],
    ['ěščřžýáíéůúěščř', 'novak', ['oneClass']],
    ['qwertyuiop123', 'novak', ['common']],
    ['Password2024!!', 'novak', ['common']],
    ['1qaz2wsx3edc', 'novak', ['common']],
    ['QWERTY123456', 'novak', ['common']],
    ['novak-je-nejlepsi', 'novak', ['containsUsername']],
    ['Jan.Novak.2026', 'jan.novak', ['containsUsername']],
    ['jo is a great name 7', 'jo', []],
    ['aB3'.repeat(70), 'novak', ['passwordTooLong']],
  ])('%j for user %s breaks %j', (password, username, rules) => {
    expect(checkPassword(password, { username }).map((i) => i.code)).toEqual(rules);
  });

  it('reports every broken rule with a field and an English message', () => {
    const issues = checkPassword('novak', { username: 'novak', field: 'newPassword' });
    expect(issues.map((i) => i.code)).toEqual(['tooShort', 'oneClass', 'containsUsername']);
    for (const i of issues) {
      expect(i.field).toBe('newPassword');
      expect(i.message.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['password', true],
    ['PASSWORD', true],
    ['dragon', true],
    ['Dragon2024!', true],
    ['!!monkey99', true],
    ['Modrý kůň 2026!', false],
    ['x7#Kq!Lm2pZr', false],
  ])('common password list: %s → %s', (pw, common) => {
    expect(isCommonPassword(pw)).toBe(common);
  });
});

describe('password hashing', () => {
  it('stores scrypt with its parameters and salt, and verifies', async () => {
    const h = await hashPassword('Modrý kůň 2026!', TEST_SCRYPT);
    expect(h).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword(h, 'Modrý kůň 2026!')).toBe(true);
    expect(await verifyPassword(h, 'Modrý kůň 2026?')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
  });

  it('salts every hash differently', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password 1', TEST_SCRYPT),
      hashPassword('same password 1', TEST_SCRYPT),
    ]);
    expect(a).not.toBe(b);
  });

  it('treats composed and decomposed Unicode the same (NFC)', async () => {
    const h = await hashPassword('Kůň na louce 1', TEST_SCRYPT);
    expect(await verifyPassword(h, 'Ku\u030An\u030C na louce 1')).toBe(true);
  });

  it('verifies with the parameters stored in the hash, so they can be raised later', async () => {
    const old = await hashPassword('Modrý kůň 2026!', { ln: 11, r: 8, p: 1 });
    expect(parseHash(old)?.params).toEqual({ ln: 11, r: 8, p: 1 });
    expect(await verifyPassword(old, 'Modrý kůň 2026!')).toBe(true);
    expect(needsRehash(old, PRODUCTION_SCRYPT)).toBe(true);
    expect(needsRehash(old, { ln: 11, r: 8, p: 1 })).toBe(false);
  });

  it('production parameters are memory-hard: N ≥ 2^15, r ≥ 8', () => {
    expect(PRODUCTION_SCRYPT.ln).toBeGreaterThanOrEqual(15);
    expect(PRODUCTION_SCRYPT.r).toBeGreaterThanOrEqual(8);
    expect(PRODUCTION_SCRYPT.p).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['', 'empty'],
    ['plain text', 'not PHC'],
    ['$argon2id$v=19$m=65536,t=3,p=4$abc$def', 'other algorithm'],
    ['$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g', 'absurd cost'],
    ['$scrypt$ln=16,r=8,p=1$$aGFzaGhhc2hoYXNoaGFzaGhhc2g', 'no salt'],
  ])('refuses a malformed stored hash (%s: %s) without throwing', async (stored) => {
    expect(parseHash(stored)).toBeNull();
    expect(await verifyPassword(stored, 'anything at all')).toBe(false);
  });
});

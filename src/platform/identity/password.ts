/**
 * Password hashing (scrypt, memory-hard) and the password policy.
 *
 * Stored form, PHC-style, so parameters can be raised later without breaking old hashes:
 *   `$scrypt$ln=16,r=8,p=1$<salt base64>$<hash base64>`   (N = 2^ln)
 * A successful sign-in re-hashes a password whose parameters are below the current ones.
 *
 * Cost of the production parameters (N=2^16, r=8, p=1: 64 MiB per hash), measured on the
 * development machine (2 cores, Node 20): ~310 ms per hash; N=2^15 took ~166 ms, N=2^17 ~810 ms.
 * The async `crypto.scrypt` runs on libuv's thread pool, so the event loop stays free.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { AppContext } from '../context.js';
import type { FieldError } from '../errors.js';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const PRODUCTION_SCRYPT: Readonly<ScryptParams> = Object.freeze({ ln: 16, r: 8, p: 1 });
/** ~1 MiB, ~2 ms: for tests only (see useTestHashing). */
export const TEST_SCRYPT: Readonly<ScryptParams> = Object.freeze({ ln: 10, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses by default above 32 MiB; allow what the parameters need plus slack.
  const maxmem = 128 * N * params.r * params.p + 128 * params.r * 1024 + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keylen, { N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = PRODUCTION_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const PHC_RE = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Parses a stored hash; null for anything malformed or with parameters outside sane bounds. */
export function parseHash(encoded: string): Parsed | null {
  const m = PHC_RE.exec(encoded);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // A corrupted row must not make one sign-in allocate gigabytes.
  if (params.ln < 10 || params.ln > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16)
    return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { params, salt, key };
}

export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash uses weaker parameters than `target` (re-hash on next sign-in). */
export function needsRehash(encoded: string, target: ScryptParams): boolean {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  const p = parsed.params;
  return p.ln < target.ln || p.r < target.r || p.p < target.p;
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a random password with the given parameters: unknown users are checked against it,
 * so "no such user" costs the same time as "wrong password".
 */
export function dummyHash(params: ScryptParams): Promise<string> {
  const key = `${params.ln},${params.r},${params.p}`;
  let h = dummyHashes.get(key);
  if (!h) {
    h = hashPassword(randomBytes(18).toString('base64'), params);
    dummyHashes.set(key, h);
  }
  return h;
}

// --- per-context parameters -------------------------------------------------------------------

const contextParams = new WeakMap<object, ScryptParams>();

/** The parameters new hashes get in this app context: the production ones unless a test lowered them. */
export function hashParamsFor(ctx: AppContext): ScryptParams {
  return contextParams.get(ctx) ?? PRODUCTION_SCRYPT;
}

/**
 * Makes hashing cheap for one test context (hundreds of sign-ins would otherwise take minutes).
 * Refuses to run outside vitest, so production can never be switched to weak parameters.
 */
export function useTestHashing(ctx: AppContext, params: ScryptParams = TEST_SCRYPT): void {
  if (!process.env.VITEST) throw new Error('useTestHashing() is for tests only');
  contextParams.set(ctx, params);
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}

// --- policy -----------------------------------------------------------------------------------

/**
 * The password policy, kept short on purpose (NIST SP 800-63B style: length over composition):
 *  - at least 12 characters (Unicode code points), at most 200;
 *  - not made of one character class only (classes: lower-case letters, upper-case letters,
 *    digits, anything else incl. spaces) — so a passphrase of words and spaces is fine;
 *  - not a common password (the zxcvbn-ts list of ~49,000), compared case-insensitively, also
 *    after removing digits and symbols from both ends ("Password2024!" counts as "password");
 *  - not the user name, and not containing it (user names of 3+ characters).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordRule = 'tooShort' | 'passwordTooLong' | 'oneClass' | 'common' | 'containsUsername';

export interface PasswordIssue extends FieldError {
  code: PasswordRule;
}

const RULE_MESSAGES: Record<PasswordRule, string> = {
  tooShort: `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`,
  passwordTooLong: `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`,
  oneClass: 'The password must mix at least two kinds of characters (lower-case, upper-case, digits, other).',
  common: 'This password is among the commonly used ones; choose another.',
  containsUsername: 'The password must not contain the user name.',
};

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const set = commonPasswords();
  if (set.has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core.length >= 4 && set.has(core);
}

function characterClasses(password: string): number {
  let n = 0;
  if (/\p{Ll}/u.test(password)) n++;
  if (/\p{Lu}/u.test(password)) n++;
  if (/\p{Nd}/u.test(password)) n++;
  if (/[^\p{Ll}\p{Lu}\p{Nd}]/u.test(password)) n++;
  return n;
}

/** Every rule the password breaks (empty when it is acceptable), for field `field`. */
export function checkPassword(
  password: string,
  opts: { username?: string; field?: string } = {},
): PasswordIssue[] {
  const field = opts.field ?? 'password';
  const issues: PasswordIssue[] = [];
  const add = (code: PasswordRule) => issues.push({ field, code, message: RULE_MESSAGES[code] });
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) add('tooShort');
  if (length > PASSWORD_MAX_LENGTH) add('passwordTooLong');
  if (password.length > 0 && characterClasses(password) < 2) add('oneClass');
  if (isCommonPassword(password)) add('common');
  const username = opts.username?.trim().toLowerCase();
  if (username) {
    const lower = password.toLowerCase();
    if (lower === username || (username.length >= 3 && lower.includes(username))) add('containsUsername');
  }
  return issues;
}

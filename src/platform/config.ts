import path from 'node:path';

/** Everything the environment can set, read in one place. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… switches from embedded PGlite to a PostgreSQL server. */
  databaseUrl: string | null;
  /** Upper bound for one uploaded file, in bytes. */
  uploadLimitBytes: number;
  /** Upper bound for a JSON or form body, in bytes. */
  bodyLimitBytes: number;
  /** Trust X-Forwarded-* from a reverse proxy / load balancer. */
  trustProxy: boolean;
  sessionTtlHours: number;
  logLevel: string;
  /** Run the background job worker in this process. */
  runJobs: boolean;
  /** Seed the demo world on an empty database. */
  seedDemo: boolean;
  /** Incoming documents in the demo's past year of Hlučín's records office (0 = none; tests keep 0). */
  seedDemoDocuments: number;
  /** Base URL used in links that leave the request (feeds, exports). */
  publicUrl: string | null;
  /** Port of the SMTP listener for e-mail intake (records); null = not started. */
  smtpIntakePort: number | null;
  smtpIntakeHost: string;
  /** Outgoing mail (records dispatch by e-mail): the relay's host (null = e-mail dispatch not configured), port and From address. */
  smtpOutHost: string | null;
  smtpOutPort: number;
  smtpOutFrom: string | null;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', env.PORT, 3000),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    uploadLimitBytes: int('UPLOAD_LIMIT_MB', env.UPLOAD_LIMIT_MB, 50) * 1024 * 1024,
    bodyLimitBytes: int('BODY_LIMIT_KB', env.BODY_LIMIT_KB, 1024) * 1024,
    trustProxy: bool(env.TRUST_PROXY, false),
    sessionTtlHours: int('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 8),
    logLevel: env.LOG_LEVEL || 'info',
    runJobs: bool(env.RUN_JOBS, true),
    seedDemo: bool(env.SEED_DEMO, true),
    seedDemoDocuments: int('SEED_DEMO_DOCUMENTS', env.SEED_DEMO_DOCUMENTS, 150),
    publicUrl: env.PUBLIC_URL || null,
    smtpIntakePort: env.SMTP_INTAKE_PORT ? int('SMTP_INTAKE_PORT', env.SMTP_INTAKE_PORT, 0) : null,
    smtpIntakeHost: env.SMTP_INTAKE_HOST || env.HOST || '127.0.0.1',
    smtpOutHost: env.SMTP_OUT_HOST || null,
    smtpOutPort: int('SMTP_OUT_PORT', env.SMTP_OUT_PORT, 25),
    smtpOutFrom: env.SMTP_OUT_FROM || null,
  };
}

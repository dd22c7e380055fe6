import { createRequire } from 'node:module';
import type { CompiledQuery, Kysely } from 'kysely';
import pg from 'pg';

/**
 * Marks a query that carries several statements for the client (connect.ts, pglite-dialect.ts)
 * to send in one message: `executePipeline`.
 */
export const PIPELINE_MARK = '/* pipeline */';

/** One statement of a pipeline; `prepared` ones run as named prepared statements (prepared.ts). */
export interface PipelineStep {
  query: CompiledQuery;
  prepared?: boolean;
}

/** What each statement of a pipeline answered. */
export interface StepResult {
  rows: Record<string, unknown>[];
  command: string | null;
  rowCount: number | null;
}

/**
 * Runs statements in order, sent to PostgreSQL as one message (extended protocol, one Sync):
 * one round trip however many there are. On a shared two-core machine a round trip costs both
 * processes a wake-up and a socket write, which made up a third of a registration's CPU
 * (bench/records-intake.ts). The first statement that fails rejects the whole call, and the
 * server skips every statement after it; inside a transaction block the transaction is then
 * aborted, so a COMMIT at the end never runs after a failure. PGlite runs them one by one, with
 * the same outcome.
 */
export async function executePipeline(
  db: Kysely<any>,
  steps: readonly PipelineStep[],
): Promise<StepResult[]> {
  if (!steps.length) return [];
  const result = await db.executeQuery<StepResult>({
    query: steps[0]!.query.query,
    queryId: steps[0]!.query.queryId,
    sql: PIPELINE_MARK,
    parameters: [steps],
  });
  return result.rows;
}

const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

/** The parts of pg's Connection a pipeline writes to and listens on. */
interface Wire {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string>;
  parse(q: { text: string; name: string }): void;
  bind(q: { statement: string; values: unknown[]; portal?: string }): void;
  describe(q: { type: 'P'; name: string }): void;
  execute(q: { portal?: string; rows?: number }): void;
  sync(): void;
  on(event: 'parseComplete', fn: () => void): void;
  removeListener(event: 'parseComplete', fn: () => void): void;
}

type PgResult = InstanceType<typeof pg.Result> & {
  addFields(f: unknown): void;
  parseRow(f: unknown): unknown;
  addRow(r: unknown): void;
  addCommandComplete(m: unknown): void;
};

/**
 * A pg "submittable" (the interface pg-cursor uses): writes Parse (for statements the connection
 * has not prepared yet), Bind, Describe and Execute for every statement, then one Sync, and
 * collects the answers in order. pg hands it the protocol messages while it is the active query.
 */
export class PipelineQuery {
  readonly promise: Promise<{ command: string; rowCount: number; rows: StepResult[] }>;
  private settle!: (err: Error | null) => void;
  private readonly results: StepResult[] = [];
  private current: PgResult | null = null;
  private wire: Wire | null = null;
  private readonly parsing: [string, string][] = [];
  private parsed = 0;
  private error: Error | null = null;
  private done = false;
  private readonly onParsed = () => {
    this.parsed++;
  };

  constructor(
    private readonly statements: { text: string; values: unknown[]; name: string | null }[],
    private readonly types: unknown,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.settle = (err) => {
        if (this.done) return;
        this.done = true;
        this.release();
        if (err) reject(err);
        else resolve({ command: 'PIPELINE', rowCount: this.results.length, rows: this.results });
      };
    });
  }

  submit(connection: Wire): Error | null {
    let values: unknown[][];
    try {
      // Before anything is written: a value pg cannot send must not leave half a pipeline behind.
      values = this.statements.map((s) => s.values.map((v) => prepareValue(v)));
    } catch (e) {
      return e as Error;
    }
    this.wire = connection;
    connection.on('parseComplete', this.onParsed);
    connection.stream.cork();
    try {
      for (const [k, s] of this.statements.entries()) {
        const name = s.name ?? '';
        // A name is parsed once, also when the message runs its statement several times.
        if (
          !name ||
          (connection.parsedStatements[name] === undefined && !this.parsing.some(([n]) => n === name))
        ) {
          connection.parse({ text: s.text, name });
          this.parsing.push([name, s.text]);
        }
        connection.bind({ statement: name, values: values[k]! });
        connection.describe({ type: 'P', name: '' });
        connection.execute({});
      }
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
    return null;
  }

  handleRowDescription(msg: { fields: unknown }): void {
    this.current = new pg.Result(undefined as never, this.types as never) as PgResult;
    this.current.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown }): void {
    if (this.error || !this.current) return;
    try {
      this.current.addRow(this.current.parseRow(msg.fields));
    } catch (e) {
      this.error = e as Error;
    }
  }

  handleCommandComplete(msg: { command?: string; rowCount?: number }): void {
    const r = this.current ?? (new pg.Result(undefined as never, this.types as never) as PgResult);
    r.addCommandComplete(msg);
    const { rows, command, rowCount } = r as unknown as StepResult;
    this.results.push({ rows, command, rowCount });
    this.current = null;
  }

  handleEmptyQuery(): void {
    this.results.push({ rows: [], command: null, rowCount: null });
  }

  handleError(err: Error): void {
    // An error answer is followed by ReadyForQuery once the server reached the Sync; a broken
    // connection is not, so settle now either way (pg's own Query does the same).
    this.error ??= err;
    this.settle(this.error);
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }

  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}

  /** Statements whose Parse the server confirmed are prepared on this connection from now on. */
  private release(): void {
    if (!this.wire) return;
    this.wire.removeListener('parseComplete', this.onParsed);
    // ParseComplete answers come in the order of the Parse messages, up to the first error.
    for (const [name, text] of this.parsing.slice(0, this.parsed))
      if (name) this.wire.parsedStatements[name] = text;
  }
}

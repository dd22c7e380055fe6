/**
 * Migrations of the meeting proceedings beyond the core (own array, appended after
 * councilMigrations): members' e-mail and invitations, the meeting's start time and public
 * notice, links between resolutions (revokes / amends), counter-proposals and amendments with
 * their votes, task closing and fulfilment reports with proof files.
 */
import type { ColumnType, Generated, Transaction } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { CouncilDB } from './schema.js';
import type { CTx } from './service.js';

type Json<T> = ColumnType<T, T | string, T | string>;
type DateCol = ColumnType<string, string, string>;

export const proceedingsMigrations: Migration[] = [
  {
    id: 'council-proceedings-0001',
    sql: `
    ALTER TABLE council_member ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^\\s@]+@[^\\s@]+$');
    ALTER TABLE council_meeting ADD COLUMN start_time text
      CHECK (start_time IS NULL OR start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');

    -- One invitation per member of the meeting's body; a failed one is sent again in a later round.
    CREATE TABLE council_invitation (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      member_id uuid NOT NULL REFERENCES council_member(id),
      email text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued','sent','failed')),
      round integer NOT NULL DEFAULT 1,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sent_at timestamptz,
      message_id text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (meeting_id, member_id)
    );
    ${tenantRls('council_invitation')}

    -- The public notice of a meeting on the notice board (portal), one per meeting.
    CREATE TABLE council_meeting_notice (
      meeting_id uuid PRIMARY KEY REFERENCES council_meeting(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      notice_id uuid NOT NULL,
      board_number text,
      posting_date date NOT NULL,
      removal_date date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid
    );
    ${tenantRls('council_meeting_notice')}

    -- A later resolution (from) revokes or amends an earlier one (to), by one of its clauses.
    CREATE TABLE council_resolution_link (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      from_id uuid NOT NULL REFERENCES council_resolution(id),
      to_id uuid NOT NULL REFERENCES council_resolution(id),
      kind text NOT NULL CHECK (kind IN ('revokes','amends')),
      clause_index integer NOT NULL,
      PRIMARY KEY (from_id, clause_index),
      CHECK (from_id <> to_id)
    );
    CREATE INDEX council_resolution_link_to ON council_resolution_link (to_id);
    -- A resolution is revoked once.
    CREATE UNIQUE INDEX council_resolution_revoked_once ON council_resolution_link (to_id) WHERE kind = 'revokes';
    ${tenantRls('council_resolution_link')}

    -- Counter-proposals and amendments to an agenda item, each with its own vote.
    CREATE TABLE council_motion (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      item_id uuid NOT NULL REFERENCES council_agenda_item(id),
      kind text NOT NULL CHECK (kind IN ('counter','amendment')),
      seq integer NOT NULL CHECK (seq > 0),
      proposer text NOT NULL CHECK (length(proposer) BETWEEN 1 AND 200),
      clauses jsonb,
      change jsonb,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','adopted','rejected','void')),
      vote_kind text CHECK (vote_kind IN ('named','aggregate')),
      present integer,
      votes_for integer,
      against integer,
      abstain integer,
      not_voting integer,
      ballots jsonb,
      voted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (item_id, seq),
      CHECK ((kind = 'counter') = (clauses IS NOT NULL) AND (kind = 'amendment') = (change IS NOT NULL)),
      CHECK ((state IN ('adopted','rejected')) = (voted_at IS NOT NULL))
    );
    CREATE INDEX council_motion_item ON council_motion (item_id);
    ${tenantRls('council_motion')}

    ALTER TABLE council_task ADD COLUMN closed_on date;
    ALTER TABLE council_task ADD COLUMN close_reason text CHECK (close_reason IS NULL OR length(close_reason) <= 2000);
    ALTER TABLE council_task ADD COLUMN closed_by uuid;
    ALTER TABLE council_task ADD CONSTRAINT council_task_closed CHECK ((state = 'open') = (closed_on IS NULL));

    -- Fulfilment reports of a task (plnění), with proof documents in the file store.
    CREATE TABLE council_task_report (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      task_id uuid NOT NULL REFERENCES council_task(id),
      reported_on date NOT NULL,
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid
    );
    CREATE INDEX council_task_report_task ON council_task_report (task_id);
    ${tenantRls('council_task_report')}

    CREATE TABLE council_task_report_file (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      report_id uuid NOT NULL REFERENCES council_task_report(id),
      blob_id uuid NOT NULL REFERENCES blob(id),
      filename text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX council_task_report_file_report ON council_task_report_file (report_id);
    ${tenantRls('council_task_report_file')}
    `,
  },
];

export interface ProceedingsTables {
  council_member: CouncilDB['council_member'] & {
    email: ColumnType<string | null, string | null | undefined, string | null>;
  };
  council_meeting: CouncilDB['council_meeting'] & {
    start_time: ColumnType<string | null, string | null | undefined, string | null>;
  };
  council_task: CouncilDB['council_task'] & {
    closed_on: ColumnType<string | null, string | null | undefined, string | null>;
    close_reason: ColumnType<string | null, string | null | undefined, string | null>;
    closed_by: ColumnType<string | null, string | null | undefined, string | null>;
  };
  council_invitation: {
    id: string;
    tenant_id: string;
    meeting_id: string;
    member_id: string;
    email: string;
    state: string;
    round: Generated<number>;
    attempts: Generated<number>;
    last_error: string | null;
    sent_at: Date | null;
    message_id: string | null;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  council_meeting_notice: {
    meeting_id: string;
    tenant_id: string;
    notice_id: string;
    board_number: string | null;
    posting_date: DateCol;
    removal_date: DateCol;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  council_resolution_link: {
    tenant_id: string;
    from_id: string;
    to_id: string;
    kind: string;
    clause_index: number;
  };
  council_motion: {
    id: string;
    tenant_id: string;
    item_id: string;
    kind: string;
    seq: number;
    proposer: string;
    clauses: Json<unknown[]> | null;
    change: Json<unknown> | null;
    state: Generated<string>;
    vote_kind: string | null;
    present: number | null;
    votes_for: number | null;
    against: number | null;
    abstain: number | null;
    not_voting: number | null;
    ballots: Json<unknown[]> | null;
    voted_at: Date | null;
    created_at: Generated<Date>;
  };
  council_task_report: {
    id: string;
    tenant_id: string;
    task_id: string;
    reported_on: DateCol;
    text: string;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  council_task_report_file: {
    id: string;
    tenant_id: string;
    report_id: string;
    blob_id: string;
    filename: string;
    created_at: Generated<Date>;
  };
}

export type ProceedingsDB = Omit<CouncilDB, 'council_member' | 'council_meeting' | 'council_task'> &
  ProceedingsTables;

export type PTx = Transaction<ProceedingsDB>;
/** The council transaction seen with the proceedings' tables and columns. */
export const pdb = (tx: CTx): PTx => tx.db as unknown as PTx;

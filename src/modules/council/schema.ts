import type { ColumnType, Generated } from 'kysely';
import type { Migration } from '../../platform/db/migrate.js';
import { tenantRls } from '../../platform/db/platform-schema.js';
import type { DB } from '../../platform/db/types.js';

type Json<T> = ColumnType<T, T | string, T | string>;
type DateCol = ColumnType<string, string, string>;

export const councilMigrations: Migration[] = [
  {
    id: 'council-0001',
    sql: `
    CREATE TABLE council_body (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      code text NOT NULL CHECK (code ~ '^[A-Z0-9]{1,10}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('council','assembly','committee','commission')),
      seats integer NOT NULL CHECK (seats BETWEEN 1 AND 999),
      term_label text NOT NULL CHECK (length(term_label) BETWEEN 1 AND 40),
      resolution_template text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code)
    );
    ${tenantRls('council_body')}

    CREATE TABLE council_member (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      body_id uuid NOT NULL REFERENCES council_body(id),
      user_id uuid REFERENCES app_user(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('chair','deputy','member','secretary','verifier')),
      substitute boolean NOT NULL DEFAULT false,
      term_label text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX council_member_body ON council_member (body_id);
    ${tenantRls('council_member')}

    CREATE TABLE council_meeting (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      body_id uuid NOT NULL REFERENCES council_body(id),
      year integer NOT NULL,
      number integer NOT NULL CHECK (number > 0),
      session integer,
      date date NOT NULL,
      place text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (body_id, year, number)
    );
    ${tenantRls('council_meeting')}

    CREATE TABLE council_material (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      body_id uuid NOT NULL REFERENCES council_body(id),
      state text NOT NULL CHECK (state IN ('draft','opinions_requested','ready','on_agenda','decided')),
      outcome text CHECK (outcome IN ('adopted','adopted_amended','rejected','withdrawn','postponed')),
      meeting_id uuid REFERENCES council_meeting(id),
      item_no integer,
      reference text,
      current_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX council_material_reference ON council_material (tenant_id, reference);
    ${tenantRls('council_material')}

    -- Every edit is a new version; the version a meeting decided is frozen for good.
    CREATE TABLE council_material_version (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      material_id uuid NOT NULL REFERENCES council_material(id),
      version integer NOT NULL,
      title text NOT NULL,
      author text NOT NULL,
      submitter text NOT NULL,
      problem text NOT NULL,
      proposal text NOT NULL,
      clauses jsonb NOT NULL,
      frozen boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      PRIMARY KEY (material_id, version)
    );
    ${tenantRls('council_material_version')}

    CREATE TABLE council_opinion (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      material_id uuid NOT NULL REFERENCES council_material(id),
      from_name text NOT NULL,
      requested_at timestamptz NOT NULL,
      text text,
      recorded_at timestamptz
    );
    ${tenantRls('council_opinion')}

    CREATE TABLE council_attachment (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      material_id uuid NOT NULL REFERENCES council_material(id),
      blob_id uuid NOT NULL,
      filename text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    ${tenantRls('council_attachment')}

    CREATE TABLE council_agenda_item (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      position integer NOT NULL CHECK (position > 0),
      section text NOT NULL DEFAULT 'main' CHECK (section IN ('opening','main','misc')),
      title text NOT NULL,
      material_id uuid REFERENCES council_material(id),
      -- Kept on the item: a postponed material loses its reference for the next meeting.
      reference text,
      outcome text CHECK (outcome IN ('adopted','adopted_amended','rejected','withdrawn','postponed')),
      UNIQUE (meeting_id, position)
    );
    ${tenantRls('council_agenda_item')}

    CREATE TABLE council_attendance (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      member_id uuid NOT NULL REFERENCES council_member(id),
      kind text NOT NULL CHECK (kind IN ('arrive','leave')),
      from_item integer NOT NULL CHECK (from_item > 0),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX council_attendance_meeting ON council_attendance (meeting_id);
    ${tenantRls('council_attendance')}

    -- One vote per agenda item: a unique item_id makes a second one impossible even under a race.
    CREATE TABLE council_vote (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      item_id uuid NOT NULL UNIQUE REFERENCES council_agenda_item(id),
      kind text NOT NULL CHECK (kind IN ('named','aggregate')),
      present integer NOT NULL,
      votes_for integer NOT NULL,
      against integer NOT NULL,
      abstain integer NOT NULL,
      not_voting integer NOT NULL,
      ballots jsonb NOT NULL DEFAULT '[]',
      adopted boolean NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    ${tenantRls('council_vote')}

    CREATE TABLE council_resolution (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      body_id uuid NOT NULL REFERENCES council_body(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      item_id uuid NOT NULL UNIQUE REFERENCES council_agenda_item(id),
      material_id uuid REFERENCES council_material(id),
      year integer NOT NULL,
      seq integer NOT NULL,
      number text NOT NULL,
      title text NOT NULL,
      clauses jsonb NOT NULL,
      adopted_on date NOT NULL,
      UNIQUE (tenant_id, body_id, year, seq),
      UNIQUE (tenant_id, number)
    );
    ${tenantRls('council_resolution')}

    CREATE TABLE council_task (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      resolution_id uuid NOT NULL REFERENCES council_resolution(id),
      clause_index integer NOT NULL,
      text text NOT NULL,
      responsible text NOT NULL CHECK (length(responsible) > 0),
      due date NOT NULL,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (resolution_id, clause_index)
    );
    ${tenantRls('council_task')}
    `,
  },
  {
    id: 'council-0002-minutes',
    sql: `
    -- Minutes (zápis) of a meeting: one row per meeting once the secretary starts them.
    CREATE TABLE council_minutes (
      meeting_id uuid PRIMARY KEY REFERENCES council_meeting(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','final')),
      opening text NOT NULL DEFAULT '' CHECK (length(opening) <= 20000),
      closing text NOT NULL DEFAULT '' CHECK (length(closing) <= 20000),
      final_at timestamptz,
      final_by uuid,
      pdf_blob_id uuid REFERENCES blob(id),
      pdf_sha256 text CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- Final minutes always have their frozen PDF and its hash.
      CHECK (state <> 'final' OR (final_at IS NOT NULL AND pdf_blob_id IS NOT NULL AND pdf_sha256 IS NOT NULL))
    );
    ${tenantRls('council_minutes')}

    -- Discussion notes per agenda item (rozprava), entered by the secretary.
    CREATE TABLE council_item_note (
      item_id uuid PRIMARY KEY REFERENCES council_agenda_item(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      text text NOT NULL CHECK (length(text) <= 20000),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid
    );
    CREATE INDEX council_item_note_meeting ON council_item_note (meeting_id);
    ${tenantRls('council_item_note')}

    -- A verifier's approval covers one content digest: a later edit makes it stale.
    CREATE TABLE council_minutes_approval (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES council_meeting(id),
      member_id uuid NOT NULL REFERENCES council_member(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      approved_at timestamptz NOT NULL,
      PRIMARY KEY (meeting_id, member_id)
    );
    ${tenantRls('council_minutes_approval')}

    -- Public search over number, title and clause texts ("usneseni" finds "usnesení").
    ALTER TABLE council_resolution ADD COLUMN search_text text NOT NULL DEFAULT '';
    CREATE FUNCTION council_resolution_search() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.search_text := NEW.number || ' ' || NEW.title || ' ' || coalesce((
        SELECT string_agg(coalesce(c->>'text', '') || ' ' || coalesce(c->>'responsible', ''), ' ')
        FROM jsonb_array_elements(NEW.clauses) AS c), '');
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER council_resolution_search BEFORE INSERT OR UPDATE OF number, title, clauses
      ON council_resolution FOR EACH ROW EXECUTE FUNCTION council_resolution_search();
    -- Backfill tenant by tenant: RLS is forced, and the migrating role need not be a superuser.
    DO $bf$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t.id::text, true);
        UPDATE council_resolution SET title = title;
      END LOOP;
      PERFORM set_config('app.tenant_id', '', true);
    END $bf$;
    CREATE INDEX council_resolution_search ON council_resolution
      USING gin (immutable_unaccent(lower(search_text)) gin_trgm_ops);
    CREATE INDEX council_resolution_public ON council_resolution (tenant_id, adopted_on DESC, seq DESC);
    `,
  },
];

export interface CouncilTables {
  council_body: {
    id: string;
    tenant_id: string;
    code: string;
    name: string;
    kind: string;
    seats: number;
    term_label: string;
    resolution_template: string;
    created_at: Generated<Date>;
  };
  council_member: {
    id: string;
    tenant_id: string;
    body_id: string;
    user_id: string | null;
    name: string;
    role: string;
    substitute: Generated<boolean>;
    term_label: string;
    active: Generated<boolean>;
    created_at: Generated<Date>;
  };
  council_meeting: {
    id: string;
    tenant_id: string;
    body_id: string;
    year: number;
    number: number;
    session: number | null;
    date: DateCol;
    place: string;
    created_at: Generated<Date>;
  };
  council_material: {
    id: string;
    tenant_id: string;
    body_id: string;
    state: string;
    outcome: string | null;
    meeting_id: string | null;
    item_no: number | null;
    reference: string | null;
    current_version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: ColumnType<Date, Date | undefined, Date>;
    records_document_id?: string | null;
    records_ref?: string | null;
  };
  council_material_version: {
    tenant_id: string;
    material_id: string;
    version: number;
    title: string;
    author: string;
    submitter: string;
    problem: string;
    proposal: string;
    clauses: Json<unknown[]>;
    frozen: Generated<boolean>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  council_opinion: {
    id: string;
    tenant_id: string;
    material_id: string;
    from_name: string;
    requested_at: Date;
    text: string | null;
    recorded_at: Date | null;
  };
  council_attachment: {
    id: string;
    tenant_id: string;
    material_id: string;
    blob_id: string;
    filename: string;
    created_at: Generated<Date>;
  };
  council_agenda_item: {
    id: string;
    tenant_id: string;
    meeting_id: string;
    position: number;
    section: Generated<string>;
    title: string;
    material_id: string | null;
    reference: string | null;
    outcome: string | null;
  };
  council_attendance: {
    id: string;
    tenant_id: string;
    meeting_id: string;
    member_id: string;
    kind: string;
    from_item: number;
    recorded_at: Generated<Date>;
  };
  council_vote: {
    id: string;
    tenant_id: string;
    item_id: string;
    kind: string;
    present: number;
    votes_for: number;
    against: number;
    abstain: number;
    not_voting: number;
    ballots: Json<unknown[]>;
    adopted: boolean;
    recorded_at: Generated<Date>;
  };
  council_resolution: {
    id: string;
    tenant_id: string;
    body_id: string;
    meeting_id: string;
    item_id: string;
    material_id: string | null;
    year: number;
    seq: number;
    number: string;
    title: string;
    clauses: Json<unknown[]>;
    adopted_on: DateCol;
    search_text: Generated<string>;
  };
  council_task: {
    id: string;
    tenant_id: string;
    resolution_id: string;
    clause_index: number;
    text: string;
    responsible: string;
    due: DateCol;
    state: Generated<string>;
    created_at: Generated<Date>;
  };
  council_minutes: {
    meeting_id: string;
    tenant_id: string;
    state: Generated<string>;
    opening: Generated<string>;
    closing: Generated<string>;
    final_at: Date | null;
    final_by: string | null;
    pdf_blob_id: string | null;
    pdf_sha256: string | null;
    updated_at: ColumnType<Date, Date | undefined, Date>;
    records_document_id?: string | null;
    records_ref?: string | null;
  };
  council_item_note: {
    item_id: string;
    tenant_id: string;
    meeting_id: string;
    text: string;
    updated_at: ColumnType<Date, Date | undefined, Date>;
    updated_by: string | null;
  };
  council_minutes_approval: {
    tenant_id: string;
    meeting_id: string;
    member_id: string;
    user_id: string;
    digest: string;
    approved_at: Date;
  };
}

export type CouncilDB = DB & CouncilTables;

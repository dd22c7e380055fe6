import type { Migration } from './migrate.js';

/**
 * Applies the house RLS rule to a tenant table: rows are visible and writable only inside a
 * withTenant() transaction for the same tenant, and FORCE makes the rule bind the owner too.
 */
export function tenantRls(table: string): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_tenant ON ${table}
      USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());`;
}

/** For tables whose rows belong to a tenant or (tenant_id NULL) to the hosting operator. */
function tenantOrOperatorRls(table: string): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_tenant ON ${table}
      USING (tenant_id = app_tenant() OR (tenant_id IS NULL AND app_is_operator()))
      WITH CHECK (tenant_id = app_tenant() OR (tenant_id IS NULL AND app_is_operator()));`;
}

export const platformMigrations: Migration[] = [
  {
    id: 'platform-0001-kernel',
    sql: `
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    -- '' after a transaction-local setting has reset; NULL when never set: both mean "no tenant".
    CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
    CREATE FUNCTION app_is_operator() RETURNS boolean LANGUAGE sql STABLE
      AS $$ SELECT coalesce(current_setting('app.operator', true), '') = 'on' $$;
    -- unaccent() is only STABLE; search indexes need an IMMUTABLE wrapper.
    CREATE FUNCTION immutable_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent', $1) $$;

    CREATE TABLE tenant (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$'),
      kind text NOT NULL CHECK (kind IN ('municipality','town','statutory_city','orp','region','school','association','other')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      ico text CHECK (ico ~ '^[0-9]{8}$' OR ico ~ '^[0-9]{10}$'),
      databox_id text CHECK (databox_id ~ '^[a-z0-9]{7}$'),
      country text NOT NULL CHECK (country IN ('CZ','PL')),
      time_zone text NOT NULL,
      locale text NOT NULL CHECK (locale IN ('cs','en','pl')),
      address jsonb NOT NULL DEFAULT '{}',
      contacts jsonb NOT NULL DEFAULT '{}',
      office_hours jsonb NOT NULL DEFAULT '[]',
      settings jsonb NOT NULL DEFAULT '{}',
      parent_id uuid REFERENCES tenant(id),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- The tenant register is public (it is what the portal shows); only the operator adds
    -- tenants, and a tenant's admin may edit its own row.
    ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_read ON tenant FOR SELECT USING (true);
    CREATE POLICY tenant_insert ON tenant FOR INSERT WITH CHECK (app_is_operator());
    CREATE POLICY tenant_update ON tenant FOR UPDATE
      USING (app_is_operator() OR id = app_tenant()) WITH CHECK (app_is_operator() OR id = app_tenant());

    CREATE TABLE org_unit (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      parent_id uuid REFERENCES org_unit(id),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      is_records_point boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code)
    );
    ${tenantRls('org_unit')}

    CREATE TABLE app_user (
      id uuid PRIMARY KEY,
      tenant_id uuid REFERENCES tenant(id),
      username text NOT NULL CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
      display_name text NOT NULL,
      email text,
      password_hash text NOT NULL,
      roles text[] NOT NULL DEFAULT '{}',
      org_unit_id uuid REFERENCES org_unit(id),
      locale text CHECK (locale IN ('cs','en','pl')),
      active boolean NOT NULL DEFAULT true,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX app_user_username ON app_user (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), username);
    ${tenantOrOperatorRls('app_user')}

    CREATE TABLE session (
      id uuid PRIMARY KEY,
      tenant_id uuid REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    );
    CREATE INDEX session_by_user ON session (user_id);
    ${tenantOrOperatorRls('session')}

    CREATE TABLE api_token (
      id uuid PRIMARY KEY,
      tenant_id uuid REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      token_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_token_by_user ON api_token (user_id);
    ${tenantOrOperatorRls('api_token')}

    -- Failures are counted per name, whether or not the user exists, so lockout does not reveal accounts.
    CREATE TABLE login_throttle (
      tenant_id uuid REFERENCES tenant(id),
      username text NOT NULL,
      failures integer NOT NULL DEFAULT 0,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz
    );
    CREATE UNIQUE INDEX login_throttle_key ON login_throttle (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), username);
    ${tenantOrOperatorRls('login_throttle')}

    -- NSESSS transakční protokol. tenant_id is the nil UUID for the operator's own chain.
    CREATE TABLE audit_event (
      tenant_id uuid NOT NULL,
      seq bigint NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_label text NOT NULL,
      event_type text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      params jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE INDEX audit_event_object ON audit_event (tenant_id, object_type, object_id);
    CREATE INDEX audit_event_at ON audit_event (tenant_id, at);
    CREATE TABLE audit_head (
      tenant_id uuid PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
    );
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$;
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_append_only();
    ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
    ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
    CREATE POLICY audit_event_tenant ON audit_event
      USING (tenant_id = coalesce(app_tenant(), CASE WHEN app_is_operator() THEN '00000000-0000-0000-0000-000000000000'::uuid END))
      WITH CHECK (tenant_id = coalesce(app_tenant(), CASE WHEN app_is_operator() THEN '00000000-0000-0000-0000-000000000000'::uuid END));
    ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
    ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;
    CREATE POLICY audit_head_tenant ON audit_head
      USING (tenant_id = coalesce(app_tenant(), CASE WHEN app_is_operator() THEN '00000000-0000-0000-0000-000000000000'::uuid END))
      WITH CHECK (tenant_id = coalesce(app_tenant(), CASE WHEN app_is_operator() THEN '00000000-0000-0000-0000-000000000000'::uuid END));

    CREATE TABLE number_series (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      series text NOT NULL,
      year integer NOT NULL,
      last_value integer NOT NULL,
      PRIMARY KEY (tenant_id, series, year)
    );
    ${tenantRls('number_series')}

    CREATE TABLE blob (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL,
      mime text NOT NULL,
      filename text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid
    );
    CREATE INDEX blob_sha ON blob (sha256);
    ${tenantRls('blob')}

    -- Platform work queue, not tenant data: rows carry only ids and the handler opens the
    -- tenant's own transaction. Claimed with FOR UPDATE SKIP LOCKED by any app node.
    CREATE TABLE job (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      tenant_id uuid,
      payload jsonb NOT NULL DEFAULT '{}',
      run_at timestamptz NOT NULL DEFAULT now(),
      state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5,
      last_error text,
      singleton_key text UNIQUE,
      locked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX job_due ON job (run_at) WHERE state = 'queued';
    `,
  },
];

-- Governance: the tenant hierarchy, virtual keys, limits, tenants' provider credentials, audit.
-- One file for SQLite and PostgreSQL: TEXT ids (UUID strings), BIGINT epoch-millisecond times,
-- BIGINT money in micro-dollars (1e-6 USD), JSON kept as TEXT, no vendor functions.
-- Every child row repeats its tenant_id, and composite foreign keys (parent id, tenant_id) make
-- it impossible for a row to point at a parent in another tenant; tenant-scoped reads then
-- filter on one indexed column.

CREATE TABLE tenants (
  id          TEXT   NOT NULL PRIMARY KEY,
  name        TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX tenants_name_uq ON tenants (name);

CREATE TABLE departments (
  id          TEXT   NOT NULL PRIMARY KEY,
  tenant_id   TEXT   NOT NULL REFERENCES tenants (id),
  name        TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CONSTRAINT departments_id_tenant_uq UNIQUE (id, tenant_id),
  CONSTRAINT departments_name_uq UNIQUE (tenant_id, name)
);

CREATE TABLE teams (
  id             TEXT   NOT NULL PRIMARY KEY,
  tenant_id      TEXT   NOT NULL,
  department_id  TEXT   NOT NULL,
  name           TEXT   NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  CONSTRAINT teams_id_tenant_uq UNIQUE (id, tenant_id),
  CONSTRAINT teams_name_uq UNIQUE (department_id, name),
  CONSTRAINT teams_department_fk FOREIGN KEY (department_id, tenant_id)
    REFERENCES departments (id, tenant_id)
);
CREATE INDEX teams_tenant ON teams (tenant_id);

CREATE TABLE users (
  id          TEXT   NOT NULL PRIMARY KEY,
  tenant_id   TEXT   NOT NULL,
  team_id     TEXT   NOT NULL,
  email       TEXT   NOT NULL,
  name        TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CONSTRAINT users_id_tenant_uq UNIQUE (id, tenant_id),
  CONSTRAINT users_email_uq UNIQUE (tenant_id, email),
  CONSTRAINT users_team_fk FOREIGN KEY (team_id, tenant_id) REFERENCES teams (id, tenant_id)
);
CREATE INDEX users_team ON users (team_id);

-- Only the SHA-256 of a key is stored; the plaintext is shown once and never reaches the store.
CREATE TABLE api_keys (
  id          TEXT   NOT NULL PRIMARY KEY,
  tenant_id   TEXT   NOT NULL,
  user_id     TEXT   NOT NULL,
  key_hash    TEXT   NOT NULL,
  name        TEXT   NOT NULL,
  hint        TEXT   NOT NULL,
  models      TEXT   NOT NULL DEFAULT '[]',  -- JSON array of model names; [] = every model
  expires_at  BIGINT,                        -- NULL = never
  revoked_at  BIGINT,                        -- NULL = not revoked
  metadata    TEXT   NOT NULL DEFAULT '{}',  -- JSON object of string labels
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CONSTRAINT api_keys_user_fk FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id)
);
CREATE UNIQUE INDEX api_keys_hash_uq ON api_keys (key_hash);
CREATE INDEX api_keys_user ON api_keys (user_id);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- One row per scope and model ('' = every model). A NULL limit is no limit. scope_id points at
-- a row of the table named by scope_type; tenant_id is that row's tenant (for scoped reads).
CREATE TABLE limits (
  scope_type          TEXT   NOT NULL
    CHECK (scope_type IN ('tenant', 'department', 'team', 'user', 'key')),
  scope_id            TEXT   NOT NULL,
  model               TEXT   NOT NULL DEFAULT '',
  tenant_id           TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  rpm                 BIGINT CHECK (rpm IS NULL OR rpm >= 0),
  tpm                 BIGINT CHECK (tpm IS NULL OR tpm >= 0),
  max_concurrent      INTEGER CHECK (max_concurrent IS NULL OR max_concurrent >= 0),
  daily_usd_micros    BIGINT CHECK (daily_usd_micros IS NULL OR daily_usd_micros >= 0),
  monthly_usd_micros  BIGINT CHECK (monthly_usd_micros IS NULL OR monthly_usd_micros >= 0),
  updated_at          BIGINT NOT NULL,
  CONSTRAINT limits_pk PRIMARY KEY (scope_type, scope_id, model)
);
CREATE INDEX limits_tenant ON limits (tenant_id);
CREATE INDEX limits_scope ON limits (scope_id);

-- api_key_encrypted is AES-256-GCM (CredentialCipher) bound to tenant_id; never plaintext.
CREATE TABLE provider_credentials (
  tenant_id          TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider           TEXT   NOT NULL,
  api_key_encrypted  TEXT   NOT NULL,
  base_url           TEXT,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL,
  CONSTRAINT provider_credentials_pk PRIMARY KEY (tenant_id, provider)
);

-- History outlives what it describes: no foreign keys. tenant_id NULL = a gateway-wide action.
CREATE TABLE audit_log (
  id           TEXT   NOT NULL PRIMARY KEY,
  at           BIGINT NOT NULL,
  actor        TEXT   NOT NULL,
  action       TEXT   NOT NULL,
  target_type  TEXT   NOT NULL,
  target_id    TEXT,
  tenant_id    TEXT,
  before_json  TEXT,
  after_json   TEXT
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

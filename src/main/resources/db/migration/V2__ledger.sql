-- Accounting: one ledger row per finished request, credit balances and their movements.
-- No foreign keys: history must be writable even after the key, user or tenant is deleted, and a
-- batched writer must never be stopped by a row whose owner disappeared meanwhile.

CREATE TABLE ledger (
  id                 TEXT     NOT NULL PRIMARY KEY,  -- makes a retried batch idempotent
  request_id         TEXT     NOT NULL,
  at                 BIGINT   NOT NULL,
  day                INTEGER  NOT NULL,              -- UTC epoch day of at, for the indexes
  key_id             TEXT,
  user_id            TEXT,
  team_id            TEXT,
  department_id      TEXT,
  tenant_id          TEXT,
  model              TEXT     NOT NULL,
  provider           TEXT,
  deployment         TEXT,
  prompt_tokens      BIGINT   NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
  completion_tokens  BIGINT   NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
  cached_tokens      BIGINT   NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
  reasoning_tokens   BIGINT   NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
  cost_micros        BIGINT   CHECK (cost_micros IS NULL OR cost_micros >= 0),  -- NULL = unknown price
  price_known        SMALLINT NOT NULL CHECK (price_known IN (0, 1)),
  latency_ms         BIGINT   NOT NULL DEFAULT 0,
  status             INTEGER  NOT NULL,              -- HTTP status sent to the client
  error_code         TEXT,
  cache_hit          SMALLINT NOT NULL DEFAULT 0 CHECK (cache_hit IN (0, 1))
);
CREATE INDEX ledger_tenant_day ON ledger (tenant_id, day);
CREATE INDEX ledger_department_day ON ledger (department_id, day);
CREATE INDEX ledger_team_day ON ledger (team_id, day);
CREATE INDEX ledger_user_day ON ledger (user_id, day);
CREATE INDEX ledger_key_day ON ledger (key_id, day);
CREATE INDEX ledger_day ON ledger (day);
CREATE INDEX ledger_request ON ledger (request_id);

-- A balance may go below zero: usage is charged after the fact; the budget stage refuses new
-- requests once it is not positive.
CREATE TABLE credits (
  user_id         TEXT   NOT NULL PRIMARY KEY,
  tenant_id       TEXT   NOT NULL,
  balance_micros  BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX credits_tenant ON credits (tenant_id);

CREATE TABLE credit_transactions (
  id             TEXT   NOT NULL PRIMARY KEY,  -- a usage charge reuses its ledger row's id
  user_id        TEXT   NOT NULL,
  tenant_id      TEXT   NOT NULL,
  at             BIGINT NOT NULL,
  amount_micros  BIGINT NOT NULL,              -- positive = grant, negative = charge
  reason         TEXT   NOT NULL,
  request_id     TEXT
);
CREATE INDEX credit_transactions_user_at ON credit_transactions (user_id, at);
CREATE INDEX credit_transactions_tenant_at ON credit_transactions (tenant_id, at);
CREATE INDEX credit_transactions_request ON credit_transactions (request_id);

-- Accounts schema (SQLite). Keep in step with ../postgres/0002_accounts.sql.
-- Logins, browser sessions, API tokens and login attempts. Secrets are never
-- stored: passwords as argon2id PHC strings, tokens as SHA-256 hex digests.
-- Times are TEXT RFC 3339 in UTC ('2026-03-01T08:00:00Z'), so they compare
-- as text on both backends.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    login TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,             -- 'owner', 'leader', 'member' or 'operator'
    person_code TEXT,
    unit_code TEXT,                 -- leaders: the unit whose subtree they see
    store_code TEXT,                -- third-party operators: their one store
    created_at TEXT NOT NULL,
    disabled BIGINT NOT NULL,
    UNIQUE (company_id, login)
);

CREATE TABLE sessions (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (company_id, token_hash)
);
CREATE INDEX sessions_by_user ON sessions (company_id, user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked BIGINT NOT NULL,
    UNIQUE (company_id, token_hash)
);

CREATE TABLE login_attempts (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    login TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    succeeded BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_login ON login_attempts (company_id, login, attempted_at);

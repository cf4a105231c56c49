-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql.
-- Every table carries company_id so a hosted deployment can shard by company.
-- Dates are TEXT 'YYYY-MM-DD'; source amounts are BIGINT in 1/10000 units;
-- other decimals (rates, costs, coefficients) are exact decimal TEXT.

CREATE TABLE companies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    base_currency TEXT NOT NULL,
    timezone TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT,
    kind TEXT NOT NULL,
    function TEXT,
    parent_code TEXT,
    area_m2 TEXT,
    position BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    external BIGINT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

CREATE TABLE custom_roles (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (company_id, code)
);

CREATE TABLE assignments (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    person_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    role TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    coefficient TEXT NOT NULL,
    leader BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (company_id, person_code, unit_code, role, from_date)
);

CREATE TABLE project_groups (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    position BIGINT NOT NULL,
    PRIMARY KEY (company_id, code)
);

CREATE TABLE project_members (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    group_code TEXT NOT NULL,
    person_code TEXT NOT NULL,
    share TEXT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    platform TEXT NOT NULL,
    marketplace TEXT NOT NULL,
    currency TEXT NOT NULL,
    timezone TEXT NOT NULL,
    operator_code TEXT,
    position BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

CREATE TABLE ownerships (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    subject TEXT NOT NULL,          -- 'store' or 'sku'
    subject_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    position BIGINT NOT NULL
);
CREATE INDEX ownerships_subject ON ownerships (company_id, subject, subject_code);

CREATE TABLE skus (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    launch_date TEXT,
    position BIGINT NOT NULL,
    UNIQUE (company_id, code)
);

CREATE TABLE sku_costs (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    sku_code TEXT NOT NULL,
    from_date TEXT NOT NULL,
    purchase TEXT NOT NULL,
    freight TEXT NOT NULL,
    PRIMARY KEY (company_id, sku_code, from_date)
);

-- One row per accepted file; re-importing the same bytes is a no-op.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    store_code TEXT,
    rows_read BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (company_id, kind, file_sha256)
);

-- The append-only facts ledger. Amounts in 1/10000 of the source currency.
CREATE TABLE facts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    day TEXT NOT NULL,
    occurred_at TEXT,
    store_id BIGINT NOT NULL,       -- 0 when the fact belongs to a unit directly
    unit_id BIGINT NOT NULL,        -- 0 when the fact belongs to a store
    sku TEXT NOT NULL,              -- '' when none
    order_id TEXT,
    customer_id TEXT,
    quantity BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    memo TEXT,
    corrects TEXT,
    UNIQUE (company_id, fingerprint)
);
CREATE INDEX facts_by_day ON facts (company_id, day, store_id, unit_id);
CREATE INDEX facts_by_import ON facts (import_id);

-- Pre-aggregated daily totals maintained on import (what the close reads).
CREATE TABLE fact_daily (
    company_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    store_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    sku TEXT NOT NULL,
    kind TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    facts BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, store_id, unit_id, sku, kind, currency)
);

CREATE TABLE fx_rates (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    currency TEXT NOT NULL,
    day TEXT NOT NULL,
    rate TEXT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (company_id, currency, day)
);

CREATE TABLE hours (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    fingerprint TEXT NOT NULL,
    person_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    period TEXT NOT NULL,           -- 'YYYY-MM-DD' or 'YYYY-MM'
    month TEXT NOT NULL,            -- 'YYYY-MM' for either
    hours TEXT NOT NULL,
    overtime_hours TEXT NOT NULL,
    labour_cost TEXT NOT NULL,
    import_id BIGINT NOT NULL,
    line BIGINT NOT NULL,
    PRIMARY KEY (company_id, fingerprint)
);
CREATE INDEX hours_by_month ON hours (company_id, month);

CREATE TABLE plans (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    unit_code TEXT NOT NULL,
    month TEXT NOT NULL,
    line TEXT NOT NULL,
    amount TEXT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (company_id, unit_code, month, line)
);

CREATE TABLE inventory (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    day TEXT NOT NULL,
    store_code TEXT NOT NULL,
    sku TEXT NOT NULL,
    on_hand BIGINT NOT NULL,
    inbound BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, store_code, sku)
);

CREATE TABLE periods (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    month TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (company_id, month)
);

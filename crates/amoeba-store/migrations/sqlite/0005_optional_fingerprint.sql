-- Row fingerprints become optional (SQLite; ../postgres/0005_optional_fingerprint.sql
-- does the same with ALTER TABLE, which SQLite cannot do to a constraint).
-- A file that is idempotent as a whole — an Amazon settlement, keyed by its
-- settlement id in `settlements` — stores its rows without one: a unique
-- index over ten million random hashes was most of a large import's time.
-- Every other fact keeps its fingerprint, unique per company.
CREATE TABLE facts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line BIGINT NOT NULL,
    fingerprint TEXT,
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
    corrects TEXT
);
INSERT INTO facts_new (id, company_id, import_id, line, fingerprint, day, occurred_at, store_id, unit_id, sku, order_id,
                       customer_id, quantity, kind, amount, currency, memo, corrects)
SELECT id, company_id, import_id, line, fingerprint, day, occurred_at, store_id, unit_id, sku, order_id,
       customer_id, quantity, kind, amount, currency, memo, corrects FROM facts;
DROP TABLE facts;
ALTER TABLE facts_new RENAME TO facts;
CREATE UNIQUE INDEX facts_by_fingerprint ON facts (company_id, fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX facts_by_day ON facts (company_id, day, store_id, unit_id);
CREATE INDEX facts_by_import ON facts (import_id);

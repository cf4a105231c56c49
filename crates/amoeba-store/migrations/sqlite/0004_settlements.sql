-- Settlement summaries (SQLite). Keep in step with ../postgres/0004_settlements.sql.
-- One row per imported marketplace settlement: the idempotency key of the
-- whole file (a settlement id imports once per store, whatever its bytes)
-- and what FX gain/loss needs: the currency, the deposit day, the total, and
-- in settlement_days the net amount booked per day (source units, 1/10000).
CREATE TABLE settlements (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    store_id BIGINT NOT NULL,
    settlement_id TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    currency TEXT NOT NULL,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    deposit_day TEXT NOT NULL,
    total_amount BIGINT NOT NULL,
    PRIMARY KEY (company_id, store_id, settlement_id)
);
CREATE INDEX settlements_by_deposit ON settlements (company_id, deposit_day);

CREATE TABLE settlement_days (
    company_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    day TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (import_id, day)
);

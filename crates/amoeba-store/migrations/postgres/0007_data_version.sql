-- Data version and settlement identity (PostgreSQL). Keep in step with ../sqlite/0007_data_version.sql.
-- companies.data_version goes up with every change to what the figures are
-- computed from (an import, an organisation file, a close). A close reads
-- it before computing and stores only if it is unchanged, so a fact that
-- landed meanwhile is never left outside a closed month's P&L; the board's
-- cache keys on it, so a cached board is never stale.
ALTER TABLE companies ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
-- A settlement id is one marketplace payout, whatever store code it was
-- imported under: looked up per company.
CREATE INDEX settlements_by_id ON settlements (company_id, settlement_id);
-- A closed month's metrics are part of its snapshot, like its P&L (NULL
-- for months closed before: those are computed, as they were).
ALTER TABLE periods ADD COLUMN metrics TEXT;

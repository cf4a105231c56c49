-- Bulk facts stored in blocks (PostgreSQL). Keep in step with ../sqlite/0006_fact_chunks.sql.
-- A marketplace settlement's lines are kept whole for drill-down, but as
-- blocks of up to 8 192 facts (src/chunk_codec.rs) rather than a row and
-- two index entries per line: ten million B-tree inserts were most of a
-- large import's time. The close and the board read fact_daily; drill-down
-- decodes the blocks of the store and days asked for.
CREATE TABLE fact_chunks (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    import_id BIGINT NOT NULL REFERENCES imports(id),
    chunk_no BIGINT NOT NULL,
    store_id BIGINT NOT NULL,
    day_min TEXT NOT NULL,
    day_max TEXT NOT NULL,
    first_line BIGINT NOT NULL,
    fact_count BIGINT NOT NULL,
    payload BYTEA NOT NULL,
    PRIMARY KEY (company_id, import_id, chunk_no)
);
CREATE INDEX fact_chunks_by_store ON fact_chunks (company_id, store_id, day_min);

-- Distinct orders per store and day of each block-stored import (the basis
-- of per-order internal charges), counted while the import is read.
CREATE TABLE order_daily (
    company_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    day TEXT NOT NULL,
    store_id BIGINT NOT NULL,
    orders BIGINT NOT NULL,
    PRIMARY KEY (import_id, day, store_id)
);
CREATE INDEX order_daily_by_day ON order_daily (company_id, day);

-- A block-stored import's daily sums at SKU grain (sales, refunds, COGS, ad
-- spend and ad sales by store and SKU; src/daily_codec.rs), one or more
-- blocks per day; its other sums are rows of fact_daily as for any import.
CREATE TABLE daily_chunks (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    import_id BIGINT NOT NULL REFERENCES imports(id),
    chunk_no BIGINT NOT NULL,
    day TEXT NOT NULL,
    facts BIGINT NOT NULL,
    payload BYTEA NOT NULL,
    PRIMARY KEY (company_id, import_id, chunk_no)
);
CREATE INDEX daily_chunks_by_day ON daily_chunks (company_id, day);

-- Days with facts and how many, whichever way they are stored.
CREATE VIEW fact_days AS
    SELECT company_id, day, facts FROM fact_daily
    UNION ALL SELECT company_id, day, facts FROM daily_chunks;

-- PostgreSQL only: blocks are already compact; storing them out of line
-- without pglz compression made a 1 M-line import 3.6 s -> 2.1 s (the
-- server compressed every 200 kB block while the import waited).
ALTER TABLE fact_chunks ALTER COLUMN payload SET STORAGE EXTERNAL;
ALTER TABLE daily_chunks ALTER COLUMN payload SET STORAGE EXTERNAL;

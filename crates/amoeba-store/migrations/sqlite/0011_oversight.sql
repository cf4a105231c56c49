-- Oversight (issue 16): the traffic behind sales, third-party operator
-- contracts, and the notes and comments on their reports. Keep in step
-- with the other backend's 0011.

-- One store's (and SKU's or ASIN's) traffic over one day, or over the days
-- a business report was downloaded for. A newer file's figures for the
-- same key replace the older ones (platforms revise their counts).
CREATE TABLE traffic (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    store_code TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    sku TEXT NOT NULL,              -- '' for the store's own row
    asin TEXT NOT NULL,             -- '' unless an Amazon child ASIN
    parent_asin TEXT,
    title TEXT,
    impressions BIGINT,
    clicks BIGINT,
    sessions BIGINT,
    page_views BIGINT,
    inquiries BIGINT,
    orders BIGINT,
    units BIGINT,
    sales TEXT,                     -- decimal text in `currency`
    currency TEXT,
    buy_box_share TEXT,
    -- When the file's days begin (IANA zones): traffic, orders, inquiries.
    traffic_zone TEXT NOT NULL,
    orders_zone TEXT NOT NULL,
    inquiries_zone TEXT NOT NULL,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (company_id, store_code, sku, asin, first_day, last_day)
);
CREATE INDEX traffic_by_day ON traffic (company_id, first_day);

-- A contract with a third-party operator (代运营): the core's
-- OperatorContract as JSON, replaced whole when saved again.
CREATE TABLE operator_contracts (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    operator TEXT NOT NULL,
    body TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (company_id, code)
);

-- The operator's notes and the leader's comments on a report, kept with
-- who wrote them and when; never edited, only added.
CREATE TABLE report_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    contract_code TEXT NOT NULL,
    period TEXT NOT NULL,           -- 2026-W10 or 2026-03
    kind TEXT NOT NULL,             -- operator | leader
    author TEXT NOT NULL,           -- the login
    body TEXT NOT NULL,
    written_at TEXT NOT NULL
);
CREATE INDEX report_notes_by_report ON report_notes (company_id, contract_code, period);

-- Credit rules (who earned each sale) and where a store's sales are booked
-- from. Rewritten whole with the organisation, like assignments. Keep in
-- step with the other backend's 0009.
ALTER TABLE stores ADD COLUMN books_sales_from TEXT;

CREATE TABLE responsibilities (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    position BIGINT NOT NULL,
    person_code TEXT NOT NULL,
    role TEXT NOT NULL,
    -- The scope as the core's JSON: {"store":{"store":"S1"}}, {"sku":{"sku":"K1"}},
    -- {"store_skus":{"store":"S1","skus":["K1","K2"]}}.
    scope TEXT NOT NULL,
    share TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    PRIMARY KEY (company_id, position)
);

CREATE TABLE customer_owners (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    position BIGINT NOT NULL,
    customer TEXT NOT NULL,
    person_code TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    PRIMARY KEY (company_id, position)
);

CREATE TABLE key_accounts (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    position BIGINT NOT NULL,
    customer TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    PRIMARY KEY (company_id, position)
);

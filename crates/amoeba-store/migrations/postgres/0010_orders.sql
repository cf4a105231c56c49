-- Orders and their lifecycle (who earned each sale, when it was contracted,
-- shipped and paid). Events are append-only; an order's header never
-- changes once stored. Keep in step with the other backend's 0010.
CREATE TABLE orders (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    store_id BIGINT NOT NULL,
    order_id TEXT NOT NULL,
    customer TEXT,
    salesperson TEXT,
    follower TEXT,
    currency TEXT NOT NULL,
    -- Whether its shipments and refunds book the ledger (an orders-booked
    -- store's order, `books_sales_from`); otherwise lifecycle and credit only.
    books BIGINT NOT NULL,
    first_day TEXT NOT NULL,        -- the earliest event's business day
    last_day TEXT NOT NULL,         -- the latest event's business day
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line BIGINT NOT NULL,
    PRIMARY KEY (company_id, store_id, order_id)
);
CREATE INDEX orders_by_days ON orders (company_id, last_day, first_day);

CREATE TABLE order_events (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    store_id BIGINT NOT NULL,
    order_id TEXT NOT NULL,
    seq BIGINT NOT NULL,            -- arrival order within the order
    kind TEXT NOT NULL,
    at TEXT NOT NULL,               -- RFC 3339 with the source's offset
    day TEXT NOT NULL,              -- local business day
    sku TEXT,
    quantity BIGINT NOT NULL,
    amount TEXT NOT NULL,           -- decimal text in the order's currency
    currency TEXT NOT NULL,
    memo TEXT,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (company_id, store_id, order_id, seq),
    UNIQUE (company_id, fingerprint)
);
CREATE INDEX order_events_by_day ON order_events (company_id, day);

-- Each customer's first contract day across the company (new vs returning).
CREATE TABLE customer_first_orders (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    customer TEXT NOT NULL,
    first_day TEXT NOT NULL,
    PRIMARY KEY (company_id, customer)
);

-- A closed month's credit (who earned what) is part of its snapshot, like
-- its P&L and metrics: a later change of credit rules moves open months only.
ALTER TABLE periods ADD COLUMN credit TEXT;

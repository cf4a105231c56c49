-- Charge and allocation rules (PostgreSQL). Keep in step with ../sqlite/0003_rules.sql.
-- Each rule version is stored whole as JSON (the accounting engine's serde
-- form), keyed by company, kind ('charge' or 'allocation'), code and first
-- day; position keeps the order allocations are applied in (step-down).
CREATE TABLE rules (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    from_date TEXT NOT NULL,
    position BIGINT NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (company_id, kind, code, from_date)
);

-- Pay, issue 12 (SQLite). Keep in step with ../postgres/0012_pay.sql.
-- Pay plan versions (提成方案; not the units' monthly plans of targets):
-- the file as imported and the plan it reads as, one row per code and
-- version. A version a run was approved with is never replaced.
CREATE TABLE pay_plans (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    name TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    file_name TEXT NOT NULL,
    file_text TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    plan TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (company_id, code, version)
);

-- Payout runs: a month's run is a snapshot — its canonical bytes and their
-- SHA-256, the plan versions and the hash of the inputs it was computed
-- from. draft → approved (who, when) → locked (paid; its carry feeds the
-- next month). A re-run of a locked month is a later seq of status rerun
-- with its difference (diff), carried into the month that locks it next.
CREATE TABLE pay_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    month TEXT NOT NULL,
    seq BIGINT NOT NULL,
    status TEXT NOT NULL,
    plans TEXT NOT NULL,
    inputs_sha256 TEXT NOT NULL,
    run TEXT NOT NULL,
    run_sha256 TEXT NOT NULL,
    total TEXT NOT NULL,
    people BIGINT NOT NULL,
    reruns TEXT NOT NULL,
    diff TEXT,
    carried_into TEXT,
    computed_by TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    locked_by TEXT,
    locked_at TEXT,
    UNIQUE (company_id, month, seq)
);

-- Each person's statement of a run (its lines as JSON), so one person's
-- statement is read without the whole run.
CREATE TABLE pay_statements (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    run_id BIGINT NOT NULL REFERENCES pay_runs(id),
    person TEXT NOT NULL,
    earned TEXT NOT NULL,
    total TEXT NOT NULL,
    carried_forward TEXT NOT NULL,
    advance_outstanding TEXT NOT NULL,
    statement TEXT NOT NULL,
    PRIMARY KEY (run_id, person)
);
CREATE INDEX pay_statements_by_person ON pay_statements (company_id, person);

-- What each locked run paid on (or clawed back from) each sale: its
-- changes, so the history of any month is the sum over the runs before it
-- (a refund is clawed back at the rate paid, never beyond what was paid).
CREATE TABLE pay_paid_sales (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    run_id BIGINT NOT NULL REFERENCES pay_runs(id),
    month TEXT NOT NULL,
    person TEXT NOT NULL,
    plan TEXT NOT NULL,
    component TEXT NOT NULL,
    sale TEXT NOT NULL,
    base TEXT NOT NULL,
    paid TEXT NOT NULL,
    clawed TEXT NOT NULL
);
CREATE INDEX pay_paid_sales_by_month ON pay_paid_sales (company_id, month);

-- A person disputes a statement line with a note; finance answers.
CREATE TABLE pay_disputes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    run_id BIGINT NOT NULL REFERENCES pay_runs(id),
    person TEXT NOT NULL,
    line BIGINT NOT NULL,
    component TEXT NOT NULL,
    note TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TEXT
);
CREATE INDEX pay_disputes_by_run ON pay_disputes (company_id, run_id, person);

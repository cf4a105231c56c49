-- Review cycles (issue 13): a unit's scorecard and scores for a month or a
-- quarter (replaced whole when scores are imported again), whose weighted
-- scores feed the pay engine's scorecard method. Keep in step with the
-- other backend's 0015.
CREATE TABLE reviews (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    cycle TEXT NOT NULL,            -- 2026-11 or 2026-Q4
    unit_code TEXT NOT NULL,
    review TEXT NOT NULL,           -- JSON: the core's config and scores
    updated_at TEXT NOT NULL,
    PRIMARY KEY (company_id, cycle, unit_code)
);

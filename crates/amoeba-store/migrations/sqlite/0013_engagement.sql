-- Goals and engagement (issue 13): derived targets, the daily order lottery,
-- PK contests and the awards they give. Every record here is written once
-- and never updated: a new target is a new version, a day's list and draw
-- are unique per company and day, a contest's rules are fixed once it
-- starts. Keep in step with the other backend's 0013.

-- A unit's derived annual target, one row per version (the latest is in
-- force): the inputs, the arithmetic, the months and the people, as the
-- core's JSON. Its months are also written as the unit's `sales` plans, under
-- the imports row named here (kind `target`).
CREATE TABLE targets (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    year BIGINT NOT NULL,
    unit_code TEXT NOT NULL,
    version BIGINT NOT NULL,
    derived_at TEXT NOT NULL,       -- RFC 3339, UTC
    import_id BIGINT NOT NULL REFERENCES imports(id),
    derivation TEXT NOT NULL,       -- JSON
    PRIMARY KEY (company_id, year, unit_code, version)
);

-- The lottery's rules, one row per version, in force from a day on (the
-- latest version whose first day is on or before a draw day).
CREATE TABLE lottery_rules (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    version TEXT NOT NULL,
    effective_from TEXT NOT NULL,   -- first draw day it applies to
    rules TEXT NOT NULL,            -- JSON of the core's LotteryRules
    rules_hash TEXT NOT NULL,       -- SHA-256 of the canonical bytes (hex)
    saved_at TEXT NOT NULL,
    PRIMARY KEY (company_id, version),
    UNIQUE (company_id, effective_from)
);

-- A day's entry list, frozen at its cut-off; its hash is what is published.
CREATE TABLE lottery_lists (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    day TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    list TEXT NOT NULL,             -- JSON of the core's FrozenList
    list_hash TEXT NOT NULL,
    entrants BIGINT NOT NULL,
    frozen_at TEXT NOT NULL,
    PRIMARY KEY (company_id, day)
);

-- A day's draw: exactly one per company and day, written once.
CREATE TABLE lottery_draws (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    day TEXT NOT NULL,
    record TEXT NOT NULL,           -- JSON of the core's DrawRecord
    drawn_at TEXT NOT NULL,
    PRIMARY KEY (company_id, day)
);

-- PK contests: the definition is fixed once the contest starts; the result
-- is stored once, after it ends.
CREATE TABLE pk_contests (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    definition TEXT NOT NULL,       -- JSON
    created_at TEXT NOT NULL,
    result TEXT,                    -- JSON, once decided
    decided_at TEXT,
    PRIMARY KEY (company_id, code)
);

-- A person's wish goals (愿望目标): what they want to buy turned into the
-- extra monthly sales whose commission pays for it, written once.
CREATE TABLE wish_goals (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    person_code TEXT NOT NULL,
    seq BIGINT NOT NULL,
    item TEXT NOT NULL,
    from_month TEXT NOT NULL,       -- first month it is tracked
    goal TEXT NOT NULL,             -- JSON: the core's input and plan
    created_at TEXT NOT NULL,
    PRIMARY KEY (company_id, person_code, seq)
);

-- What engagement gives: a lottery prize, a PK stake. Paid out later by
-- whatever pays (the pay engine's payout of the period); `paid_in` says where.
CREATE TABLE awards (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    source TEXT NOT NULL,           -- lottery | pk
    source_ref TEXT NOT NULL,       -- the draw day, the contest code
    slot BIGINT NOT NULL,           -- place in the draw, rank in the contest
    day TEXT NOT NULL,              -- when it was won
    person_code TEXT,
    unit_code TEXT,
    label TEXT NOT NULL,            -- prize tier or what was won
    amount TEXT,                    -- CNY to the fen, decimal text
    description TEXT,
    paid_in TEXT,                   -- payout period, once paid
    PRIMARY KEY (company_id, source, source_ref, slot)
);
CREATE INDEX awards_by_day ON awards (company_id, day);

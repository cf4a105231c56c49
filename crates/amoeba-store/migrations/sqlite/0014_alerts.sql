-- Risk alerts (issue 16): the company's alert rules as the core's RuleSet
-- JSON (with the file they came from), and alert episodes — one row from
-- the day a rule first fires for a subject until the day it is evaluated
-- and no longer fires — with their acknowledgement. Keep in step with the
-- other backend's 0014.

-- The rules in force: replaced whole by the next file imported.
CREATE TABLE alert_rules (
    company_id BIGINT NOT NULL PRIMARY KEY REFERENCES companies(id),
    file_name TEXT NOT NULL,
    body TEXT NOT NULL,             -- the file as imported
    rules TEXT NOT NULL,            -- the core's RuleSet as JSON
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL
);

-- One episode of one alert: kind (`code`) and subject. `alert` is the
-- core's Alert as JSON, the latest day's figures; `ended` is NULL while open.
CREATE TABLE alert_episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    code TEXT NOT NULL,
    subject TEXT NOT NULL,          -- the subject as the core describes it
    unit_code TEXT NOT NULL,        -- the unit that owns it ('' if none)
    store_code TEXT NOT NULL,       -- '' unless about a store
    opened TEXT NOT NULL,
    last_day TEXT NOT NULL,
    ended TEXT,
    alert TEXT NOT NULL,
    ack_by TEXT,
    ack_on TEXT,
    ack_note TEXT
);
CREATE INDEX alert_episodes_open ON alert_episodes (company_id, ended);

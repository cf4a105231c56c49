-- Playbooks (issue 16): each unit's template library. One row per version
-- of a template; a new version is a new row, an old one is never updated
-- (the unique key refuses a second row for a version). Keep in step with
-- the other backend's 0018.
CREATE TABLE playbook_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    unit_code TEXT NOT NULL,
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    template TEXT NOT NULL,         -- the core's Template as JSON
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (company_id, unit_code, code, version)
);

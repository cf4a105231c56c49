-- Row fingerprints become optional (PostgreSQL; ../sqlite/0005_optional_fingerprint.sql
-- rebuilds the table, which is how SQLite changes a constraint).
-- A file that is idempotent as a whole — an Amazon settlement, keyed by its
-- settlement id in `settlements` — stores its rows without one: a unique
-- index over ten million random hashes was most of a large import's time.
-- Every other fact keeps its fingerprint, unique per company.
ALTER TABLE facts ALTER COLUMN fingerprint DROP NOT NULL;
ALTER TABLE facts DROP CONSTRAINT facts_company_id_fingerprint_key;
CREATE UNIQUE INDEX facts_by_fingerprint ON facts (company_id, fingerprint) WHERE fingerprint IS NOT NULL;

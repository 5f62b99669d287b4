-- Rule values (tham số nghiệp vụ), issue 13: the numbers a rule sets that are defaults or
-- unverified ("3 working days before", "within 5 working days", "published on Friday") live
-- here as data with effective dates, never in code. rules/ owns the table; each module
-- declares its keys with their default at start-up (rules_declare), and a row here overrides
-- the default from effective_from to effective_to (inclusive; NULL = open).
CREATE TABLE rule_values (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    source TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX rule_values_key ON rule_values(key, effective_from);

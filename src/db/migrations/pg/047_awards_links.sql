-- PostgreSQL twin of src/db/migrations/047_awards_links.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - INTEGER → bigint; TEXT → text; STRICT and WITHOUT ROWID dropped.

-- Awards and training, the page flows (issue 20): a reissue names its reason and the original
-- award it replaces; a posthumous award keeps the date of death it was judged on; a
-- commendation may point to the issued outgoing document of its decision; a training position
-- rule may be retired (effective_to, exclusive) instead of deleted, so past lists stay true.
ALTER TABLE badge_cases ADD COLUMN reissue_reason text
    CHECK (reissue_reason IS NULL OR reissue_reason IN ('lost', 'damaged'));
ALTER TABLE badge_cases ADD COLUMN original_case_id bigint REFERENCES badge_cases(id);
ALTER TABLE badge_cases ADD COLUMN died_on text;
ALTER TABLE commendations ADD COLUMN decision_outgoing_id bigint REFERENCES outgoing(id);
ALTER TABLE training_requirements ADD COLUMN effective_to text;

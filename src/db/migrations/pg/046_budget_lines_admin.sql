-- PostgreSQL twin of src/db/migrations/046_budget_lines_admin.sql (the comments below are that
-- file's). What differs, and why:
-- - The three SQLite triggers are PL/pgSQL trigger functions of the same name, FOR EACH ROW:
--   budget_spend_totals_ins, _del, _upd (AFTER UPDATE OF the same four columns).
-- - In ON CONFLICT … DO UPDATE, `amount = amount + excluded.amount` is ambiguous on PostgreSQL
--   (the target row and excluded both have amount): the target's is qualified,
--   budget_spend_totals.amount.
-- - sum(bigint) is numeric on PostgreSQL; the INSERT … SELECT of the totals stores it in the
--   bigint column by the assignment cast (whole đồng, no fraction can arise).
-- - Types as in pg/001_org.sql.

-- Budget administration (issue 20, second pass): the catalogue of budget lines gets a parent
-- and a kind (chi or thu) so the accountant keeps it on a page, and the report reads running
-- totals of the spending instead of summing every entry at each request.

-- A line may sit under another (a sub-heading, tiểu mục); a line is spending (CHI) or income
-- (THU). Existing lines are spending headings.
ALTER TABLE budget_lines ADD COLUMN parent_id bigint REFERENCES budget_lines(id);
ALTER TABLE budget_lines ADD COLUMN kind text NOT NULL DEFAULT 'CHI' CHECK (kind IN ('CHI', 'THU'));

-- What was spent per organisation, year and line, kept by the triggers below in the same
-- statement as the entry (so in its transaction). The annual report summed up to 180,000
-- entries a request (p95 ~88 ms quiet); with these rows it reads one per line and unit.
CREATE TABLE budget_spend_totals (
    year bigint NOT NULL,
    unit_id bigint NOT NULL REFERENCES units(id),
    line_id bigint NOT NULL REFERENCES budget_lines(id),
    amount bigint NOT NULL,
    PRIMARY KEY (year, unit_id, line_id)
);

INSERT INTO budget_spend_totals (year, unit_id, line_id, amount)
    SELECT year, unit_id, line_id, sum(amount) FROM budget_spending GROUP BY 1, 2, 3;

CREATE FUNCTION budget_spend_totals_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO budget_spend_totals (year, unit_id, line_id, amount)
        VALUES (NEW.year, NEW.unit_id, NEW.line_id, NEW.amount)
        ON CONFLICT (year, unit_id, line_id)
        DO UPDATE SET amount = budget_spend_totals.amount + excluded.amount;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_spend_totals_ins AFTER INSERT ON budget_spending
    FOR EACH ROW EXECUTE FUNCTION budget_spend_totals_ins();

CREATE FUNCTION budget_spend_totals_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE budget_spend_totals SET amount = amount - OLD.amount
        WHERE year = OLD.year AND unit_id = OLD.unit_id AND line_id = OLD.line_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_spend_totals_del AFTER DELETE ON budget_spending
    FOR EACH ROW EXECUTE FUNCTION budget_spend_totals_del();

-- UPDATE OF: PostgreSQL, like SQLite, fires it only when one of these columns is in the SET.
CREATE FUNCTION budget_spend_totals_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE budget_spend_totals SET amount = amount - OLD.amount
        WHERE year = OLD.year AND unit_id = OLD.unit_id AND line_id = OLD.line_id;
    INSERT INTO budget_spend_totals (year, unit_id, line_id, amount)
        VALUES (NEW.year, NEW.unit_id, NEW.line_id, NEW.amount)
        ON CONFLICT (year, unit_id, line_id)
        DO UPDATE SET amount = budget_spend_totals.amount + excluded.amount;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_spend_totals_upd AFTER UPDATE OF year, unit_id, line_id, amount
    ON budget_spending FOR EACH ROW EXECUTE FUNCTION budget_spend_totals_upd();

-- The approved budgets of a year, read by the report without a temporary index.
CREATE INDEX budgets_year ON budgets(year, status, unit_id, kind);

-- A line renamed keeps its former name for the years before the rename took effect: the name
-- a budget of year Y shows is the one of the earliest row with until_year >= Y, else the line's.
CREATE TABLE budget_line_names (
    line_id bigint NOT NULL REFERENCES budget_lines(id),
    until_year bigint NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (line_id, until_year)
);

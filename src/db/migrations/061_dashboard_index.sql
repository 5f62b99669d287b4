-- The leaders' dashboard (src/dashboard/dashboard.c) sums a period's records by lead unit and
-- lead person, status, deadline and completion, under the visibility rule. It walked
-- incoming_list_date for the period and read every record's row for the rest: 145,000 rows a
-- year at a million documents, 330 ms a page after any write. The index now carries those
-- columns too, so the walk reads the index alone (docs/perf/pages.md). Same order as before:
-- the register's lists keep using it as they did (tests/unit/test_list_plan.c).
DROP INDEX incoming_list_date;
CREATE INDEX incoming_list_date ON incoming (arrival_date, id, unit_id, secrecy, status, urgency,
    lead_unit_id, lead_user_id, deadline, done_at, registered_by);

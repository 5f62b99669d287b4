-- PostgreSQL twin of src/db/migrations/061_dashboard_index.sql: the same index, the same
-- columns (the comments there say why).
DROP INDEX incoming_list_date;
CREATE INDEX incoming_list_date ON incoming (arrival_date, id, unit_id, secrecy, status, urgency,
    lead_unit_id, lead_user_id, deadline, done_at, registered_by);

-- Counts maintained, not recounted (issue 17, docs/perf/pages.md): the number of incoming
-- records per register, secrecy class, status and urgency, kept by triggers in the same
-- transaction as every change of the incoming table. The register's count as it opens (and
-- with its status, urgency and register filters, no dates) is then a sum over this small
-- table for the records the caller's scope shows whole, plus the few visible from outside it
-- (src/incoming/incoming_list.c, count_kept): the first page after a write no longer walks
-- 1,001 index entries to print "hơn 1000".
-- secret: 0 for an ordinary record, 1 for any secrecy level (the visibility rule asks only
-- whether a record is secret).
CREATE TABLE incoming_counts (
    unit_id INTEGER NOT NULL,
    secret INTEGER NOT NULL CHECK (secret IN (0, 1)),
    status TEXT NOT NULL,
    urgency INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit_id, secret, status, urgency)
) STRICT, WITHOUT ROWID;

INSERT INTO incoming_counts (unit_id, secret, status, urgency, n)
    SELECT unit_id, secrecy > 0, status, urgency, count(*) FROM incoming
    GROUP BY unit_id, secrecy > 0, status, urgency;

CREATE TRIGGER incoming_counts_ins AFTER INSERT ON incoming BEGIN
    INSERT INTO incoming_counts (unit_id, secret, status, urgency, n)
        VALUES (NEW.unit_id, NEW.secrecy > 0, NEW.status, NEW.urgency, 1)
        ON CONFLICT (unit_id, secret, status, urgency) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER incoming_counts_del AFTER DELETE ON incoming BEGIN
    UPDATE incoming_counts SET n = n - 1
        WHERE unit_id = OLD.unit_id AND secret = (OLD.secrecy > 0) AND status = OLD.status
        AND urgency = OLD.urgency;
END;
-- UPDATE OF: fired only when one of these columns is in the SET (routing, closing and
-- recalling a record set status; the other updates of a record leave the counts alone).
CREATE TRIGGER incoming_counts_upd AFTER UPDATE OF unit_id, secrecy, status, urgency
    ON incoming BEGIN
    UPDATE incoming_counts SET n = n - 1
        WHERE unit_id = OLD.unit_id AND secret = (OLD.secrecy > 0) AND status = OLD.status
        AND urgency = OLD.urgency;
    INSERT INTO incoming_counts (unit_id, secret, status, urgency, n)
        VALUES (NEW.unit_id, NEW.secrecy > 0, NEW.status, NEW.urgency, 1)
        ON CONFLICT (unit_id, secret, status, urgency) DO UPDATE SET n = n + 1;
END;

-- The electronic queue's waiting rows (status '01', not yet registered) per receiving unit and
-- secrecy class: the menu draws this count on every page (exchange.c inbox_waiting_count).
CREATE TABLE inbox_waiting_counts (
    to_unit_id INTEGER NOT NULL,
    secret INTEGER NOT NULL CHECK (secret IN (0, 1)),
    n INTEGER NOT NULL,
    PRIMARY KEY (to_unit_id, secret)
) STRICT, WITHOUT ROWID;

INSERT INTO inbox_waiting_counts (to_unit_id, secret, n)
    SELECT to_unit_id, secrecy > 0, count(*) FROM inbox
    WHERE status = '01' AND incoming_id IS NULL GROUP BY to_unit_id, secrecy > 0;

CREATE TRIGGER inbox_waiting_counts_ins AFTER INSERT ON inbox
    WHEN NEW.status = '01' AND NEW.incoming_id IS NULL BEGIN
    INSERT INTO inbox_waiting_counts (to_unit_id, secret, n)
        VALUES (NEW.to_unit_id, NEW.secrecy > 0, 1)
        ON CONFLICT (to_unit_id, secret) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER inbox_waiting_counts_del AFTER DELETE ON inbox
    WHEN OLD.status = '01' AND OLD.incoming_id IS NULL BEGIN
    UPDATE inbox_waiting_counts SET n = n - 1
        WHERE to_unit_id = OLD.to_unit_id AND secret = (OLD.secrecy > 0);
END;
CREATE TRIGGER inbox_waiting_counts_upd_old AFTER UPDATE OF to_unit_id, secrecy, status, incoming_id
    ON inbox WHEN OLD.status = '01' AND OLD.incoming_id IS NULL BEGIN
    UPDATE inbox_waiting_counts SET n = n - 1
        WHERE to_unit_id = OLD.to_unit_id AND secret = (OLD.secrecy > 0);
END;
CREATE TRIGGER inbox_waiting_counts_upd_new AFTER UPDATE OF to_unit_id, secrecy, status, incoming_id
    ON inbox WHEN NEW.status = '01' AND NEW.incoming_id IS NULL BEGIN
    INSERT INTO inbox_waiting_counts (to_unit_id, secret, n)
        VALUES (NEW.to_unit_id, NEW.secrecy > 0, 1)
        ON CONFLICT (to_unit_id, secret) DO UPDATE SET n = n + 1;
END;

-- The submitted reports of a scope (the home page's "chờ kiểm tra" count) without reading
-- every report of every unit in it (reporting/report_instances.c q_list_status).
CREATE INDEX report_instances_status ON report_instances(status, unit_id);

/* Documents from outside the tree into a unit's queue (exchange.h inbox_land,
 * inbox_update_waiting): what edxml/ calls once a package has been checked. Same table, same
 * notification as an in-process delivery, so the clerk registers it the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "notify/notify.h"

static const db_query q_land = {
    "inbox.land",
    "INSERT INTO inbox (outgoing_id, to_unit_id, from_unit_id, code, subject, doc_type,"
    " issued_date, secrecy, urgency, status, arrived_at, body, signer, from_name, due_date)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '01', ?10, ?11, ?12, ?13, ?14)",
    NULL,
};
static const db_query q_file = {
    "inbox.land_file",
    "INSERT INTO inbox_files (inbox_id, sha256, filename, mime, size) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};
static const db_query q_files_clear = {"inbox.land_files_clear",
                                       "DELETE FROM inbox_files WHERE inbox_id = ?1", NULL};
static const db_query q_update = {
    "inbox.update_waiting",
    "UPDATE inbox SET code = ?2, subject = ?3, doc_type = ?4, issued_date = ?5, secrecy = ?6,"
    " urgency = ?7, body = ?8, signer = ?9, due_date = ?10 WHERE id = ?1 AND status = '01' AND"
    " incoming_id IS NULL",
    NULL,
};

static int files_add(db *d, int64_t inbox_id, const inbox_file_in *files, int n)
{
    for (int i = 0; i < n; i++) {
        db_stmt *s = db_stmt_get(d, &q_file);
        if (!s)
            return -1;
        db_bind_int(s, 1, inbox_id);
        db_bind_text(s, 2, files[i].sha256);
        db_bind_text(s, 3, files[i].filename);
        db_bind_text(s, 4, files[i].mime);
        db_bind_int(s, 5, files[i].size);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    return 0;
}

int64_t inbox_land(db *d, const inbox_doc *doc, int64_t to_unit_id, const char *from_name,
                   const char *due_date, const inbox_file_in *files, int n_files)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_land);
    if (!s)
        return -1;
    db_bind_int(s, 1, doc->outgoing_id);
    db_bind_int(s, 2, to_unit_id);
    if (doc->from_unit_id > 0)
        db_bind_int(s, 3, doc->from_unit_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, doc->code ? doc->code : "");
    db_bind_text(s, 5, doc->subject ? doc->subject : "");
    db_bind_text(s, 6, doc->doc_type ? doc->doc_type : "");
    db_bind_text(s, 7, doc->issued_date ? doc->issued_date : "");
    db_bind_int(s, 8, doc->secrecy);
    db_bind_int(s, 9, doc->urgency);
    db_bind_text(s, 10, now);
    db_bind_text(s, 11, doc->body ? doc->body : "");
    db_bind_text(s, 12, doc->signer && *doc->signer ? doc->signer : NULL);
    db_bind_text(s, 13, from_name);
    db_bind_text(s, 14, due_date);
    if (db_exec(s) != DB_DONE)
        return -1;
    int64_t id = db_last_id(d);
    if (files_add(d, id, files, n_files) != 0)
        return -1;
    char *text = NULL;
    bool urgent = urgency_is_urgent((enum urgency)doc->urgency);
    if (asprintf(&text, "%s%s: %s — %.300s",
                 urgent ? urgency_label((enum urgency)doc->urgency) : "",
                 urgent ? _(" — văn bản điện tử đến") : _("Văn bản điện tử đến"),
                 doc->code ? doc->code : "", doc->subject ? doc->subject : "") < 0)
        return -1;
    int rc = notify_unit_role(d, to_unit_id, ROLE_CLERK, urgent ? NOTIFY_URGENT : NOTIFY_ARRIVED,
                              NULL, 0, text);
    free(text);
    return rc == 0 ? id : -1;
}

int inbox_update_waiting(db *d, int64_t inbox_id, const inbox_doc *doc, const char *due_date,
                         const inbox_file_in *files, int n_files)
{
    db_stmt *s = db_stmt_get(d, &q_update);
    if (!s)
        return -1;
    db_bind_int(s, 1, inbox_id);
    db_bind_text(s, 2, doc->code ? doc->code : "");
    db_bind_text(s, 3, doc->subject ? doc->subject : "");
    db_bind_text(s, 4, doc->doc_type ? doc->doc_type : "");
    db_bind_text(s, 5, doc->issued_date ? doc->issued_date : "");
    db_bind_int(s, 6, doc->secrecy);
    db_bind_int(s, 7, doc->urgency);
    db_bind_text(s, 8, doc->body ? doc->body : "");
    db_bind_text(s, 9, doc->signer && *doc->signer ? doc->signer : NULL);
    db_bind_text(s, 10, due_date);
    if (db_exec(s) != DB_DONE)
        return -1;
    if (db_changes(d) != 1)
        return 1;
    /* An update carries the document's files as they are now: they replace the old list. */
    if (n_files > 0) {
        if (!(s = db_stmt_get(d, &q_files_clear)))
            return -1;
        db_bind_int(s, 1, inbox_id);
        if (db_exec(s) != DB_DONE || files_add(d, inbox_id, files, n_files) != 0)
            return -1;
    }
    return 0;
}

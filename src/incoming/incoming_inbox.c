/* A queued electronic document read before it is registered (issue "Daily use" item 17): its
 * header as issued, its text and the files it carried, at /incoming/inbox/{id}, with the files
 * at /incoming/inbox/{id}/files/{fid} (and …/preview). Whoever may see the queue row
 * (inbox_get: the clerks and office-leaders who keep that unit's queue; secret rows only to
 * clerks and leaders) may open it; anyone else gets 404. The files are read through the
 * delivery (the recipient never needs the sender's scope), on the sender's blobs. */
#include <string.h>

#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "files/files.h"
#include "incoming/incoming_impl.h"
#include "web/layout.h"
#include "web/records.h"
#include "http/router.h"

static void file_item(ctx *c, int64_t file_id, const char *filename, const char *mime, int64_t size,
                      void *arg)
{
    int64_t inbox_id = *(int64_t *)arg;
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<li><a href=\"/incoming/inbox/%lld/files/%lld\" download>%s</a> "
                "<small>(%s KB)</small>",
                (long long)inbox_id, (long long)file_id, filename,
                web_number(c, (size + 1023) / 1024));
    if (attach_mime_previewable(mime))
        html_printf(b,
                    " · <a href=\"/incoming/inbox/%lld/files/%lld/preview\" target=\"_blank\" "
                    "rel=\"noopener\">%s</a>",
                    (long long)inbox_id, (long long)file_id, _("Xem"));
    html_raw(b, "</li>");
}

static void h_inbox_show(ctx *c)
{
    const inbox_row *q = inbox_get(c, req_param_id(c->rq, "id"));
    if (!q) {
        respond_not_found(c);
        return;
    }
    page_begin(c, q->code && *q->code ? q->code : _("Văn bản điện tử đến"), "incoming");
    strbuf *b = &c->rs->body;
    html_printf(b, "<p class=\"breadcrumb\"><a href=\"/incoming/inbox\">%s</a></p>",
                _("Hàng chờ văn bản điện tử đến"));
    const char *code = NULL, *label = NULL;
    inbox_status(c->db, q->outgoing_id, q->to_unit_id, &code, &label);
    html_printf(b, "<dl class=\"props\" id=\"inbox-doc\"><dt>%s</dt><dd>%s</dd>", _("Cơ quan gửi"),
                q->from_name ? q->from_name : "");
    html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd class=\"docno\">%s</dd>", _("Nơi nhận"),
                q->to_name ? q->to_name : "", _("Số, ký hiệu"), q->code ? q->code : "");
    html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", _("Loại văn bản"),
                catalog_doc_type_name(c, q->doc_type), _("Ngày tháng văn bản"),
                web_date_vn(c, q->issued_date));
    html_printf(b, "<dt>%s</dt><dd>%s", _("Trích yếu"), q->subject ? q->subject : "");
    if (q->secrecy > 0)
        html_printf(b, " <span class=\"mark mark-secret\">%s</span>",
                    secrecy_label((enum secrecy)q->secrecy));
    if (q->urgency > 0)
        html_printf(b, " <span class=\"mark %s\">%s</span>",
                    q->urgency >= URGENCY_HOA_TOC ? "mark-hoatoc" : "mark-urgent",
                    urgency_label((enum urgency)q->urgency));
    html_raw(b, "</dd>");
    if (q->signer)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Người ký"), q->signer);
    html_printf(b, "<dt>%s</dt><dd>%s %s</dd></dl>", _("Trạng thái"), code ? code : "",
                label ? label : "");

    const char *body = inbox_body(c, q->id);
    if (*body)
        html_printf(b,
                    "<section class=\"panel\" id=\"body\"><h2>%s</h2><div "
                    "class=\"draft-body pre-line\">%s</div></section>",
                    _("Nội dung văn bản"), body);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2><ul class=\"attachments\" id=\"files\">",
                _("Tệp gửi kèm"));
    int64_t id = q->id;
    if (inbox_files_each(c, q->id, file_item, &id) <= 0)
        html_printf(b, "<li class=\"muted\">%s</li>", _("Không có tệp gửi kèm."));
    html_raw(b, "</ul></section>");

    if (strcmp(q->status, INBOX_ARRIVED) == 0 && !q->incoming_id)
        html_printf(b,
                    "<p class=\"actions no-print\"><a class=\"button\" "
                    "href=\"/incoming/new?inbox_id=%lld\">%s</a></p>",
                    (long long)q->id, _("Vào sổ"));
    else if (q->incoming_id)
        html_printf(b, "<p><a href=\"/incoming/%lld\">%s</a></p>", (long long)q->incoming_id,
                    _("Xem văn bản đã vào sổ"));
    inbox_updates_html(c, q->id);                /* the sender's corrections (edXML update) */
    record_sections_html(c, "inbox.row", q->id); /* edxml/: a sender's recall/update request */
    page_end(c);
}

static void serve_file(ctx *c, bool preview)
{
    const inbox_row *q = inbox_get(c, req_param_id(c->rq, "id"));
    const char *sha256, *filename, *mime;
    if (!q ||
        inbox_file_get(c, q->id, req_param_id(c->rq, "fid"), &sha256, &filename, &mime) != 0 ||
        (preview && !attach_mime_previewable(mime))) {
        respond_not_found(c);
        return;
    }
    if (q->secrecy > 0) {
        /* Opening a secret document's file leaves an audit row, as for attachments. */
        char after[64];
        snprintf(after, sizeof after, "{\"file_id\":%lld}", (long long)req_param_id(c->rq, "fid"));
        if (db_begin_write(c->db) != 0 ||
            audit_log(c->db, c->user, "doc.open_secret_attachment", "inbox", q->id, NULL, after) !=
                0 ||
            db_commit(c->db) != 0) {
            db_rollback(c->db);
            respond_error(c, 503, "busy", _("Không ghi được nhật ký truy cập; vui lòng thử lại."));
            return;
        }
    }
    attach_serve_blob(c, sha256, filename, mime, preview);
}

static void h_inbox_file(ctx *c)
{
    serve_file(c, false);
}

static void h_inbox_file_preview(ctx *c)
{
    serve_file(c, true);
}

void incoming_inbox_routes(void)
{
    route_add("GET", "/incoming/inbox/{id}", h_inbox_show, 0);
    route_add("GET", "/incoming/inbox/{id}/files/{fid}", h_inbox_file, 0);
    route_add("GET", "/incoming/inbox/{id}/files/{fid}/preview", h_inbox_file_preview, 0);
}

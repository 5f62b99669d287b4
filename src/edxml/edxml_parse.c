/* Reading edXML packages (edxml.h edxml_parse): libxml2's tree parser without network access
 * and with any DTD refused (no entity can be declared, so none can expand), then the header
 * fields, the manifest and the attachments, each attachment's bytes checked against the hash
 * the manifest declares. Pure: no database, so the fuzz target reaches all of it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sodium.h>

#include "base/i18n.h"
#include "edxml/edxml.h"

typedef struct rd {
    arena *a;
    const char *err;
} rd;

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first element child called name (NULL when absent). */
static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (is(k, name))
            return k;
    return NULL;
}

/* Text of an element, trimmed, in the arena; NULL when absent or empty. Over max bytes is an
 * error (r->err). */
static const char *text_of(rd *r, const xmlNode *n, size_t max)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t, *e = s + strlen(s);
    while (*s && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    const char *out = NULL;
    if ((size_t)(e - s) > max)
        r->err = _("Một trường của gói tin dài quá giới hạn.");
    else if (e > s)
        out = arena_strndup(r->a, s, (size_t)(e - s));
    xmlFree(t);
    return out;
}

static const char *field(rd *r, const xmlNode *n, const char *name)
{
    return text_of(r, child(n, name), EDXML_MAX_TEXT);
}

/* A small whole number in [lo, hi]; def when absent; -1 (and r->err) when malformed. */
static int num(rd *r, const xmlNode *n, const char *name, int lo, int hi, int def)
{
    const char *s = field(r, n, name);
    if (!s)
        return def;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || end == s || v < lo || v > hi) {
        r->err = _("Một trường số của gói tin không hợp lệ.");
        return -1;
    }
    return (int)v;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" (also "YYYY-MM-DDThh:mm…" and "dd/mm/yyyy", which some systems send) → ISO in
 * the arena; NULL when not a real date. */
static const char *date_of(rd *r, const char *s)
{
    if (!s)
        return NULL;
    int y = 0, m = 0, d = 0, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
        (s[10] == 0 || s[10] == 'T' || s[10] == ' '))
        ;
    else if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 && used == 10 && s[10] == 0)
        ;
    else
        return NULL;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1945 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] + (m == 2 && leap(y) ? 1 : 0))
        return NULL;
    return arena_printf(r->a, "%04d-%02d-%02d", y, m, d);
}

static void organ_of(rd *r, const xmlNode *n, edxml_organ *o)
{
    o->organ_id = field(r, n, "OrganId");
    o->in_charge = field(r, n, "OrganizationInCharge");
    o->name = field(r, n, "OrganName");
    o->address = field(r, n, "OrganAdd");
    o->email = field(r, n, "Email");
    o->phone = field(r, n, "Telephone");
    o->fax = field(r, n, "Fax");
    o->website = field(r, n, "Website");
}

static void ref_of(rd *r, const xmlNode *n, edxml_ref *f)
{
    f->organ_id = field(r, n, "OrganId");
    f->code = field(r, n, "Code");
    f->date = field(r, n, "PromulgationDate");
    f->document_id = field(r, n, "DocumentId");
}

static int count(const xmlNode *n, const char *name)
{
    int k = 0;
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        k += is(c, name);
    return k;
}

static bool ns_ok(const xmlNode *n)
{
    return n && n->ns && n->ns->href && strcmp((const char *)n->ns->href, EDXML_NS) == 0;
}

static bool sha_hex(char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (char *p = s; *p; p++) {
        *p = (char)tolower((unsigned char)*p);
        if (!isxdigit((unsigned char)*p))
            return false;
    }
    return true;
}

static int files_of(rd *r, const xmlNode *body, edxml_doc *p)
{
    const xmlNode *man = child(body, "Manifest"), *att = child(body, "Attachments");
    int n = count(man, "Reference");
    if (n > EDXML_MAX_FILES) {
        r->err = _("Gói tin có quá nhiều tệp đính kèm.");
        return -1;
    }
    if (count(att, "Attachment") != n) {
        r->err = _("Danh mục tệp (Manifest) không khớp với các tệp đính kèm trong gói tin.");
        return -1;
    }
    p->files = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *p->files);
    p->n_files = n;
    int i = 0;
    for (xmlNode *k = man ? man->children : NULL; k; k = k->next) {
        if (!is(k, "Reference"))
            continue;
        edxml_file *f = &p->files[i++];
        f->content_id = field(r, k, "ContentId");
        f->mime = field(r, k, "ContentType");
        f->description = field(r, k, "Description");
        f->name = field(r, k, "AttachmentName");
        char *h = (char *)field(r, k, "Hash");
        if (r->err)
            return -1;
        if (!f->content_id || !f->name || !sha_hex(h)) {
            r->err = _("Danh mục tệp (Manifest) thiếu mã, tên hoặc mã băm SHA-256 của một tệp.");
            return -1;
        }
        memcpy(f->sha256, h, 65);
        for (int j = 0; j < i - 1; j++)
            if (strcmp(p->files[j].content_id, f->content_id) == 0) {
                r->err = _("Danh mục tệp (Manifest) có hai tệp trùng mã.");
                return -1;
            }
    }
    for (xmlNode *k = att ? att->children : NULL; k; k = k->next) {
        if (!is(k, "Attachment"))
            continue;
        xmlChar *cid = xmlGetProp(k, BAD_CAST "ContentId");
        edxml_file *f = NULL;
        for (int j = 0; cid && j < n; j++)
            if (strcmp(p->files[j].content_id, (const char *)cid) == 0 && !p->files[j].data)
                f = &p->files[j];
        xmlFree(cid);
        if (!f) {
            r->err = _("Có tệp đính kèm không nằm trong danh mục tệp (Manifest) của gói tin.");
            return -1;
        }
        xmlChar *b64 = xmlNodeGetContent(k);
        size_t blen = b64 ? strlen((const char *)b64) : 0;
        unsigned char *bin = arena_alloc(r->a, blen / 4 * 3 + 4);
        size_t got = 0;
        int bad =
            blen && sodium_base642bin(bin, blen / 4 * 3 + 4, (const char *)b64, blen, " \t\r\n",
                                      &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0;
        xmlFree(b64);
        if (bad) {
            r->err = _("Nội dung một tệp đính kèm không phải base64 hợp lệ.");
            return -1;
        }
        unsigned char dg[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(dg, bin, got);
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, dg, sizeof dg);
        if (strcmp(hex, f->sha256) != 0) {
            r->err = arena_printf(r->a,
                                  _("Tệp «%s» không khớp mã băm trong danh mục: tệp đã bị thay "
                                    "đổi hoặc hỏng trên đường truyền."),
                                  f->name);
            return -1;
        }
        f->data = bin;
        f->size = got;
    }
    return 0;
}

static int doc_of(rd *r, const xmlNode *hdr, const xmlNode *body, edxml_doc *p)
{
    const xmlNode *mh = child(hdr, "MessageHeader");
    if (!mh) {
        r->err = _("Gói tin thiếu phần MessageHeader.");
        return -1;
    }
    organ_of(r, child(mh, "From"), &p->from);
    int nt = count(mh, "To");
    p->to = arena_alloc(r->a, (size_t)(nt ? nt : 1) * sizeof *p->to);
    for (xmlNode *k = mh->children; k && p->n_to < 64; k = k->next)
        if (is(k, "To"))
            organ_of(r, k, &p->to[p->n_to++]);
    p->document_id = field(r, mh, "DocumentId");
    const xmlNode *code = child(mh, "Code"), *pi = child(mh, "PromulgationInfo"),
                  *dt = child(mh, "DocumentType"), *si = child(mh, "SignerInfo"),
                  *oi = child(mh, "OtherInfo"), *tp = child(mh, "ToPlaces");
    p->code_number = field(r, code, "CodeNumber");
    p->code_notation = field(r, code, "CodeNotation");
    p->place = field(r, pi, "Place");
    const char *date = field(r, pi, "PromulgationDate");
    p->date = date_of(r, date);
    p->type = num(r, dt, "Type", 0, 1000, 0);
    p->type_name = field(r, dt, "TypeName");
    p->type_detail = field(r, dt, "TypeDetail");
    p->subject = field(r, mh, "Subject");
    p->content = text_of(r, child(mh, "Content"), 4 * 1024 * 1024);
    p->signer_competence = field(r, si, "Competence");
    p->signer_position = field(r, si, "Position");
    p->signer_name = field(r, si, "FullName");
    const char *due = field(r, mh, "DueDate");
    p->due_date = date_of(r, due);
    int np = count(tp, "Place");
    p->places = arena_alloc(r->a, (size_t)(np ? np : 1) * sizeof *p->places);
    for (xmlNode *k = tp ? tp->children : NULL; k && p->n_places < 200; k = k->next)
        if (is(k, "Place") && (p->places[p->n_places] = text_of(r, k, 1000)))
            p->n_places++;
    p->priority = num(r, oi, "Priority", 0, 4, 0);
    p->secrecy = num(r, oi, "Secret", 0, 3, 0);
    p->copies = num(r, oi, "PromulgationAmount", 0, 100000, 0);
    p->pages = num(r, oi, "PageAmount", 0, 100000, 0);
    p->sphere = field(r, oi, "SphereOfPromulgation");
    p->typer = field(r, oi, "TyperNotation");
    p->steering = num(r, mh, "SteeringType", 1, 3, 1);
    int nr = count(mh, "ResponseFor");
    p->responses = arena_alloc(r->a, (size_t)(nr ? nr : 1) * sizeof *p->responses);
    for (xmlNode *k = mh->children; k && p->n_responses < 64; k = k->next)
        if (is(k, "ResponseFor"))
            ref_of(r, k, &p->responses[p->n_responses++]);
    const xmlNode *tl = child(hdr, "TraceHeaderList");
    int ntr = count(tl, "TraceHeader");
    p->trace = arena_alloc(r->a, (size_t)(ntr ? ntr : 1) * sizeof *p->trace);
    for (xmlNode *k = tl ? tl->children : NULL; k && p->n_trace < 64; k = k->next)
        if (is(k, "TraceHeader")) {
            p->trace[p->n_trace].organ_id = field(r, k, "OrganId");
            p->trace[p->n_trace++].timestamp = field(r, k, "Timestamp");
        }
    const xmlNode *bz = child(tl, "Bussiness");
    if (!bz)
        bz = child(tl, "Business");
    p->business = num(r, bz, "BussinessDocType", 0, 3, -2);
    if (p->business == -2)
        p->business = num(r, bz, "BusinessDocType", 0, 3, 0);
    p->business_reason = field(r, bz, "BussinessDocReason");
    if (!p->business_reason)
        p->business_reason = field(r, bz, "BusinessDocReason");
    p->business_ref = field(r, bz, "DocumentId");
    if (r->err)
        return -1;
    /* The fields without which the document cannot be registered (ND 30 Phụ lục VI). */
    const char *missing = NULL;
    if (!p->from.organ_id)
        missing = "From/OrganId";
    else if (p->n_to == 0 || !p->to[0].organ_id)
        missing = "To/OrganId";
    else if (!p->document_id)
        missing = "DocumentId";
    else if (!p->code_notation && !p->code_number)
        missing = "Code";
    else if (!p->date)
        missing = date ? "PromulgationDate (ngày không hợp lệ)" : "PromulgationDate";
    else if (!p->subject)
        missing = "Subject";
    else if (due && !p->due_date)
        missing = "DueDate (ngày không hợp lệ)";
    else if (p->business != EDXML_NEW && !p->business_ref)
        missing = "Bussiness/DocumentId";
    if (missing) {
        r->err = arena_printf(r->a, _("Gói tin thiếu trường bắt buộc: %s."), missing);
        return -1;
    }
    for (int i = 0; i < p->n_to; i++)
        if (!p->to[i].organ_id) {
            r->err = arena_printf(r->a, _("Gói tin thiếu trường bắt buộc: %s."), "To/OrganId");
            return -1;
        }
    return files_of(r, body, p);
}

static int status_of(rd *r, const xmlNode *st, edxml_status *s)
{
    ref_of(r, child(st, "ResponseFor"), &s->response_for);
    organ_of(r, child(st, "From"), &s->from);
    s->code = field(r, st, "StatusCode");
    s->description = field(r, st, "Description");
    s->timestamp = field(r, st, "Timestamp");
    s->staff = field(r, child(st, "StaffInfo"), "Staff");
    if (r->err)
        return -1;
    static const char *const codes[] = {"01", "02", "03", "04", "05", "06", "13", "15", "16"};
    bool known = false;
    for (size_t i = 0; s->code && i < sizeof codes / sizeof codes[0]; i++)
        known |= strcmp(s->code, codes[i]) == 0;
    if (!s->response_for.document_id || !s->from.organ_id || !known) {
        r->err = _("Gói trạng thái thiếu văn bản được trả lời, cơ quan gửi hoặc mã trạng thái "
                   "hợp lệ.");
        return -1;
    }
    return 0;
}

int edxml_parse(arena *a, const void *xml, size_t n, edxml_doc **doc_r, edxml_status **status_r,
                const char **err_r)
{
    *doc_r = NULL;
    *status_r = NULL;
    rd r = {a, NULL};
    if (n == 0 || n > EDXML_MAX_BYTES) {
        *err_r = n ? _("Gói tin quá lớn.") : _("Gói tin rỗng.");
        return -1;
    }
    /* A DTD is refused before libxml2 reads it: its entities could not expand in our reading,
     * but the parser would still have to take the declarations apart. */
    if (memmem(xml, n, "<!DOCTYPE", 9) || memmem(xml, n, "<!ENTITY", 8)) {
        *err_r = _("Gói tin không được chứa khai báo DOCTYPE.");
        return -1;
    }
    /* NONET: never fetch anything; no NOENT/DTDLOAD: entities are not substituted nor external
     * subsets loaded; HUGE: an attachment's base64 may exceed libxml2's 10 MB text limit. */
    xmlDocPtr doc = xmlReadMemory(xml, (int)n, "package.edxml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!doc) {
        *err_r = _("Gói tin không phải XML hợp lệ.");
        return -1;
    }
    int kind = -1;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset)
        r.err = _("Gói tin không được chứa khai báo DOCTYPE.");
    else if (!is(root, "edXMLEnvelope") || !ns_ok(root))
        r.err = _("Gói tin không đúng định dạng edXML (phần tử gốc hoặc không gian tên "
                  "QCVN 102:2016 sai).");
    else {
        xmlNode *hdr = child(root, "edXMLHeader"), *body = child(root, "edXMLBody");
        if (!hdr || !ns_ok(hdr) || (body && !ns_ok(body)))
            r.err = _("Gói tin thiếu phần edXMLHeader hoặc sai không gian tên.");
        else if (child(hdr, "Status")) {
            edxml_status *s = arena_alloc(a, sizeof *s);
            if (status_of(&r, child(hdr, "Status"), s) == 0) {
                *status_r = s;
                kind = 2;
            }
        } else {
            edxml_doc *p = arena_alloc(a, sizeof *p);
            if (doc_of(&r, hdr, body, p) == 0) {
                *doc_r = p;
                kind = 1;
            }
        }
    }
    xmlFreeDoc(doc);
    if (kind < 0)
        *err_r = r.err ? r.err : _("Gói tin không hợp lệ.");
    return kind;
}

/* Writing edXML packages with libxml2's xmlTextWriter: the writer escapes every text and
 * attribute, so no user text is ever pasted into markup. Element names follow the public
 * implementations DOMAIN.md §4 cites (the standard's own text was not retrieved). */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "edxml/edxml.h"

#define W(call)                                                                                    \
    do {                                                                                           \
        if ((call) < 0)                                                                            \
            goto fail;                                                                             \
    } while (0)

static int el(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text)
        return 0;
    return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

static int el_int(xmlTextWriterPtr w, const char *name, int v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%d", v);
    return el(w, name, buf);
}

static int organ(xmlTextWriterPtr w, const char *tag, const edxml_organ *o)
{
    if (xmlTextWriterStartElement(w, BAD_CAST tag) < 0 || el(w, "OrganId", o->organ_id) < 0 ||
        el(w, "OrganizationInCharge", o->in_charge) < 0 || el(w, "OrganName", o->name) < 0 ||
        el(w, "OrganAdd", o->address) < 0 || el(w, "Email", o->email) < 0 ||
        el(w, "Telephone", o->phone) < 0 || el(w, "Fax", o->fax) < 0 ||
        el(w, "Website", o->website) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int ref(xmlTextWriterPtr w, const char *tag, const edxml_ref *r)
{
    if (xmlTextWriterStartElement(w, BAD_CAST tag) < 0 || el(w, "OrganId", r->organ_id) < 0 ||
        el(w, "Code", r->code) < 0 || el(w, "PromulgationDate", r->date) < 0 ||
        el(w, "DocumentId", r->document_id) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static xmlTextWriterPtr begin(xmlBufferPtr *buf_r)
{
    *buf_r = xmlBufferCreate();
    if (!*buf_r)
        return NULL;
    xmlTextWriterPtr w = xmlNewTextWriterMemory(*buf_r, 0);
    if (!w) {
        xmlBufferFree(*buf_r);
        return NULL;
    }
    if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST "edXMLEnvelope",
                                    BAD_CAST EDXML_NS) < 0) {
        xmlFreeTextWriter(w);
        xmlBufferFree(*buf_r);
        return NULL;
    }
    return w;
}

static int finish(xmlTextWriterPtr w, xmlBufferPtr buf, strbuf *out)
{
    int rc = xmlTextWriterEndDocument(w); /* closes every open element */
    xmlFreeTextWriter(w);
    if (rc >= 0)
        sb_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    return rc < 0 ? -1 : 0;
}

int edxml_write_doc(const edxml_doc *p, strbuf *out, const char **err_r)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = begin(&buf);
    if (!w) {
        *err_r = "xml writer";
        return -1;
    }
    /* The prefix is declared on the root; children use it too (the reader checks the
     * namespace of every element it reads). */
#define S(name) W(xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST name, NULL))
#define E() W(xmlTextWriterEndElement(w))
    S("edXMLHeader");
    S("MessageHeader");
    W(organ(w, "From", &p->from));
    for (int i = 0; i < p->n_to; i++)
        W(organ(w, "To", &p->to[i]));
    W(el(w, "DocumentId", p->document_id));
    W(xmlTextWriterStartElement(w, BAD_CAST "Code"));
    W(el(w, "CodeNumber", p->code_number));
    W(el(w, "CodeNotation", p->code_notation));
    E();
    W(xmlTextWriterStartElement(w, BAD_CAST "PromulgationInfo"));
    W(el(w, "Place", p->place));
    W(el(w, "PromulgationDate", p->date));
    E();
    W(xmlTextWriterStartElement(w, BAD_CAST "DocumentType"));
    W(el_int(w, "Type", p->type));
    W(el(w, "TypeName", p->type_name));
    W(el(w, "TypeDetail", p->type_detail));
    E();
    W(el(w, "Subject", p->subject));
    W(el(w, "Content", p->content));
    W(xmlTextWriterStartElement(w, BAD_CAST "SignerInfo"));
    W(el(w, "Competence", p->signer_competence));
    W(el(w, "Position", p->signer_position));
    W(el(w, "FullName", p->signer_name));
    E();
    W(el(w, "DueDate", p->due_date));
    W(xmlTextWriterStartElement(w, BAD_CAST "ToPlaces"));
    for (int i = 0; i < p->n_places; i++)
        W(el(w, "Place", p->places[i]));
    E();
    W(xmlTextWriterStartElement(w, BAD_CAST "OtherInfo"));
    W(el_int(w, "Priority", p->priority));
    W(el(w, "SphereOfPromulgation", p->sphere));
    W(el(w, "TyperNotation", p->typer));
    if (p->copies > 0)
        W(el_int(w, "PromulgationAmount", p->copies));
    if (p->pages > 0)
        W(el_int(w, "PageAmount", p->pages));
    W(el_int(w, "Secret", p->secrecy));
    E();
    for (int i = 0; i < p->n_responses; i++)
        W(ref(w, "ResponseFor", &p->responses[i]));
    W(el_int(w, "SteeringType", p->steering ? p->steering : 1));
    E(); /* MessageHeader */
    S("TraceHeaderList");
    for (int i = 0; i < p->n_trace; i++) {
        W(xmlTextWriterStartElement(w, BAD_CAST "TraceHeader"));
        W(el(w, "OrganId", p->trace[i].organ_id));
        W(el(w, "Timestamp", p->trace[i].timestamp));
        E();
    }
    /* "Bussiness" is how the implementations spell it (DOMAIN.md §4); the reader takes both. */
    W(xmlTextWriterStartElement(w, BAD_CAST "Bussiness"));
    W(el_int(w, "BussinessDocType", p->business));
    W(el(w, "BussinessDocReason", p->business_reason));
    W(el(w, "DocumentId", p->business_ref));
    E();
    E(); /* TraceHeaderList */
    E(); /* edXMLHeader */
    S("edXMLBody");
    W(xmlTextWriterStartElement(w, BAD_CAST "Manifest"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1.0"));
    for (int i = 0; i < p->n_files; i++) {
        const edxml_file *f = &p->files[i];
        W(xmlTextWriterStartElement(w, BAD_CAST "Reference"));
        W(el(w, "ContentId", f->content_id));
        W(el(w, "ContentType", f->mime));
        W(el(w, "Description", f->description));
        W(el(w, "AttachmentName", f->name));
        W(el(w, "Hash", f->sha256));
        E();
    }
    E(); /* Manifest */
    W(xmlTextWriterStartElement(w, BAD_CAST "Attachments"));
    for (int i = 0; i < p->n_files; i++) {
        const edxml_file *f = &p->files[i];
        W(xmlTextWriterStartElement(w, BAD_CAST "Attachment"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "ContentId", BAD_CAST f->content_id));
        if (f->size > 0)
            W(xmlTextWriterWriteBase64(w, (const char *)f->data, 0, (int)f->size));
        E();
    }
    E(); /* Attachments */
#undef S
#undef E
    return finish(w, buf, out) == 0 ? 0 : (*err_r = "xml writer", -1);
fail:
    xmlFreeTextWriter(w);
    xmlBufferFree(buf);
    *err_r = "xml writer";
    return -1;
}

int edxml_write_status(const edxml_status *s, strbuf *out, const char **err_r)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = begin(&buf);
    if (!w) {
        *err_r = "xml writer";
        return -1;
    }
    W(xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST "edXMLHeader", NULL));
    W(xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST "Status", NULL));
    W(ref(w, "ResponseFor", &s->response_for));
    W(organ(w, "From", &s->from));
    W(el(w, "StatusCode", s->code));
    W(el(w, "Description", s->description));
    W(el(w, "Timestamp", s->timestamp));
    if (s->staff) {
        W(xmlTextWriterStartElement(w, BAD_CAST "StaffInfo"));
        W(el(w, "Staff", s->staff));
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterEndElement(w)); /* Status */
    W(xmlTextWriterEndElement(w)); /* edXMLHeader */
    W(xmlTextWriterStartElementNS(w, BAD_CAST "edXML", BAD_CAST "edXMLBody", NULL));
    return finish(w, buf, out) == 0 ? 0 : (*err_r = "xml writer", -1);
fail:
    xmlFreeTextWriter(w);
    xmlBufferFree(buf);
    *err_r = "xml writer";
    return -1;
}

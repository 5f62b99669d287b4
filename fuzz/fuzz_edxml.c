/* libFuzzer target: the edXML package reader (edxml_parse: XML, namespace, header fields,
 * manifest, base64 attachments and their hashes) that edxml_receive runs on every package
 * before it touches the database. */
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "edxml/edxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    edxml_doc *p = NULL;
    edxml_status *s = NULL;
    const char *err = NULL;
    int kind = edxml_parse(a, data, size, &p, &s, &err);
    /* Touch what a caller reads, so a bad pointer shows up here. */
    volatile size_t sum = 0;
    if (kind == 1)
        for (int i = 0; i < p->n_files; i++)
            sum += p->files[i].size ? p->files[i].data[0] : 0;
    (void)sum;
    arena_free(&a);
    return 0;
}

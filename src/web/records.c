/* The registry of record kinds and page sections (web/records.h). */
#include "web/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KINDS 32
#define MAX_SECTIONS 48

static struct {
    const char *kind;
    record_visible_fn visible;
} kinds[MAX_KINDS];
static int n_kinds;

static struct {
    const char *kind;
    record_section_fn fn;
} sections[MAX_SECTIONS];
static int n_sections;

static void full(const char *what)
{
    fprintf(stderr, "vanphong: too many %s (web/records.c)\n", what);
    abort();
}

void record_kind_register(const char *kind, record_visible_fn visible)
{
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0) {
            kinds[i].visible = visible;
            return;
        }
    if (n_kinds == MAX_KINDS)
        full("record kinds");
    kinds[n_kinds].kind = kind;
    kinds[n_kinds].visible = visible;
    n_kinds++;
}

bool record_visible(ctx *c, const char *kind, int64_t id, int *secrecy_r)
{
    int secrecy = 0;
    for (int i = 0; kind && i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0) {
            bool ok = kinds[i].visible(c, id, &secrecy) == 1;
            if (secrecy_r)
                *secrecy_r = ok ? secrecy : 0;
            return ok;
        }
    return false;
}

void record_section_register(const char *kind, record_section_fn fn)
{
    for (int i = 0; i < n_sections; i++)
        if (sections[i].fn == fn && strcmp(sections[i].kind, kind) == 0)
            return;
    if (n_sections == MAX_SECTIONS)
        full("record page sections");
    sections[n_sections].kind = kind;
    sections[n_sections].fn = fn;
    n_sections++;
}

void record_sections_html(ctx *c, const char *kind, int64_t id)
{
    for (int i = 0; i < n_sections; i++)
        if (strcmp(sections[i].kind, kind) == 0)
            sections[i].fn(c, kind, id);
}

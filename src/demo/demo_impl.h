#ifndef VP_DEMO_IMPL_H
#define VP_DEMO_IMPL_H
/* Shared between the files of demo/ only. */
#include <stddef.h>

/* ---- where documents come from (demo_sources.c) ---------------------------------------- */

enum period { OLD = 1, NEW = 2, BOTH = 3 };

typedef struct source {
    const char *issuer;               /* an outside body (tác giả), or NULL … */
    const char *unit;                 /* … a unit of the tree, by name */
    int unit_active;                  /* 1: the active unit of that name, 0: the dissolved */
    const char *doc_type, *type_abbr; /* catalog code, abbreviation in the notation */
    const char *issuer_abbr;          /* "TW", "VPTW"; state form: "UBND-VP" */
    int state_form;                   /* "<n>/<issuer_abbr>" instead of "<n>-<T>/<I>" */
    int first_number, step;           /* where the issuer's sequence stands, its pace */
    int period, weight;               /* when it writes, how often */
    int days_to_arrive;               /* from signature to our office */
    const char *const subjects[8];
} source;

#define DEMO_MAX_SOURCES 32 /* demo_n_sources is at most this */
extern const source demo_sources[];
extern const int demo_n_sources;
/* Đảng ủy phường Bình Thủy's own reports to the city (6) and its submissions (3). */
extern const char *const demo_ward_subjects[6];
extern const char *const demo_ward_tt_subjects[3];
/* What leaders write on the routing slip (8), handlers' progress (5) and final notes (5). */
extern const char *const demo_instructions[8];
extern const char *const demo_progress_notes[5];
extern const char *const demo_done_notes[5];

/* ---- the cast, acting (demo_in.c) -------------------------------------------------------- */

#include "web/ctx.h"

/* A demo account acting through the services, with its own request context. */
typedef struct actor {
    user u;
    ctx c;
} actor;

/* The people and units of the demo office the scenes need. */
typedef struct cast {
    actor *vanthu, *vanthu_old, *chanhvp, *chanhvp_old, *thuongtruc, *chuyenvien, *chuyenvien2,
        *chuyenvien2_old, *donvi, *vanthu_bt;
    int64_t tu, vptu, btc, btgdv, ubkt, p_bt, p_nk, p_cr, x_pd, vptu_old, btc_old;
    int64_t now;
    char today[16];
} cast;

#define DAY 86400
/* Moves a moment into office hours (7:30–16:30, Monday–Friday, Vietnam time). */
int64_t demo_office_hours(int64_t t);
/* The last office moment before t. */
int64_t demo_office_before(int64_t t);
/* Sets *err_r to "what: msg" (malloc'd) and returns -1. */
int demo_fail(char **err_r, const char *what, const char *msg);

/* ---- the office's own documents and its dossiers (demo_office.c) --------------------------- */

/* Drafts waiting for a leader, approved, signed and issued documents of the city office. */
int demo_act_outgoing(cast *k, int64_t vptu_reg, char **err_r);
/* A dossier of `year` opened and closed at those times, holding up to `max` documents of the
 * city office dated in [from, to] (from_centre: only those from the Centre), filed by the
 * specialist. */
int demo_dossier(cast *k, int year, const char *title, const char *abbr, int retention,
                 int64_t opened, int64_t closed, const char *from, const char *to, int from_centre,
                 int max, char **err_r);

#endif

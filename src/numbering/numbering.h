#ifndef VP_NUMBERING_H
#define VP_NUMBERING_H
/* The numbers a register gives: số đến of incoming documents (one gap-free sequence per
 * receiving unit and year, table arrival_counters) and số và ký hiệu of outgoing documents
 * (DOMAIN.md §1.2, table number_seq). Parsing a number as printed (both forms) is docno/.
 *
 * Forms:
 *   Party  "<n>-<TYPE>/<ISSUER>"   36-HD/VPTW, 05-CV/VPTU, 24-BS/UBKTTU
 *   State  "<n>/<TYPE>-<ISSUER>"   123/QĐ-UBND;  công văn carry no type: "45/UBND-VP"
 *          (ND 30: number / issuer abbreviation - drafting unit abbreviation). We issue state
 *          công văn as "<n>/<ISSUER>", the register's issuer_abbr holding any unit suffix.
 * Numbers are printed with at least two digits ("05"), as the guides number from 01.
 *
 * Allocation policies (catalog.h registers.policy), sequences in table number_seq
 * (register_id, doc_type, period, lane) → last_number:
 *   party: doc_type = the type, period = "term:<id>" of the committee term containing the
 *          issue date (terms of the register's term_unit_id), lane 0 for every secrecy.
 *   state: doc_type = "" (one sequence per register per year, ND 30 Art. 15), period =
 *          "year:<yyyy>", lane 1 for secret documents (Mật and above), 0 otherwise.
 * numbering_allocate must run inside the caller's write transaction: the sequence row is
 * bumped with one UPSERT … RETURNING under BEGIN IMMEDIATE, so concurrent issuers serialise,
 * and a rollback of the issue gives the number back (gap-free; never reused once committed). */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "catalog/catalog.h"

#define NUMBERING_MAX_CODE 80 /* bytes of a number and notation as printed */

/* Formats the notation for policy into buf: "05-CV/VPTU" or "05/QĐ-UBND" or "05/UBND".
 * type_abbr NULL/"" = no type. */
void numbering_format(enum register_policy policy, long number, const char *type_abbr,
                      const char *issuer_abbr, char *buf, size_t n);

/* Allocates the next number for a document of `type_code` and `secrecy` issued on
 * `issued_date` ("YYYY-MM-DD") in register `reg`. Inside a write transaction only. Fills
 * *number_r, the notation (c->a) in *notation_r and, when period_r is not NULL, the sequence
 * key "term:<id>:<lane>" / "year:<yyyy>:<lane>" (stored with the document so that number and
 * notation are unique per sequence). Returns 0, or -1 with *err_r (Vietnamese:
 * unknown type, no committee term for the date, database error). */
int numbering_allocate(ctx *c, const doc_register *reg, const char *type_code, int secrecy,
                       const char *issued_date, long *number_r, const char **notation_r,
                       const char **period_r, const char **err_r);

/* The number the next allocation would give (for display only; no lock). */
long numbering_peek(ctx *c, const doc_register *reg, const char *type_code, int secrecy,
                    const char *issued_date);

/* The next số đến of unit_id in `year` (Vietnam calendar year of arrival), 1 for the first;
 * inside the caller's write transaction, so a rolled-back registration leaves no gap. -1 on a
 * store error. */
int64_t numbering_next_arrival(db *d, int64_t unit_id, int year);

#endif

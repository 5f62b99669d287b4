#ifndef VP_ARENA_H
#define VP_ARENA_H
/* Per-request memory: many small allocations, one release.
 *
 * Every request gets an arena; handlers allocate from it and never free. Allocation failure
 * aborts the process loudly (STYLE.md: never a silent NULL) — an office server that cannot get
 * a few KB is better restarted by its supervisor than limping on. */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct arena arena;

arena *arena_new(void);                      /* caller frees with arena_free */
void arena_free(arena **ap);                 /* releases everything, sets *ap = NULL; NULL-safe */
void *arena_alloc(arena *a, size_t n);       /* zeroed, aligned to 16 */
char *arena_strdup(arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* Lists read row by row into the arena grow by doubling: when n has reached cap, v is copied
 * into a block twice as large and cap doubles (the old block stays until arena_free). A macro
 * so it fits any element type and any integer type of n and cap; each argument is evaluated
 * more than once, so pass plain variables. */
#define ARENA_GROW(a, v, n, cap)                                                                   \
    do {                                                                                           \
        if ((size_t)(n) == (size_t)(cap)) {                                                        \
            void *grown_ = arena_alloc((a), 2 * (size_t)(cap) * sizeof *(v));                      \
            memcpy(grown_, (v), (size_t)(n) * sizeof *(v));                                        \
            (v) = grown_;                                                                          \
            (cap) *= 2;                                                                            \
        }                                                                                          \
    } while (0)

/* Registers a destructor run by arena_free (for sqlite/jansson objects tied to a request). */
void arena_defer(arena *a, void (*fn)(void *), void *p);

#endif

#ifndef VP_MULTIPART_H
#define VP_MULTIPART_H
/* A streaming multipart/form-data parser (RFC 7578 over RFC 2046).
 *
 * A pure state machine over bytes: feed it the body in chunks of any size (one byte at a time
 * gives the same callbacks as the whole body at once, except that part data may arrive in
 * more, smaller pieces). It allocates nothing; its state lives in the `multipart` struct the
 * caller provides. Part data is passed through as it arrives, so a file of any size needs only
 * constant memory here. It is fuzzed (fuzz/) and unit-tested at every split position.
 *
 * Tolerated: a preamble before the first delimiter, an epilogue after the last, whitespace
 * after a delimiter, bare LF line ends in part headers. Refused (mp_feed returns -1 and stays
 * failed): a part without Content-Disposition: form-data; name="…", part headers over
 * MP_MAX_PART_HEADERS bytes, over-long name/filename/content type, garbage after a delimiter.
 * A body that ends before the closing delimiter is refused by mp_finish. */
#include <stdbool.h>
#include <stddef.h>

#define MP_MAX_BOUNDARY 70       /* RFC 2046 */
#define MP_MAX_PART_HEADERS 8192 /* all header lines of one part */
#define MP_MAX_NAME 256          /* field name bytes */
#define MP_MAX_FILENAME 1024     /* filename bytes (UTF-8 names of ~300 characters) */
#define MP_MAX_CTYPE 256         /* part Content-Type bytes */

/* What part_begin sees; strings are NUL-terminated and valid until part_end. */
typedef struct mp_part {
    const char *name;
    const char *filename;     /* NULL when the part is not a file (no filename parameter) */
    const char *content_type; /* "" when absent */
} mp_part;

/* Callbacks return 0 to go on, anything else to stop the parse (mp_feed then returns -1 and
 * m->err is "aborted by the receiver"; the receiver keeps its own reason). */
typedef struct mp_callbacks {
    int (*part_begin)(void *user, const mp_part *p);
    int (*part_data)(void *user, const char *data, size_t n);
    int (*part_end)(void *user);
} mp_callbacks;

typedef struct multipart {
    /* private: the delimiter "\r\n--" + boundary and how much of it matched so far */
    char delim[4 + MP_MAX_BOUNDARY + 1];
    size_t dlen, match;
    int state;
    size_t pad; /* whitespace bytes seen after a delimiter */
    char hline[MP_MAX_PART_HEADERS];
    size_t hlen, htotal;
    char name[MP_MAX_NAME + 1], filename[MP_MAX_FILENAME + 1], ctype[MP_MAX_CTYPE + 1];
    bool has_name, has_filename;
    const mp_callbacks *cb;
    void *user;
    size_t parts; /* parts begun so far */
    /* public: a short English diagnostic after a failure (for logs and tests) */
    const char *err;
} multipart;

/* Copies the boundary parameter of a multipart/form-data Content-Type into buf (cap >=
 * MP_MAX_BOUNDARY + 1). Returns 0, or -1 if absent, empty, too long or with CR/LF/NUL. */
int mp_boundary(const char *content_type, char *buf, size_t cap);

/* Starts a parse. Returns 0, or -1 for an unusable boundary. */
int mp_init(multipart *m, const char *boundary, const mp_callbacks *cb, void *user);
/* Consumes n bytes. 0, or -1 once the body is malformed or a callback stopped it. */
int mp_feed(multipart *m, const char *data, size_t n);
/* At the end of the body: 0 when the closing delimiter was seen, else -1. */
int mp_finish(multipart *m);

#endif

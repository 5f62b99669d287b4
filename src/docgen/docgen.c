/* docgen_pdf / docgen_docx: load the model and the layout in force on the document's date,
 * render, and for PDF make it PDF/A-2b with ghostscript, run as a child process (no shell)
 * with a time limit. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"

extern char **environ;

#define GS_TIMEOUT_MS 30000 /* a two-page document takes well under a second */
#define SRGB_ICC "/usr/share/color/icc/ghostscript/srgb.icc"
#define SRGB_DIR "/usr/share/color/icc/ghostscript/"

static int fail(char **err_r, const char *msg)
{
    if (err_r)
        *err_r = strdup(msg);
    return -1;
}

static int load(db *d, arena *a, int64_t id, const docgen_as *as, dg_model *m, dg_layout *l,
                char **err_r)
{
    if (dg_model_load(d, a, id, as, m) != 0)
        return fail(err_r, _("Không tìm thấy văn bản."));
    if (dg_layout_load(d, a, m->date, l) != 0)
        return fail(err_r, _("Không đọc được thể thức văn bản."));
    const char *place = l->el[DG_PLACE].text ? l->el[DG_PLACE].text : "";
    if (m->issued)
        m->date_line = docgen_date_line(d, a, place, m->date);
    else /* the day and month are written when the number is taken */
        m->date_line = arena_printf(a, "%s, ngày      tháng      năm %.4s", place, m->date);
    if (!m->date_line)
        m->date_line = "";
    return 0;
}

/* The PDF/A definition: the sRGB output intent ghostscript embeds (its own PDFA_def.ps with
 * the profile path filled in). */
static const char pdfa_def[] =
    "%!\n"
    "/ICCProfile (" SRGB_ICC ") def\n"
    "[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark\n"
    "[{icc_PDFA} << /N 3 >> /PUT pdfmark\n"
    "[{icc_PDFA} ICCProfile (r) file /PUT pdfmark\n"
    "[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark\n"
    "[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}"
    " /OutputConditionIdentifier (sRGB) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark\n"
    "[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark\n";

/* Runs argv with stdio on /dev/null; kills it after timeout_ms. The exit status or -1. */
static int run_child(char *const argv[], int timeout_ms)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    struct timespec nap = {0, 5 * 1000 * 1000};
    for (int waited = 0;; waited += 5) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        if (w < 0 && errno != EINTR)
            return -1;
        if (waited >= timeout_ms) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
}

static int to_pdfa(const strbuf *in, strbuf *out)
{
    const char *tmp = config.tmp_dir && *config.tmp_dir ? config.tmp_dir : "/tmp";
    char dir[512];
    snprintf(dir, sizeof dir, "%s/docgen-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        snprintf(dir, sizeof dir, "/tmp/docgen-XXXXXX");
        if (!mkdtemp(dir))
            return -1;
    }
    char src[600], def[600], dst[600], outarg[620];
    snprintf(src, sizeof src, "%s/in.pdf", dir);
    snprintf(def, sizeof def, "%s/pdfa_def.ps", dir);
    snprintf(dst, sizeof dst, "%s/out.pdf", dir);
    snprintf(outarg, sizeof outarg, "-sOutputFile=%s", dst);
    int rc = -1;
    if (sb_write_file(src, in->buf, in->len) == 0 &&
        sb_write_file(def, pdfa_def, strlen(pdfa_def)) == 0) {
        char *argv[] = {"gs",
                        "-q",
                        "-dBATCH",
                        "-dNOPAUSE",
                        "-dSAFER",
                        "--permit-file-read=" SRGB_DIR,
                        "-sDEVICE=pdfwrite",
                        "-dPDFA=2",
                        "-dPDFACompatibilityPolicy=1",
                        "-sColorConversionStrategy=RGB",
                        "-dEmbedAllFonts=true",
                        outarg,
                        def,
                        src,
                        NULL};
        if (run_child(argv, GS_TIMEOUT_MS) == 0 && sb_read_file(out, dst) == 0 && out->len > 0)
            rc = 0;
    }
    unlink(src);
    unlink(def);
    unlink(dst);
    rmdir(dir);
    return rc;
}

int dg_render_pdf(const dg_model *m, const dg_layout *l, strbuf *out, char **err_r)
{
    strbuf raw = STRBUF_INIT;
    if (dg_render_cairo(m, l, &raw, NULL) != 0) {
        sb_free(&raw);
        return fail(err_r, _("Không dựng được bản PDF của văn bản."));
    }
    size_t before = out->len;
    int rc = to_pdfa(&raw, out);
    sb_free(&raw);
    if (rc != 0) {
        out->len = before;
        if (out->buf)
            out->buf[before] = '\0';
        return fail(err_r, _("Không chuyển được văn bản sang PDF/A (ghostscript)."));
    }
    return 0;
}

int docgen_pdf(db *d, int64_t outgoing_id, strbuf *out, char **err_r)
{
    return docgen_pdf_as(d, outgoing_id, NULL, out, err_r);
}

int docgen_pdf_as(db *d, int64_t outgoing_id, const docgen_as *as, strbuf *out, char **err_r)
{
    arena *a = arena_new();
    dg_model m;
    dg_layout l;
    int rc = load(d, a, outgoing_id, as, &m, &l, err_r);
    if (rc == 0)
        rc = dg_render_pdf(&m, &l, out, err_r);
    arena_free(&a);
    return rc;
}

int docgen_docx(db *d, int64_t outgoing_id, strbuf *out, char **err_r)
{
    arena *a = arena_new();
    dg_model m;
    dg_layout l;
    int rc = load(d, a, outgoing_id, NULL, &m, &l, err_r);
    if (rc == 0)
        rc = dg_render_docx(&m, &l, out, err_r);
    arena_free(&a);
    return rc;
}

/* The model with its date line, for the preview and the check (arena a). */
int dg_load(db *d, arena *a, int64_t id, dg_model *m, dg_layout *l)
{
    char *err = NULL;
    int rc = load(d, a, id, NULL, m, l, &err);
    free(err);
    return rc;
}

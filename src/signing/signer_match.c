/* Whose certificate signed an uploaded PDF (signing.h, signing_attach_signed): pdfsig reports the
 * signer's name but no serial or fingerprint, so the last signature's CMS blob is dumped
 * (pdfsig -dump), its certificates listed (openssl pkcs7 -print_certs) and fingerprinted
 * (openssl x509 -fingerprint -sha256, the form the credential rows keep). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs/jobs.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"

static int run_in(const char *const argv[], const char *cwd, strbuf *out)
{
    exec_limits lim = {60, 120, (size_t)2048 * 1024 * 1024, (size_t)256 * 1024 * 1024,
                       (size_t)128 * 1024 * 1024};
    strbuf tmp = STRBUF_INIT;
    char *err = NULL;
    int rc = jobs_exec(argv, cwd, &lim, out ? out : &tmp, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "vanphong: signing: %s: %s\n", argv[0], err ? err : "?");
    free(err);
    sb_free(&tmp);
    return rc;
}

/* The highest "in.pdf.sigN" pdfsig -dump wrote: the last signature, the one covering the file. */
static int last_dump(const char *dir, char *name, size_t n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long best = -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *p = e->d_name;
        if (strncmp(p, "in.pdf.sig", 10) != 0 || !p[10])
            continue;
        char *end;
        long k = strtol(p + 10, &end, 10);
        if (*end == '\0' && k > best)
            best = k;
    }
    closedir(d);
    if (best < 0)
        return -1;
    snprintf(name, n, "%s/in.pdf.sig%ld", dir, best);
    return 0;
}

int signing_pdf_cert_fingerprints(arena *a, const void *pdf, size_t n, const char ***fps_r)
{
    *fps_r = NULL;
    char dir[4096], in[4200], sig[4400], certs[4400];
    if (signing_tmp_make(dir, sizeof dir) != 0)
        return -1;
    int count = -1;
    strbuf pem = STRBUF_INIT, out = STRBUF_INIT;
    if (signing_tmp_write(dir, "in.pdf", pdf, n, in, sizeof in) != 0)
        goto done;
    char *nerr = NULL;
    if (signing_nss_ready(&nerr) != 0) {
        free(nerr);
        goto done;
    }
    const char *dump[] = {"pdfsig", "-nssdir", signing_nss_dir(), "-nocert", "-dump",
                          "in.pdf", NULL};
    if (run_in(dump, dir, NULL) != 0 || last_dump(dir, sig, sizeof sig) != 0)
        goto done;
    snprintf(certs, sizeof certs, "%s/certs.pem", dir);
    const char *p7[] = {"openssl", "pkcs7",        "-inform", "DER", "-in",
                        sig,       "-print_certs", "-out",    certs, NULL};
    if (run_in(p7, dir, NULL) != 0 || sb_read_file(&pem, certs) != 0)
        goto done;
    const char **v = arena_alloc(a, sizeof *v * 17);
    count = 0;
    const char *BEGIN = "-----BEGIN CERTIFICATE-----", *END = "-----END CERTIFICATE-----";
    for (const char *p = strstr(sb_str(&pem), BEGIN); p && count < 16; p = strstr(p, BEGIN)) {
        const char *e = strstr(p, END);
        if (!e)
            break;
        e += strlen(END);
        char one[4400];
        if (signing_tmp_write(dir, "one.pem", p, (size_t)(e - p), one, sizeof one) != 0)
            break;
        const char *x[] = {"openssl", "x509",         "-in",     one,
                           "-noout",  "-fingerprint", "-sha256", NULL};
        sb_reset(&out);
        if (run_in(x, dir, &out) == 0) {
            const char *f = strstr(sb_str(&out), "Fingerprint=");
            if (f) {
                f += strlen("Fingerprint=");
                size_t k = strcspn(f, "\r\n");
                v[count++] = arena_strndup(a, f, k);
            }
        }
        p = e;
    }
    v[count] = NULL;
    *fps_r = v;
done:
    sb_free(&pem);
    sb_free(&out);
    signing_tmp_remove(dir);
    return count;
}

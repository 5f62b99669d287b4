/* `vanphong serve` and `vanphong http`: the two front ends (http/server.c, http/raw.c) over a
 * data directory opened by app_open, which hands them the dispatcher. */
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/request.h"
#include "jobs/jobs.h"

static const char serve_help[] = N_(
    "cách dùng: vanphong serve --data DIR [--listen ADDR:PORT] [--threads N] [--jobs N] [--lang "
    "en]\n"
    "                      [--tls-cert CERT.pem --tls-key KEY.pem]\n"
    "\n"
    "Chạy máy chủ web trên thư mục dữ liệu DIR (tạo bằng `vanphong init`).\n"
    "  --listen ADDR:PORT  địa chỉ lắng nghe (mặc định 127.0.0.1:8080; IPv6 viết [::1]:8080, và\n"
    "                      [::]:8080 nhận cả IPv4; cổng 0 chọn một cổng còn trống). Lắng nghe\n"
    "                      ngoài 127.0.0.1 thì hãy đặt sau một proxy TLS.\n"
    "  --threads N         số luồng xử lý yêu cầu (mặc định: số lõi CPU)\n"
    "  --jobs N            số luồng việc nền: trích xuất văn bản, OCR, lập chỉ mục (mặc định 1;\n"
    "                      0 là không chạy)\n"
    "  --tls-cert F, --tls-key F  phục vụ HTTPS trực tiếp với chứng thư và khóa PEM này (không\n"
    "                      cần nginx phía trước; ví dụ để hệ thống khác gửi thư liên thông tới)\n"
    "  --lang en           giao diện tiếng Anh (mặc định tiếng Việt; cũng như VANPHONG_LANG=en)\n"
    "In \"vanphong: listening on http://ADDR:PORT/\" khi đã sẵn sàng (dòng này giống nhau ở mọi\n"
    "ngôn ngữ). SIGTERM hoặc SIGINT dừng máy chủ sau khi các yêu cầu đang xử lý được trả lời.\n"
    "Mỗi yêu cầu ghi một dòng nhật ký trên stderr: mức (info/error), địa chỉ người dùng (sau\n"
    "một proxy có trong VANPHONG_TRUSTED_PROXIES: địa chỉ X-Forwarded-For), mã yêu cầu (cũng\n"
    "gửi trong header X-Request-Id), phương thức, đường dẫn, mã trạng thái, thời gian. Dưới\n"
    "systemd (journald) mỗi dòng có tiền tố mức <6>/<3>. VANPHONG_QUIET=1 tắt nhật ký này.\n");

static const char http_help[] =
    N_("cách dùng: vanphong http --data DIR\n"
       "\n"
       "Đọc một yêu cầu HTTP/1.1 từ stdin (dòng yêu cầu, các header, phần thân dài Content-Length\n"
       "byte), trả lời như `vanphong serve` sẽ trả lời và ghi toàn bộ phản hồi ra stdout.\n"
       "Dùng cho kiểm thử và fuzzing: không có socket. Yêu cầu sai dạng nhận phản hồi 400 (mã\n"
       "thoát 0).\n"
       "Ví dụ:  printf 'GET /healthz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | vanphong http --data "
       "DIR\n");

static int n_jobs_to_start;

/* Background workers start once the server listens, and stop after its last request. The
 * clock-driven sweeps run once first, before "listening" is printed: a client then always meets
 * the state after them. */
static void start_jobs(void)
{
    jobs_run_ticks();
    if (jobs_start(n_jobs_to_start, config.data_dir) != 0)
        fputs(_("vanphong serve: việc nền không khởi động được; tệp tải lên sẽ chờ "
                "`vanphong reindex --run-jobs`\n"),
              stderr);
}

static void stop_all(void)
{
    jobs_stop();
    db_thread_close();
}

#define PEM_MAX (1024 * 1024)

/* A PEM file's text (malloc'd), or NULL with the reason on stderr. */
static char *read_pem(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = f ? malloc(PEM_MAX + 1) : NULL;
    size_t n = buf ? fread(buf, 1, PEM_MAX + 1, f) : 0;
    if (f)
        fclose(f);
    if (!buf || n == 0 || n > PEM_MAX) {
        fprintf(stderr, _("vanphong serve: không đọc được tệp PEM %s\n"), path);
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    return buf;
}

int cli_serve(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--listen",   "--threads", "--lang",
                                         "--jobs", "--tls-cert", "--tls-key", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong serve", serve_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    app_set_db_url(cli_opt(argc, argv, "--db"));
    const char *listen = cli_opt(argc, argv, "--listen");
    const char *threads_s = cli_opt(argc, argv, "--threads");
    const char *lang = cli_opt(argc, argv, "--lang");
    const char *jobs_s = cli_opt(argc, argv, "--jobs");
    if (lang) { /* the messages below in that language too; app_open keeps the choice */
        setenv("VANPHONG_LANG", lang, 1);
        i18n_init(lang, NULL);
    }
    if (!data) {
        fputs(_(serve_help), stderr);
        return 2;
    }
    struct sockaddr_storage sa;
    if (http_parse_listen(listen ? listen : "127.0.0.1:8080", &sa) != 0) {
        fputs(_("vanphong serve: --listen cần ADDR:PORT (IPv4) hoặc [ADDR]:PORT (IPv6), ví dụ "
                "127.0.0.1:8080 hoặc [::]:8080\n"),
              stderr);
        return 2;
    }
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads_s) {
        char *end;
        threads = strtol(threads_s, &end, 10);
        if (*end || threads < 1 || threads > 256) {
            fputs(_("vanphong serve: --threads cần một số từ 1 đến 256\n"), stderr);
            return 2;
        }
    }
    if (threads < 1)
        threads = 1;
    long n_jobs = 1;
    if (jobs_s) {
        char *end;
        n_jobs = strtol(jobs_s, &end, 10);
        if (*end || n_jobs < 0 || n_jobs > JOBS_MAX_THREADS) {
            fprintf(stderr, _("vanphong serve: --jobs cần một số từ 0 đến %d\n"), JOBS_MAX_THREADS);
            return 2;
        }
    }
    const char *cert_f = cli_opt(argc, argv, "--tls-cert");
    const char *key_f = cli_opt(argc, argv, "--tls-key");
    char *cert = NULL, *key = NULL;
    if (!cert_f != !key_f) {
        fputs(_("vanphong serve: --tls-cert và --tls-key phải đi cùng nhau\n"), stderr);
        return 2;
    }
    if (cert_f && (!(cert = read_pem(cert_f)) || !(key = read_pem(key_f)))) {
        free(cert);
        return 1;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        free(cert);
        free(key);
        fprintf(stderr, "vanphong serve: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }

    int rc = http_serve_tls(&sa, listen ? listen : "127.0.0.1:8080", (unsigned)threads,
                            n_jobs > 0 ? (n_jobs_to_start = (int)n_jobs, start_jobs) : NULL,
                            stop_all, cert, key);
    free(cert);
    if (key) {
        memset(key, 0, strlen(key)); /* the private key does not linger in freed memory */
        free(key);
    }
    return rc;
}

int cli_http(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong http", http_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    app_set_db_url(cli_opt(argc, argv, "--db"));
    if (!data) {
        fputs(_(http_help), stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong http: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    http_answer_stream(stdin, stdout);
    return 0;
}

/* Deterministic generator of a Vietnamese office corpus for `make bench` (VI-TEXT.md "Test
 * data"): incoming documents as the JSON lines `vanphong import` reads, plus the benchmark's
 * query file. Same seed + same vocabulary files = byte-identical output.
 *
 *   gen VOCABDIR N SEED OUT.jsonl QUERIES.tsv
 *
 * Real text only: subjects and bodies are assembled from the hunspell-vi syllables, the
 * manpages-vi prose and the Vietnamese gettext messages that bench/vocab.sh extracted, around
 * the fixed phrases of office documents (trích yếu templates, issuers, document types).
 * Variants at known rates (printed on stderr and in the query file's header): NFD text, the
 * old tone placement ("hoà" for "hòa"), unaccented copies, and Ð (U+00D0) for Đ.
 * Built by bench/run.sh: cc -O2 bench/gen.c -lutf8proc. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

/* Rates in per-mille of documents. */
enum { RATE_FILE = 300, RATE_NFD = 50, RATE_OLDTONE = 100, RATE_UNACCENTED = 50, RATE_ETH = 10 };
enum { RATE_SECRET = 20, RATE_URGENT = 60, RATE_WARD_CLERK = 150 };

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{ /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}
static unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}
static int chance(unsigned per_mille)
{
    return pick(1000) < per_mille;
}

typedef struct lines {
    char **v;
    unsigned n;
} lines;

static lines load(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    lines l = {0};
    unsigned cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    while ((n = getline(&line, &lcap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (!n || strchr(line, '"') || strchr(line, '\\'))
            continue;
        if (l.n == cap) {
            cap = cap ? cap * 2 : 1024;
            l.v = realloc(l.v, cap * sizeof *l.v);
        }
        l.v[l.n++] = strdup(line);
    }
    free(line);
    fclose(f);
    if (!l.n) {
        fprintf(stderr, "gen: %s is empty\n", path);
        exit(1);
    }
    return l;
}

#define N_OF(a) (sizeof a / sizeof a[0])

/* Issuers: outside bodies by name with the abbreviation their numbers carry. party = Party
 * style "12-NQ/TW"; else state style "12/QĐ-UBND". */
static const struct {
    const char *name, *abbr;
    int party;
} issuers[] = {
    {"Ban Chấp hành Trung ương", "TW", 1},
    {"Ban Bí thư", "TW", 1},
    {"Văn phòng Trung ương Đảng", "VPTW", 1},
    {"Ban Tổ chức Trung ương", "BTCTW", 1},
    {"Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW", 1},
    {"Ủy ban Kiểm tra Trung ương", "UBKTTW", 1},
    {"Đảng ủy Ủy ban nhân dân thành phố", "ĐU", 1},
    {"Đảng ủy các cơ quan Đảng thành phố", "ĐU", 1},
    {"Ủy ban nhân dân thành phố Cần Thơ", "UBND", 0},
    {"Hội đồng nhân dân thành phố Cần Thơ", "HĐND", 0},
    {"Sở Nội vụ thành phố Cần Thơ", "SNV", 0},
    {"Sở Tài chính thành phố Cần Thơ", "STC", 0},
    {"Sở Giáo dục và Đào tạo thành phố Cần Thơ", "SGDĐT", 0},
    {"Sở Y tế thành phố Cần Thơ", "SYT", 0},
    {"Sở Khoa học và Công nghệ thành phố Cần Thơ", "SKHCN", 0},
    {"Công an thành phố Cần Thơ", "CAT", 0},
    {"Bộ Chỉ huy Quân sự thành phố Cần Thơ", "BCH", 0},
    {"Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Cần Thơ", "MTTQ", 0},
    {"Liên đoàn Lao động thành phố Cần Thơ", "LĐLĐ", 0},
    {"Thành đoàn Cần Thơ", "TĐTN", 0},
};

static const struct {
    const char *code, *abbr;
    unsigned weight;
} types[] = {
    {"cong_van", "CV", 300},  {"thong_bao", "TB", 120}, {"ke_hoach", "KH", 110},
    {"bao_cao", "BC", 110},   {"quyet_dinh", "QĐ", 90}, {"huong_dan", "HD", 50},
    {"nghi_quyet", "NQ", 40}, {"chi_thi", "CT", 30},    {"ket_luan", "KL", 30},
    {"giay_moi", "GM", 60},   {"to_trinh", "TTr", 30},  {"chuong_trinh", "CTr", 30},
};

/* Fixed phrases of trích yếu (the words an office searches by). */
static const char *topics[] = {
    "triển khai thực hiện Nghị quyết Đại hội Đảng bộ thành phố",
    "kế hoạch tổ chức hội nghị sơ kết",
    "tổng kết công tác xây dựng Đảng năm",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "đẩy mạnh chuyển đổi số trong các cơ quan Đảng",
    "tăng cường công tác phòng, chống tham nhũng, tiêu cực",
    "chuẩn bị Đại hội đảng bộ cấp cơ sở nhiệm kỳ 2025 - 2030",
    "công tác phát triển đảng viên mới",
    "thực hiện chế độ thông tin, báo cáo định kỳ",
    "công tác bảo vệ bí mật nhà nước",
    "sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão",
    "công tác dân vận và thực hiện quy chế dân chủ ở cơ sở",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "quản lý, sử dụng tài chính, tài sản của Đảng",
    "công tác thi đua, khen thưởng năm",
    "lấy ý kiến góp ý dự thảo văn kiện",
    "tổ chức các hoạt động kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
    "công tác văn thư, lưu trữ và hồ sơ điện tử",
    "hòa giải ở cơ sở và bảo đảm an ninh trật tự",
    "quy hoạch, đào tạo, bồi dưỡng cán bộ",
    "xây dựng nông thôn mới và đô thị văn minh",
    "phát triển kinh tế - xã hội, quốc phòng - an ninh quý",
    "giải quyết đơn thư khiếu nại, tố cáo của công dân",
    "công tác thủy lợi và phòng chống hạn mặn vụ lúa",
};
static const char *lead[] = {"Về việc", "V/v", "Về", "Báo cáo", "Kế hoạch", "Thông báo về"};

static const char *surnames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan",
                                 "Đặng",   "Bùi",  "Đỗ", "Hồ",   "Ngô",   "Dương", "Lý", "Trương"};
static const char *middles[] = {"Văn",  "Thị", "Minh", "Thanh", "Hoàng", "Ngọc",
                                "Quốc", "Hữu", "Thu",  "Đức",   "Kim",   "Xuân"};
static const char *givens[] = {"An",  "Bình", "Cường", "Dũng",  "Hòa",  "Hùng", "Hương", "Khoa",
                               "Lan", "Linh", "Long",  "Mai",   "Nam",  "Phúc", "Quân",  "Sơn",
                               "Tâm", "Thảo", "Thủy",  "Trung", "Tuấn", "Vân",  "Việt",  "Yến"};

/* ---- JSON and text helpers -------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;
static void badd(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void bs(buf *b, const char *s)
{
    badd(b, s, strlen(s));
}

/* s with the old tone placement: the mark moves from o/u to the following a/e/y. */
static char *old_tone(const char *s)
{
    static const char *pairs[][2] = {{"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"},
                                     {"ọa", "oạ"}, {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"},
                                     {"õe", "oẽ"}, {"ọe", "oẹ"}, {"ùy", "uỳ"}, {"úy", "uý"},
                                     {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"}, {"Ủy", "Uỷ"}};
    buf b = {0};
    bs(&b, "");
    while (*s) {
        size_t k;
        for (k = 0; k < N_OF(pairs); k++) {
            size_t l = strlen(pairs[k][0]);
            if (strncmp(s, pairs[k][0], l) == 0) {
                bs(&b, pairs[k][1]);
                s += l;
                break;
            }
        }
        if (k == N_OF(pairs))
            badd(&b, s++, 1);
    }
    return b.p;
}

static char *nfd(const char *s)
{
    return (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
}

static char *unaccented(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    buf b = {0};
    bs(&b, "");
    for (const char *p = (const char *)out; *p;) {
        if (strncmp(p, "đ", 2) == 0) {
            bs(&b, "d");
            p += 2;
        } else if (strncmp(p, "Đ", 2) == 0) {
            bs(&b, "D");
            p += 2;
        } else
            badd(&b, p++, 1);
    }
    free(out);
    return b.p;
}

static char *eth(const char *s)
{
    buf b = {0};
    bs(&b, "");
    for (; *s;) {
        if (strncmp(s, "Đ", 2) == 0) {
            bs(&b, "Ð");
            s += 2;
        } else
            badd(&b, s++, 1);
    }
    return b.p;
}

enum variant { V_NONE, V_NFD, V_OLDTONE, V_UNACCENTED, V_ETH };
static char *variant(const char *s, enum variant v)
{
    switch (v) {
    case V_NFD:
        return nfd(s);
    case V_OLDTONE:
        return old_tone(s);
    case V_UNACCENTED:
        return unaccented(s);
    case V_ETH:
        return eth(s);
    default:
        return strdup(s);
    }
}

static void jstr(buf *b, const char *k, const char *v)
{
    bs(b, "\"");
    bs(b, k);
    bs(b, "\":\"");
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\') {
            badd(b, "\\", 1);
            badd(b, (const char *)p, 1);
        } else if (*p < 0x20)
            badd(b, " ", 1);
        else
            badd(b, (const char *)p, 1);
    }
    bs(b, "\",");
}

static void ymd(time_t t, char *out)
{
    struct tm tm;
    t += 7 * 3600; /* Vietnam */
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen VOCABDIR N SEED OUT.jsonl QUERIES.tsv\n");
        return 2;
    }
    lines syll = load(argv[1], "syll.txt"), prose = load(argv[1], "prose.txt"),
          msgs = load(argv[1], "msgs.txt");
    long n = atol(argv[2]);
    rng ^= strtoull(argv[3], NULL, 10) * 0x100000001B3ull;
    if (!rng)
        rng = 1;
    FILE *out = fopen(argv[4], "w");
    if (!out || n <= 0) {
        perror(argv[4]);
        return 1;
    }
    /* Arrivals from 2021-01-04 to 2026-10-30, ascending. */
    const time_t t_first = 1609722000, t_last = 1793325600; /* 01:00Z = 08:00 in Vietnam */
    unsigned counters[N_OF(issuers)][8] = {{0}};
    unsigned total_w = 0;
    for (size_t i = 0; i < N_OF(types); i++)
        total_w += types[i].weight;
    long c_file = 0, c_var[5] = {0};
    char selective_code[96] = "", selective_word[64] = "";
    buf b = {0};
    for (long i = 0; i < n; i++) {
        b.n = 0;
        bs(&b, "{");
        time_t at = t_first + (time_t)((double)(t_last - t_first) * i / n);
        at += (time_t)pick((unsigned)((t_last - t_first) / n) + 1); /* still ascending */
        char arrived[48];
        snprintf(arrived, sizeof arrived, "\"arrived_at\":%lld,", (long long)at);
        bs(&b, arrived);
        bs(&b,
           chance(RATE_WARD_CLERK) ? "\"clerk\":\"vanthu.binhthuy\"," : "\"clerk\":\"vanthu\",");
        char un[32];
        snprintf(un, sizeof un, "\"unit_n\":%u,", pick(6));
        bs(&b, un);
        unsigned is = pick(N_OF(issuers));
        unsigned w = pick(total_w), t = 0;
        while (w >= types[t].weight)
            w -= types[t++].weight;
        char issued[11];
        ymd(at - (time_t)pick(10) * 86400, issued);
        int year = atoi(issued);
        unsigned num = ++counters[is][(year - 2020) & 7];
        char code[96];
        if (issuers[is].party)
            snprintf(code, sizeof code, "%u-%s/%s", num, types[t].abbr, issuers[is].abbr);
        else
            snprintf(code, sizeof code, "%u/%s-%s", num, types[t].abbr, issuers[is].abbr);
        if (i == n / 2)
            snprintf(selective_code, sizeof selective_code, "%s", code);
        jstr(&b, "issuer_name", issuers[is].name);
        jstr(&b, "code", code);
        jstr(&b, "doc_type", types[t].code);
        jstr(&b, "issued_date", issued);
        /* Trích yếu: a lead, an office topic, a few dictionary syllables, sometimes a
         * sentence of real prose. */
        buf s = {0};
        bs(&s, lead[pick(N_OF(lead))]);
        bs(&s, " ");
        bs(&s, topics[pick(N_OF(topics))]);
        unsigned k = 1 + pick(4);
        for (unsigned j = 0; j < k; j++) {
            bs(&s, " ");
            bs(&s, syll.v[pick(syll.n)]);
        }
        if (chance(300)) {
            bs(&s, ": ");
            bs(&s, chance(500) ? prose.v[pick(prose.n)] : msgs.v[pick(msgs.n)]);
        }
        if (i == n / 3)
            snprintf(selective_word, sizeof selective_word, "%s", syll.v[pick(syll.n)]);
        enum variant v = V_NONE;
        unsigned r = pick(1000);
        if (r < RATE_NFD)
            v = V_NFD;
        else if (r < RATE_NFD + RATE_OLDTONE)
            v = V_OLDTONE;
        else if (r < RATE_NFD + RATE_OLDTONE + RATE_UNACCENTED)
            v = V_UNACCENTED;
        else if (r < RATE_NFD + RATE_OLDTONE + RATE_UNACCENTED + RATE_ETH)
            v = V_ETH;
        c_var[v]++;
        char *subj = variant(s.p, v);
        jstr(&b, "subject", subj);
        free(subj);
        free(s.p);
        char signer[96];
        snprintf(signer, sizeof signer, "%s %s %s", surnames[pick(N_OF(surnames))],
                 middles[pick(N_OF(middles))], givens[pick(N_OF(givens))]);
        jstr(&b, "signer", signer);
        char meta[96];
        snprintf(meta, sizeof meta, "\"pages\":%u,", 1 + pick(12));
        bs(&b, meta);
        jstr(&b, "secrecy", chance(RATE_SECRET) ? "mat" : "none");
        jstr(&b, "urgency", chance(RATE_URGENT) ? "khan" : "normal");
        if (chance(RATE_FILE)) {
            /* The body: 5–40 lines of real prose and messages, 0.5–8 KB. */
            c_file++;
            buf body = {0};
            bs(&body, topics[pick(N_OF(topics))]);
            unsigned lines_n = 5 + pick(36);
            for (unsigned j = 0; j < lines_n; j++) {
                bs(&body, "\n");
                bs(&body, chance(600) ? prose.v[pick(prose.n)] : msgs.v[pick(msgs.n)]);
            }
            char *bodyv = variant(body.p, v == V_ETH ? V_NONE : v);
            char name[64];
            snprintf(name, sizeof name, "vanban-%ld.txt", i + 1);
            bs(&b, "\"file\":{");
            jstr(&b, "name", name);
            jstr(&b, "type", "text/plain");
            jstr(&b, "text", bodyv);
            b.n--; /* the last comma */
            bs(&b, "},");
            free(bodyv);
            free(body.p);
        }
        b.n--;
        bs(&b, "}\n");
        fwrite(b.p, 1, b.n, out);
    }
    if (fclose(out) != 0) {
        perror(argv[4]);
        return 1;
    }
    fprintf(stderr,
            "gen: %ld documents, %ld with a text attachment (%.1f%%); subjects NFD %ld, old tone "
            "%ld, unaccented %ld, Ð %ld\n",
            n, c_file, 100.0 * c_file / n, c_var[V_NFD], c_var[V_OLDTONE], c_var[V_UNACCENTED],
            c_var[V_ETH]);
    /* The benchmark's queries, one shape a line: shape TAB query TAB filters (k=v&…). */
    FILE *q = fopen(argv[5], "w");
    if (!q) {
        perror(argv[5]);
        return 1;
    }
    fprintf(q, "# gen %ld docs seed %s: files %ld nfd %ld oldtone %ld unaccented %ld eth %ld\n", n,
            argv[3], c_file, c_var[V_NFD], c_var[V_OLDTONE], c_var[V_UNACCENTED], c_var[V_ETH]);
    fprintf(q, "selective_code\t%s\t\n", selective_code);
    fprintf(q, "selective_word\t%s tăng cường\t\n", selective_word);
    fprintf(q, "broad\tkế hoạch\t\n");
    fprintf(q, "broad_common\tcông tác\t\n");
    fprintf(q, "phrase\t\"chuyển đổi số\"\t\n");
    fprintf(q, "phrase_common\t\"công tác\"\t\n");
    fprintf(q, "unaccented\tthuy loi han man\t\n");
    fprintf(q, "tone_style\thoà giải\t\n");
    fprintf(q, "prefix\tthủy*\t\n");
    fprintf(q, "prefix_short\tth*\t\n");
    fprintf(q, "filtered\tkế hoạch\tdoc_type=ke_hoach&year=2024\n");
    fprintf(q, "filtered_date\tđảng viên\tfrom=2025-01-01&to=2025-03-31\n");
    fprintf(q, "sort_date\tcông tác\tsort=date\n");
    return fclose(q) != 0;
}

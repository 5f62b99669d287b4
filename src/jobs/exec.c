/* The sandbox for untrusted work: fork + setrlimit + exec, output captured with a cap, a
 * wall-clock limit enforced by killing the child's process group. Contract in jobs.h.
 *
 * Between fork and exec the child only calls async-signal-safe functions (the server is
 * multi-threaded): the program path and environment are prepared before forking. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "jobs/jobs.h"

enum { ERR_KEEP = 4096 };

static atomic_bool cancel_all;

void jobs_exec_cancel(bool on)
{
    atomic_store(&cancel_all, on);
}

bool jobs_exec_cancelled(void)
{
    return atomic_load(&cancel_all);
}

/* Finds name on PATH (or takes it as is when it holds a '/'); malloc'd, NULL if not found. */
static char *resolve(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 ? strdup(name) : NULL;
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *cand = NULL;
        if (asprintf(&cand, "%.*s/%s", (int)n, p, name) < 0)
            abort();
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
            return cand;
        free(cand);
        p = e ? e + 1 : p + n;
    }
    return NULL;
}

static void set_limit(int res, rlim_t v)
{
    struct rlimit rl = {v, v};
    setrlimit(res, &rl);
}

static void fail(char **err_r, const char *fmt, const char *a, long b)
{
    if (err_r && asprintf(err_r, fmt, a, b) < 0)
        abort();
}

int jobs_exec(const char *const argv[], const char *cwd, const exec_limits *lim, strbuf *out,
              bool *truncated_r, char **err_r)
{
    if (err_r)
        *err_r = NULL;
    if (truncated_r)
        *truncated_r = false;
    char *prog = resolve(argv[0]);
    if (!prog) {
        fail(err_r, "%s: program not found%.0ld", argv[0], 0);
        return -1;
    }
    char *env_path = NULL, *env_home = NULL;
    const char *path = getenv("PATH");
    if (asprintf(&env_path, "PATH=%s", path ? path : "/usr/local/bin:/usr/bin:/bin") < 0 ||
        asprintf(&env_home, "HOME=%s", cwd ? cwd : "/tmp") < 0)
        abort();
    char *envp[] = {env_path, env_home, "OMP_THREAD_LIMIT=1", "LC_ALL=C.UTF-8", NULL};

    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
        fail(err_r, "pipe: %s%.0ld", strerror(errno), 0);
        free(prog), free(env_path), free(env_home);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        fail(err_r, "fork: %s%.0ld", strerror(errno), 0);
        close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
        free(prog), free(env_path), free(env_home);
        return -1;
    }
    if (pid == 0) {
        /* child: async-signal-safe calls only */
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_s);
        set_limit(RLIMIT_AS, (rlim_t)lim->mem_bytes);
        set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_bytes);
        set_limit(RLIMIT_CORE, 0);
        set_limit(RLIMIT_NPROC, 256);
        execve(prog, (char *const *)argv, envp);
        _exit(127);
    }
    setpgid(pid, pid); /* also from the parent, so the group exists before any kill */
    close(po[1]);
    close(pe[1]);
    free(prog);
    free(env_path);
    free(env_home);

    int64_t deadline = clock_now_ms() + (int64_t)lim->wall_s * 1000;
    char errbuf[ERR_KEEP];
    size_t errlen = 0;
    bool timed_out = false, truncated = false, cancelled = false;
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        int64_t left = deadline - clock_now_ms();
        if (atomic_load(&cancel_all)) {
            cancelled = true;
            break;
        }
        if (left <= 0) {
            timed_out = true;
            break;
        }
        int r = poll(fds, 2, (int)(left > 200 ? 200 : left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t k = read(fds[i].fd, buf, sizeof buf);
            if (k <= 0) {
                if (k < 0 && errno == EINTR)
                    continue;
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 0) {
                size_t room = lim->out_max > out->len ? lim->out_max - out->len : 0;
                size_t take = (size_t)k < room ? (size_t)k : room;
                if (take > 0)
                    sb_add(out, buf, take);
                if ((size_t)k > room) {
                    truncated = true;
                    break;
                }
            } else {
                size_t take =
                    (size_t)k < sizeof errbuf - 1 - errlen ? (size_t)k : sizeof errbuf - 1 - errlen;
                memcpy(errbuf + errlen, buf, take);
                errlen += take;
            }
        }
        if (truncated)
            break;
    }
    if (timed_out || truncated || cancelled)
        kill(-pid, SIGKILL);
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* grandchildren left in the group (none expected) go too */
    kill(-pid, SIGKILL);
    errbuf[errlen] = 0;
    /* keep the last line of stderr for the message */
    while (errlen > 0 && (errbuf[errlen - 1] == '\n' || errbuf[errlen - 1] == ' '))
        errbuf[--errlen] = 0;
    char *last = strrchr(errbuf, '\n');
    const char *detail = last ? last + 1 : errbuf;

    if (truncated_r)
        *truncated_r = truncated;
    if (cancelled) {
        fail(err_r, "%scancelled%.0ld", "", 0);
        return -1;
    }
    if (timed_out) {
        fail(err_r, "%stimed out after %ld s", "", (long)lim->wall_s);
        return -1;
    }
    if (truncated)
        return 0;
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        fail(err_r, sig == SIGXCPU ? "%sCPU limit reached (signal %ld)" : "%skilled by signal %ld",
             "", sig);
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        if (err_r && asprintf(err_r, "exit %d: %.300s", WEXITSTATUS(status), detail) < 0)
            abort();
        return -1;
    }
    return 0;
}

/* Private, fsynced file copies for backup and restore (app/backup_files.h). */
#include "app/backup_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int bk_copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return -1;
    }
    /* An existing file keeps its mode on O_TRUNC: make it private all the same. */
    fchmod(out, 0600);
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fsync(out) != 0)
        rc = -1;
    close(in);
    if (close(out) != 0)
        rc = -1;
    return rc;
}

/* fsync of a folder makes the names created in it durable. */
static void sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

long bk_copy_tree(const char *from, const char *to)
{
    DIR *dir = opendir(from);
    if (!dir)
        return errno == ENOENT ? 0 : -1;
    if (mkdir(to, 0700) != 0 && errno != EEXIST) {
        closedir(dir);
        return -1;
    }
    chmod(to, 0700);
    long copied = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char f[4096], t[4096];
        if (snprintf(f, sizeof f, "%s/%s", from, e->d_name) >= (int)sizeof f ||
            snprintf(t, sizeof t, "%s/%s", to, e->d_name) >= (int)sizeof t) {
            copied = -1;
            break;
        }
        struct stat st;
        if (lstat(f, &st) != 0)
            continue; /* removed meanwhile (a temp file of the server) */
        long n = 0;
        if (S_ISDIR(st.st_mode))
            n = bk_copy_tree(f, t);
        else if (S_ISREG(st.st_mode))
            n = bk_copy_file(f, t) == 0 ? 1 : -1;
        if (n < 0) {
            copied = -1;
            break;
        }
        copied += n;
    }
    closedir(dir);
    sync_dir(to);
    return copied;
}

int bk_dir_empty(const char *path, int missing_ok)
{
    DIR *dir = opendir(path);
    if (!dir)
        return errno == ENOENT && missing_ok;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(dir)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    closedir(dir);
    return empty;
}

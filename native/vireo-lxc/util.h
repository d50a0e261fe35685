/* Small helpers shared by the vireo-lxc helper: error text, files, directories. */
#ifndef VIREO_LXC_UTIL_H
#define VIREO_LXC_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* The last setup error, a whole sentence; set by fail() and reported to vireod. */
extern char g_error[1024];

/* Records a formatted error sentence in g_error (appending ": strerror(errno)" when with_errno)
 * and returns -1, so call sites can write `return fail(...)`. */
int fail(int with_errno, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Logs one line to stderr (the helper's log file) with a timestamp. */
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes all of buf, retrying on EINTR and short writes. */
int write_all(int fd, const void *buf, size_t len);

/* Writes text to a file that must exist (cgroup, /proc files). */
int write_file(const char *path, const char *text);

/* Reads a whole small file into buf (NUL-terminated); returns the length or -1. */
ssize_t read_file(const char *path, char *buf, size_t size);

/* Creates every missing directory of path (mode 0755). */
int mkdir_p(const char *path);

/* Creates an empty regular file at path (and its parents) if nothing exists there. */
int touch_p(const char *path);

/* Writes content to dir/name atomically (temp file, rename). Not fsync'ed: it is run-time state in
 * the run directory, which does not outlive a reboot any more than the container does. */
int write_atomic(const char *dir, const char *name, const char *content);

/* snprintf that fails (returns -1 with an error) instead of truncating. */
int pathf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

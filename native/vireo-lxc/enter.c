#define _GNU_SOURCE
#include "enter.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ITEMS 64

/* The user namespace goes first: once in it, we hold the capabilities that the container's other
 * namespaces (all owned by it) ask for. The mount namespace goes last, it also moves our root. */
static const struct { const char *name; int type; } kinds[] = {
    { "user", CLONE_NEWUSER }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET },
    { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
};
#define NKINDS (sizeof kinds / sizeof *kinds)

static int same_ns(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

static unsigned long long bounding_set(int pid)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    if (read_file(path, buf, sizeof buf) < 0) return ~0ULL;
    char *line = strstr(buf, "\nCapBnd:");
    return line ? strtoull(line + 8, NULL, 16) : ~0ULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: vireo-lxc enter INITPID [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]\n");
    return 2;
}

int run_enter(int argc, char **argv)
{
    if (argc < 2) return usage();
    int pid = atoi(argv[1]);
    if (pid <= 0) return usage();
    char *cgroups[MAX_ITEMS], *env[MAX_ITEMS + 1];
    int ncg = 0, nenv = 0, i = 2;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (i + 1 >= argc) return usage();
        if (!strcmp(argv[i], "--cgroup") && ncg < MAX_ITEMS) cgroups[ncg++] = argv[++i];
        else if (!strcmp(argv[i], "--env") && nenv < MAX_ITEMS) env[nenv++] = argv[++i];
        else return usage();
    }
    if (i + 1 >= argc) return usage();
    char **command = argv + i + 1;
    env[nenv] = NULL;

    int fds[NKINDS];
    for (size_t k = 0; k < NKINDS; k++) {
        char path[64], self[64];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, kinds[k].name);
        snprintf(self, sizeof self, "/proc/self/ns/%s", kinds[k].name);
        /* Joining a namespace we are already in is refused for user namespaces: skip those. */
        fds[k] = same_ns(path, self) ? -1 : open(path, O_RDONLY | O_CLOEXEC);
        if (fds[k] < 0 && errno == ENOENT && kinds[k].type != CLONE_NEWCGROUP) {
            fprintf(stderr, "vireo-lxc: no container with init pid %d: %s\n", pid, strerror(errno));
            return 125;
        }
    }
    unsigned long long keep = bounding_set(pid);
    char self[16];
    snprintf(self, sizeof self, "%d", (int)getpid());
    for (int c = 0; c < ncg; c++)
        if (write_file(cgroups[c], self) < 0)
            fprintf(stderr, "vireo-lxc: cannot join cgroup '%s': %s\n", cgroups[c], strerror(errno));
    for (size_t k = 0; k < NKINDS; k++) {
        if (fds[k] < 0) continue;
        if (setns(fds[k], kinds[k].type) < 0) {
            fprintf(stderr, "vireo-lxc: cannot enter the %s namespace of pid %d: %s\n", kinds[k].name, pid, strerror(errno));
            return 125;
        }
        close(fds[k]);
        if (kinds[k].type == CLONE_NEWUSER && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0)) {
            fprintf(stderr, "vireo-lxc: cannot become root in the container's user namespace: %s\n", strerror(errno));
            return 125;
        }
    }
    /* A new pid namespace applies to children only. */
    pid_t child = fork();
    if (child < 0) { perror("vireo-lxc: fork"); return 125; }
    if (child == 0) {
        for (int cap = 0; cap < 64; cap++)
            if (!(keep & (1ULL << cap))) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
        if (chdir("/") < 0) _exit(125);
        if (nenv == 0) {
            static char *defaults[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/", NULL };
            execvpe(command[0], command, defaults);
        } else {
            execvpe(command[0], command, env);
        }
        fprintf(stderr, "vireo-lxc: cannot execute '%s' in the container: %s\n", command[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return 125;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

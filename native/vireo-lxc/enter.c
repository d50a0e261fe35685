#define _GNU_SOURCE
#include "enter.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

/* What both enter modes share: the cgroups to join, the environment, the capability bound, the command. */
struct enter_opts {
    char *cgroups[MAX_ITEMS];
    int ncg;
    char *env[MAX_ITEMS + 1];
    int nenv;
    unsigned long long keep_caps;
    char **command;
};

static int same_ns(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

static int same_ns_fd(int fd, const char *self)
{
    struct stat sa, sb;
    return fstat(fd, &sa) == 0 && stat(self, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

static unsigned long long bounding_set(int pid)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    if (read_file(path, buf, sizeof buf) < 0) return ~0ULL;
    char *line = strstr(buf, "\nCapBnd:");
    return line ? strtoull(line + 8, NULL, 16) : ~0ULL;
}

static const char *kind_name(int type)
{
    for (size_t k = 0; k < NKINDS; k++)
        if (kinds[k].type == type) return kinds[k].name;
    return "unknown";
}

static int usage(void)
{
    fprintf(stderr,
            "usage: vireo-lxc enter INITPID [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]\n"
            "       vireo-lxc enter-ns --ns FILE... [--caps-of PID] [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]\n");
    return 2;
}

/* Parses the options both modes share from argv[i..]; `extra` handles a mode's own option (returns
 * the number of values it consumed, or -1 when the option is not its). Fills o->command. */
static int parse_opts(int argc, char **argv, int i, struct enter_opts *o, int (*extra)(const char *, const char *, void *), void *ctx)
{
    o->ncg = o->nenv = 0;
    o->keep_caps = ~0ULL;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (i + 1 >= argc) return -1;
        if (!strcmp(argv[i], "--cgroup") && o->ncg < MAX_ITEMS) o->cgroups[o->ncg++] = argv[++i];
        else if (!strcmp(argv[i], "--env") && o->nenv < MAX_ITEMS) o->env[o->nenv++] = argv[++i];
        else if (extra && extra(argv[i], argv[i + 1], ctx) == 1) i++;
        else return -1;
    }
    if (i + 1 >= argc) return -1;
    o->command = argv + i + 1;
    o->env[o->nenv] = NULL;
    return 0;
}

/* Joins the cgroups, enters the namespaces (fds[k] of type types[k], in that order, each closed once
 * entered), then forks (a new pid namespace applies to children only) and runs the command under the
 * capability bound. Returns the command's status: its exit code, 128 + signal, or 125 when entering
 * failed, 126/127 when the command cannot run (the shell's convention, as virsh's). */
static int enter_and_run(int *fds, const int *types, int n, struct enter_opts *o)
{
    char self[16];
    snprintf(self, sizeof self, "%d", (int)getpid());
    for (int c = 0; c < o->ncg; c++)
        if (write_file(o->cgroups[c], self) < 0)
            fprintf(stderr, "vireo-lxc: cannot join cgroup '%s': %s\n", o->cgroups[c], strerror(errno));
    for (int k = 0; k < n; k++) {
        if (fds[k] < 0) continue;
        if (setns(fds[k], types[k]) < 0) {
            fprintf(stderr, "vireo-lxc: cannot enter the container's %s namespace: %s\n", kind_name(types[k]), strerror(errno));
            return 125;
        }
        close(fds[k]);
        if (types[k] == CLONE_NEWUSER && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0)) {
            fprintf(stderr, "vireo-lxc: cannot become root in the container's user namespace: %s\n", strerror(errno));
            return 125;
        }
    }
    pid_t child = fork();
    if (child < 0) { perror("vireo-lxc: fork"); return 125; }
    if (child == 0) {
        for (int cap = 0; cap < 64; cap++)
            if (!(o->keep_caps & (1ULL << cap))) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
        if (chdir("/") < 0) _exit(125);
        if (o->nenv == 0) {
            static char *defaults[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/", NULL };
            execvpe(o->command[0], o->command, defaults);
        } else {
            execvpe(o->command[0], o->command, o->env);
        }
        fprintf(stderr, "vireo-lxc: cannot execute '%s' in the container: %s\n", o->command[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return 125;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_enter(int argc, char **argv)
{
    if (argc < 2) return usage();
    int pid = atoi(argv[1]);
    if (pid <= 0) return usage();
    struct enter_opts o;
    if (parse_opts(argc, argv, 2, &o, NULL, NULL) < 0) return usage();

    int fds[NKINDS], types[NKINDS];
    for (size_t k = 0; k < NKINDS; k++) {
        char path[64], self[64];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, kinds[k].name);
        snprintf(self, sizeof self, "/proc/self/ns/%s", kinds[k].name);
        types[k] = kinds[k].type;
        /* Joining a namespace we are already in is refused for user namespaces: skip those. */
        fds[k] = same_ns(path, self) ? -1 : open(path, O_RDONLY | O_CLOEXEC);
        if (fds[k] < 0 && errno == ENOENT && kinds[k].type != CLONE_NEWCGROUP) {
            fprintf(stderr, "vireo-lxc: no container with init pid %d: %s\n", pid, strerror(errno));
            return 125;
        }
    }
    o.keep_caps = bounding_set(pid);
    return enter_and_run(fds, types, NKINDS, &o);
}

struct ns_opts {
    const char *paths[MAX_ITEMS];
    int n;
    int caps_pid;
};

static int ns_option(const char *opt, const char *value, void *ctx)
{
    struct ns_opts *ns = ctx;
    if (!strcmp(opt, "--ns") && ns->n < MAX_ITEMS) { ns->paths[ns->n++] = value; return 1; }
    if (!strcmp(opt, "--caps-of")) { ns->caps_pid = atoi(value); return ns->caps_pid > 0 ? 1 : -1; }
    return -1;
}

/* enter-ns: the namespaces are files the caller already holds, e.g. the descriptors vireod handed
 * to `vireo lxc-enter-namespace` over libvirt's LXC program, named /proc/CALLER/fd/N. All are opened
 * before the first setns (after the mount namespace, the caller's /proc is out of sight) and entered
 * user first, mount last, whatever order they came in. */
int run_enter_ns(int argc, char **argv)
{
    struct ns_opts ns = { .n = 0, .caps_pid = 0 };
    struct enter_opts o;
    if (parse_opts(argc, argv, 1, &o, ns_option, &ns) < 0 || ns.n == 0) return usage();

    int opened[MAX_ITEMS], opened_types[MAX_ITEMS];
    for (int i = 0; i < ns.n; i++) {
        opened[i] = open(ns.paths[i], O_RDONLY | O_CLOEXEC);
        if (opened[i] < 0) {
            fprintf(stderr, "vireo-lxc: cannot open namespace '%s': %s\n", ns.paths[i], strerror(errno));
            return 125;
        }
        opened_types[i] = ioctl(opened[i], NS_GET_NSTYPE);
        if (opened_types[i] < 0) {
            fprintf(stderr, "vireo-lxc: '%s' is not a namespace: %s\n", ns.paths[i], strerror(errno));
            return 125;
        }
    }
    int fds[MAX_ITEMS], types[MAX_ITEMS], n = 0;
    for (size_t k = 0; k < NKINDS; k++)
        for (int i = 0; i < ns.n; i++) {
            if (opened_types[i] != kinds[k].type) continue;
            char self[64];
            snprintf(self, sizeof self, "/proc/self/ns/%s", kinds[k].name);
            /* A container without <idmap> shares our user namespace; joining it again is refused. */
            if (kinds[k].type == CLONE_NEWUSER && same_ns_fd(opened[i], self)) { close(opened[i]); continue; }
            fds[n] = opened[i];
            types[n++] = kinds[k].type;
        }
    if (ns.caps_pid > 0) o.keep_caps = bounding_set(ns.caps_pid);
    return enter_and_run(fds, types, n, &o);
}

#define _GNU_SOURCE
#include "start.h"
#include "container.h"
#include "netdev.h"
#include "plan.h"
#include "supervisor.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static struct plan g_plan_storage;
static int g_report_fd = STDOUT_FILENO;

/* One line on the report descriptor tells vireod the outcome: "OK <helper pid> <init pid> <console pty>" or
 * "ERR <sentence>". It is closed right after, so a reader that sees EOF first knows the helper died. */
static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
    for (int i = 0; i < n; i++) if (line[i] == '\n') line[i] = ' ';
    line[n++] = '\n';
    (void)write_all(g_report_fd, line, (size_t)n);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, g_report_fd);
        if (g_report_fd != STDOUT_FILENO) dup2(null, STDOUT_FILENO);
        close(null);
    }
}

static int open_console(int *master, char *slave_path, size_t size)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (*master < 0) return fail(1, "cannot allocate a console pty");
    if (grantpt(*master) < 0 || unlockpt(*master) < 0 || ptsname_r(*master, slave_path, size) != 0)
        return fail(1, "cannot prepare the console pty");
    return 0;
}

static int listen_console(const char *statedir)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (pathf(addr.sun_path, sizeof addr.sun_path, "%s/console.sock", statedir) < 0)
        return fail(0, "the state directory '%s' is too long for a Unix socket path", statedir);
    unlink(addr.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(1, "cannot create the console socket");
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0) {
        close(fd);
        return fail(1, "cannot listen on '%s'", addr.sun_path);
    }
    return fd;
}

static int write_idmap(pid_t pid, const char *file, const struct idmap_range *r, int n, const char *name)
{
    char text[PLAN_MAX_ITEMS * 48], path[64];
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%lu %lu %lu\n", r[i].inside, r[i].outside, r[i].count);
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    if (write_file(path, text) < 0)
        return fail(1, "the kernel refused the %s of container '%s' (%.*s)", file, name,
                    (int)(len ? len - 1 : 0), text);
    return 0;
}

/* Descriptors of the v1 "tasks" files the child joins by itself (-1: the parent moves it, see below). */
static int g_tasks_fds[PLAN_MAX_ITEMS];

/* Moving another process into a cgroup (cgroup.procs) takes the kernel's global threadgroup lock for
 * writing, which waits for an RCU grace period: 6-30 ms on a busy host, most of a container's start.
 * A single-threaded process writing "0" to a v1 "tasks" file moves only itself and skips that lock,
 * so the child joins its v1 groups itself, through files opened here (open-time credentials are the
 * helper's, so this works in a user namespace too). A v2 group has no "tasks" file: the parent
 * writes the child's pid to its cgroup.procs as before. */
static void open_tasks_files(const struct plan *p)
{
    for (int i = 0; i < p->ncgroups; i++) {
        g_tasks_fds[i] = -1;
        const char *slash = strrchr(p->cgroups[i], '/');
        char tasks[4096];
        if (!slash || strcmp(slash, "/cgroup.procs") != 0 ||
            pathf(tasks, sizeof tasks, "%.*s/tasks", (int)(slash - p->cgroups[i]), p->cgroups[i]) < 0)
            continue;
        g_tasks_fds[i] = open(tasks, O_WRONLY | O_CLOEXEC);
    }
}

/* Child side, first thing: into its v1 groups, before it allocates anything or may run init. */
static int join_own_cgroups(const struct plan *p)
{
    for (int i = 0; i < p->ncgroups; i++) {
        if (g_tasks_fds[i] < 0) continue;
        if (write_all(g_tasks_fds[i], "0", 1) < 0)
            return fail(1, "cannot move container '%s' into cgroup '%s'", p->name, p->cgroups[i]);
        close(g_tasks_fds[i]);
    }
    return 0;
}

static void close_tasks_files(const struct plan *p)
{
    for (int i = 0; i < p->ncgroups; i++)
        if (g_tasks_fds[i] >= 0) close(g_tasks_fds[i]);
}

/* Parent side: everything that must happen from outside the namespaces before init may go on. */
static int prepare_child(const struct plan *p, pid_t child)
{
    if (p->nuidmap > 0 && write_idmap(child, "uid_map", p->uidmap, p->nuidmap, p->name) < 0) return -1;
    if (p->ngidmap > 0 && write_idmap(child, "gid_map", p->gidmap, p->ngidmap, p->name) < 0) return -1;
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)child);
    for (int i = 0; i < p->ncgroups; i++)
        if (g_tasks_fds[i] < 0 && write_file(p->cgroups[i], pid) < 0)
            return fail(1, "cannot move container '%s' into cgroup '%s'", p->name, p->cgroups[i]);
    for (int i = 0; i < p->nnetifs; i++)
        if (netdev_move(p->netifs[i].host_name, child, p->netifs[i].inner_name) < 0) return -1;
    return 0;
}

/* Reads the child's failure sentence; an empty read (EOF) means exec succeeded (the pipe is O_CLOEXEC). */
static int child_error(int fd, char *msg, size_t size)
{
    size_t len = 0;
    for (;;) {
        ssize_t r = read(fd, msg + len, size - 1 - len);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
        if (len == size - 1) break;
    }
    msg[len] = '\0';
    return (int)len;
}

/* Blocks until the parent says go; a parent that failed (or died) closes the pipe instead. */
static void await_go(int go_fd)
{
    char go;
    ssize_t r;
    do r = read(go_fd, &go, 1); while (r < 0 && errno == EINTR);
    if (r != 1) _exit(1);
    close(go_fd);
}

static void run_child(const struct plan *p, int go_fd, int err_fd, const char *console) __attribute__((noreturn));
static void run_child(const struct plan *p, int go_fd, int err_fd, const char *console)
{
    /* If the helper dies, the container must not run on unsupervised. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (join_own_cgroups(p) < 0) goto failed;
    /* Without a user namespace the root can be built while the parent finishes its part (v2 cgroup,
     * veths); with one, the id maps must be in place first (files we create need mapped owners). */
    int built = 0;
    if (p->nuidmap == 0) {
        if (container_build(p, console) < 0) goto failed;
        built = 1;
    }
    await_go(go_fd);
    if (!built && container_build(p, console) < 0) goto failed;
    container_exec(p);
failed:
    (void)write_all(err_fd, g_error, strlen(g_error));
    _exit(127);
}

/* vireod starts us in its own session and we take one of our own only now, once init runs: with the
 * kernel's autogroup scheduling (sched_autogroup_enabled) every new session is a new scheduling
 * group, and a fresh group waits behind the busy ones, which cost 10-20 ms per start on a loaded
 * host. A session of our own keeps terminal hangups and Ctrl-C away from the supervisor from here
 * on; any such signal that reached us while we were still in the caller's session is dropped (the
 * caller sends us none before our report). Re-parenting when vireod exits needs no second fork. */
static void leave_callers_session(void)
{
    if (setsid() < 0) logmsg("note: no session of our own: %s", strerror(errno));
    sigset_t terminal;
    sigemptyset(&terminal);
    sigaddset(&terminal, SIGINT);
    sigaddset(&terminal, SIGQUIT);
    sigaddset(&terminal, SIGHUP);
    const struct timespec now = { 0, 0 };
    while (sigtimedwait(&terminal, NULL, &now) > 0) { }
}

int run_start(const char *statedir, int report_fd, int wait_for_plan)
{
    g_report_fd = report_fd;
    char path[4096];
    if (pathf(path, sizeof path, "%s/helper.log", statedir) == 0) {
        int log = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (log >= 0) { dup2(log, STDERR_FILENO); close(log); }
    }
    /* "wait": vireod starts us while it still creates the cgroup and writes the plan, so our exec
     * overlaps its work; a 'p' on the report socket says the plan is ready, EOF that it gave up. */
    if (wait_for_plan) {
        char ready = 0;
        ssize_t r;
        do r = read(report_fd, &ready, 1); while (r < 0 && errno == EINTR);
        if (r != 1 || ready != 'p') return 1;
    }
    struct plan *p = &g_plan_storage;
    if (pathf(path, sizeof path, "%s/plan", statedir) < 0 || plan_load(path, p) < 0) {
        report("ERR %s", g_error);
        return 1;
    }
    /* The signals the supervisor handles are taken by its signalfd; until we have our own session
     * (below) a terminal's Ctrl-C or hangup could reach us too, and is dropped there. */
    sigset_t handled;
    supervisor_signals(&handled);
    sigprocmask(SIG_BLOCK, &handled, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct supervisor s = { .statedir = statedir, .pty_master = -1, .console_listen = -1 };
    char slave[128];
    int go[2], err[2];
    if (open_console(&s.pty_master, slave, sizeof slave) < 0 ||
        (s.signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK)) < 0 ||
        pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
        if (!g_error[0]) fail(1, "cannot prepare the supervisor of container '%s'", p->name);
        report("ERR %s", g_error);
        return 1;
    }
    /* In a user namespace the container's root is some other host uid: give it its console. */
    if (p->nuidmap > 0) {
        uid_t uid = (uid_t)-1;
        gid_t gid = (gid_t)-1;
        for (int i = 0; i < p->nuidmap; i++) if (p->uidmap[i].inside == 0) uid = (uid_t)p->uidmap[i].outside;
        for (int i = 0; i < p->ngidmap; i++) if (p->gidmap[i].inside == 0) gid = (gid_t)p->gidmap[i].outside;
        if (chown(slave, uid, gid) < 0) logmsg("cannot hand the console to the container's root: %s", strerror(errno));
    }
    /* Keep a slave open ourselves, so the pty never hangs up while no container process has it. */
    int keep_slave = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC);

    open_tasks_files(p);
    unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD;
    if (p->nuidmap > 0) flags |= CLONE_NEWUSER;
    pid_t child = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
    if (child < 0) {
        fail(1, "cannot create the namespaces of container '%s'", p->name);
        report("ERR %s", g_error);
        return 1;
    }
    if (child == 0) {
        close(go[1]);
        close(err[0]);
        run_child(p, go[0], err[1], slave);
    }
    close(go[0]);
    close(err[1]);
    close_tasks_files(p);
    /* The console socket is made while the child builds the container's root. */
    s.console_listen = listen_console(statedir);
    if (s.console_listen < 0) {
        kill(child, SIGKILL);
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) { }
        report("ERR %s", g_error);
        return 1;
    }
    char msg[1100];
    int failed = prepare_child(p, child) < 0;
    if (failed) {
        /* The child may have failed first (its own sentence says why better than ours would). */
        kill(child, SIGKILL);
        close(go[1]);
        if (child_error(err[0], msg, sizeof msg) == 0) snprintf(msg, sizeof msg, "%s", g_error);
    } else {
        (void)write_all(go[1], "g", 1);
        close(go[1]);
        failed = child_error(err[0], msg, sizeof msg) > 0;
    }
    close(err[0]);
    if (failed) {
        kill(child, SIGKILL);
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) { }
        if (pathf(path, sizeof path, "%s/console.sock", statedir) == 0) unlink(path);
        logmsg("container '%s' failed to start: %s", p->name, msg);
        report("ERR %s", msg);
        return 1;
    }
    logmsg("container '%s' started, init pid %d", p->name, (int)child);
    leave_callers_session();
    s.init_pid = child;
    s.cgroups = p->cgroups;
    s.ncgroups = p->ncgroups;
    report("OK %d %d %s", (int)getpid(), (int)child, slave);
    (void)keep_slave;
    supervisor_run(&s);
}

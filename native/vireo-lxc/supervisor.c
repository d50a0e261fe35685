#define _GNU_SOURCE
#include "supervisor.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RING_SIZE (256 * 1024)
#define MAX_CLIENTS 32
#define LOG_CAP (1024 * 1024)

/* Each client remembers the absolute output offset it has been sent up to; the ring keeps the last
 * RING_SIZE bytes, so a client that falls further behind skips ahead instead of stalling init. */
struct client {
    int fd;
    int mode_known;            /* the first byte from a client says 'H' (history) or 'L' (live) */
    unsigned long long sent;
    int dead;                  /* closed; removed from the table at the end of the poll round */
};

static char ring[RING_SIZE];
static unsigned long long total;   /* bytes of console output since the container started */
static unsigned long long delivered; /* the furthest any client has been sent */
static struct client clients[MAX_CLIENTS];
static int nclients;
static int log_fd = -1;
static long long log_size;
static const char *g_statedir;

void supervisor_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
    sigaddset(set, SIGUSR1);
    sigaddset(set, SIGUSR2);
}

static void open_log(void)
{
    char path[4096];
    if (pathf(path, sizeof path, "%s/console.log", g_statedir) < 0) return;
    log_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    log_size = 0;
}

/* The log keeps the latest output: past LOG_CAP it moves to console.log.1 and starts again. */
static void log_output(const char *buf, size_t len)
{
    if (log_fd < 0) return;
    if (log_size + (long long)len > LOG_CAP) {
        char from[4096], to[4096];
        close(log_fd);
        if (pathf(from, sizeof from, "%s/console.log", g_statedir) == 0 &&
            pathf(to, sizeof to, "%s/console.log.1", g_statedir) == 0)
            rename(from, to);
        open_log();
        if (log_fd < 0) return;
    }
    if (write_all(log_fd, buf, len) == 0) log_size += (long long)len;
}

static void append_output(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; ) {
        size_t at = (size_t)(total % RING_SIZE);
        size_t chunk = RING_SIZE - at < len - i ? RING_SIZE - at : len - i;
        memcpy(ring + at, buf + i, chunk);
        i += chunk;
        total += chunk;
    }
    log_output(buf, len);
}

static void drop_client(int i)
{
    if (clients[i].dead) return;
    close(clients[i].fd);
    clients[i].dead = 1;
}

/* Removing happens only here, so indices stay valid while a poll round walks the table. */
static void compact_clients(void)
{
    int kept = 0;
    for (int i = 0; i < nclients; i++)
        if (!clients[i].dead) clients[kept++] = clients[i];
    nclients = kept;
}

/* Sends what the client has not seen yet; returns -1 when the client is gone. */
static int flush_client(struct client *c)
{
    if (!c->mode_known) return 0;
    if (total - c->sent > RING_SIZE) c->sent = total - RING_SIZE;
    while (c->sent < total) {
        size_t at = (size_t)(c->sent % RING_SIZE);
        size_t len = (size_t)(total - c->sent);
        if (len > RING_SIZE - at) len = RING_SIZE - at;
        ssize_t w = send(c->fd, ring + at, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN ? 0 : -1;
        }
        c->sent += (unsigned long long)w;
        if (c->sent > delivered) delivered = c->sent;
    }
    return 0;
}

static void flush_all(void)
{
    for (int i = 0; i < nclients; i++)
        if (!clients[i].dead && flush_client(&clients[i]) < 0) drop_client(i);
}

/* Reads everything the pty has now; returns -1 once the pty is finished. */
static int read_pty(int master)
{
    char buf[65536];
    for (;;) {
        ssize_t r = read(master, buf, sizeof buf);
        if (r > 0) { append_output(buf, (size_t)r); continue; }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && errno == EAGAIN) return 0;
        return -1;
    }
}

static void accept_clients(int listen_fd)
{
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        if (nclients == MAX_CLIENTS) { close(fd); continue; }
        clients[nclients++] = (struct client){ .fd = fd };
    }
}

/* Client bytes are keystrokes for the console, after the first one that chose the mode. */
static int read_client(struct client *c, int master)
{
    char buf[4096];
    ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
    if (r == 0) return -1;
    char *p = buf;
    if (!c->mode_known) {
        /* 'H' replays everything kept; otherwise a client gets what no client has seen yet, as a
         * pty keeps unread output for its next reader (libvirt_lxc's console behaves so). */
        unsigned long long oldest = total > RING_SIZE ? total - RING_SIZE : 0;
        c->mode_known = 1;
        c->sent = *p == 'H' ? oldest : (delivered > oldest ? delivered : oldest);
        p++;
        r--;
    }
    if (r > 0 && write(master, p, (size_t)r) < 0 && errno != EAGAIN)
        logmsg("console input lost: %s", strerror(errno));
    return flush_client(c);
}

/* How long removing the groups may wait for the kernel to let go of the last tasks. */
#define CGROUP_REMOVE_DEADLINE_MS 3000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* rmdir, retrying EBUSY until the deadline: a group whose last task is still being released by the
 * kernel refuses removal for a moment after that task was reaped. */
static int rmdir_when_released(const char *dir, long long deadline)
{
    struct timespec pause = { 0, 1000000 };
    for (;;) {
        if (rmdir(dir) == 0 || errno == ENOENT) return 0;
        if (errno != EBUSY || now_ms() > deadline) return -1;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < 32000000) pause.tv_nsec *= 2;
    }
}

static long long g_rm_deadline;

static int remove_dir_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP && rmdir_when_released(path, g_rm_deadline) < 0)
        logmsg("cannot remove cgroup %s: %s", path, strerror(errno));
    return 0;
}

/* Init has been reaped, and with it every process of its pid namespace (the kernel ends them all
 * before init's own exit completes), so the container's groups are empty: remove them (sub-groups
 * the container made first) in every hierarchy. Done here rather than only by vireod, so that a
 * container that ends while no vireod watches it (vireod stopped or restarting, a test's driver
 * disposed) leaves no cgroup behind. */
static void remove_cgroups(const struct supervisor *s)
{
    g_rm_deadline = now_ms() + CGROUP_REMOVE_DEADLINE_MS;
    for (int i = 0; i < s->ncgroups; i++) {
        char dir[4096];
        const char *slash = strrchr(s->cgroups[i], '/');
        /* Only the groups the plan names through their membership file, never anything above them. */
        if (!slash || (strcmp(slash, "/cgroup.procs") != 0 && strcmp(slash, "/tasks") != 0) ||
            pathf(dir, sizeof dir, "%.*s", (int)(slash - s->cgroups[i]), s->cgroups[i]) < 0)
            continue;
        if (nftw(dir, remove_dir_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0 && errno != ENOENT)
            logmsg("cannot walk cgroup %s: %s", dir, strerror(errno));
    }
}

static void finish(struct supervisor *s, int status) __attribute__((noreturn));
static void finish(struct supervisor *s, int status)
{
    (void)read_pty(s->pty_master);
    flush_all();
    char text[64];
    if (WIFEXITED(status)) snprintf(text, sizeof text, "exited %d\n", WEXITSTATUS(status));
    else snprintf(text, sizeof text, "signaled %d\n", WTERMSIG(status));
    logmsg("init %d ended: %.*s", (int)s->init_pid, (int)strlen(text) - 1, text);
    char sock[4096];
    if (pathf(sock, sizeof sock, "%s/console.sock", s->statedir) == 0) unlink(sock);
    remove_cgroups(s);
    if (write_atomic(s->statedir, "exit", text) < 0) logmsg("cannot write the exit status: %s", strerror(errno));
    exit(0);
}

static void handle_signals(struct supervisor *s)
{
    struct signalfd_siginfo si;
    while (read(s->signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo != SIGCHLD) {
            /* Whoever signals the helper means the container. */
            kill(s->init_pid, (int)si.ssi_signo);
            continue;
        }
        int status;
        pid_t r;
        while ((r = waitpid(-1, &status, WNOHANG)) > 0)
            if (r == s->init_pid) finish(s, status);
    }
}

void supervisor_run(struct supervisor *s)
{
    g_statedir = s->statedir;
    open_log();
    int pty_open = 1;
    for (;;) {
        struct pollfd fds[3 + MAX_CLIENTS];
        fds[0] = (struct pollfd){ .fd = s->signal_fd, .events = POLLIN };
        fds[1] = (struct pollfd){ .fd = pty_open ? s->pty_master : -1, .events = POLLIN };
        fds[2] = (struct pollfd){ .fd = s->console_listen, .events = POLLIN };
        for (int i = 0; i < nclients; i++)
            fds[3 + i] = (struct pollfd){ .fd = clients[i].fd,
                .events = (short)(POLLIN | (clients[i].mode_known && clients[i].sent < total ? POLLOUT : 0)) };
        int n = nclients;
        if (poll(fds, (nfds_t)(3 + n), -1) < 0) {
            if (errno == EINTR) continue;
            logmsg("poll failed: %s", strerror(errno));
            continue;
        }
        if (fds[0].revents) handle_signals(s);
        if (fds[1].revents) {
            if (read_pty(s->pty_master) < 0) pty_open = 0;
            flush_all();
        }
        if (fds[2].revents) accept_clients(s->console_listen);
        for (int i = 0; i < n; i++) {
            if (clients[i].dead || !fds[3 + i].revents) continue;
            int rc = 0;
            if (fds[3 + i].revents & (POLLIN | POLLHUP | POLLERR)) rc = read_client(&clients[i], s->pty_master);
            else if (fds[3 + i].revents & POLLOUT) rc = flush_client(&clients[i]);
            if (rc < 0) drop_client(i);
        }
        compact_clients();
    }
}

/* After init runs, the helper stays as the container's supervisor: it relays the console pty to
 * clients of a Unix socket (with the output kept since the first byte in a ring buffer and a log
 * file), forwards signals to init, and when init ends writes its exit status and exits. */
#ifndef VIREO_LXC_SUPERVISOR_H
#define VIREO_LXC_SUPERVISOR_H

#include <signal.h>
#include <sys/types.h>

struct supervisor {
    const char *statedir;
    pid_t init_pid;
    int pty_master;     /* nonblocking */
    int console_listen; /* listening Unix socket, nonblocking */
    int signal_fd;      /* signalfd for SIGCHLD and the forwarded signals */
    char *const *cgroups; /* the plan's cgroup.procs (or tasks) files: their groups are removed at the end */
    int ncgroups;
};

/* The signals the helper blocks and handles through its signalfd. */
void supervisor_signals(sigset_t *set);

/* Runs until init exits; then removes the container's cgroups and records "exited N" or "signaled N"
 * in STATEDIR/exit. Never returns. */
void supervisor_run(struct supervisor *s) __attribute__((noreturn));

#endif

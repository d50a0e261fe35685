/* vireo-lxc: Vireo's container helper. vireod cannot fork safely (.NET), so this small program
 * creates the namespaces, builds the container's root and execs its init, then stays as the
 * container's supervisor (console relay, exit status). It outlives vireod restarts. */
#define _GNU_SOURCE
#include "enter.h"
#include "start.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc >= 3 && argc <= 5 && !strcmp(argv[1], "start") && argv[2][0] == '/' && (argc < 5 || !strcmp(argv[4], "wait")))
        return run_start(argv[2], argc >= 4 ? atoi(argv[3]) : 1, argc == 5);
    if (argc >= 2 && !strcmp(argv[1], "enter")) return run_enter(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "enter-ns")) return run_enter_ns(argc - 1, argv + 1);
    fprintf(stderr,
            "usage: vireo-lxc start /ABSOLUTE/STATEDIR [REPORT_FD [wait]]\n"
            "       vireo-lxc enter INITPID [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]\n"
            "       vireo-lxc enter-ns --ns FILE... [--caps-of PID] [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]\n");
    return 2;
}

/* `vireo-lxc enter INITPID [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]`: run a command
 * inside a running container (its namespaces, cgroups and capability bound), as lxc-enter-namespace. */
#ifndef VIREO_LXC_ENTER_H
#define VIREO_LXC_ENTER_H

int run_enter(int argc, char **argv);

#endif

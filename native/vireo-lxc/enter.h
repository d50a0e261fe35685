/* Running a command inside a running container (its namespaces, cgroups and capability bound), as
 * lxc-enter-namespace does:
 *   vireo-lxc enter INITPID [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]
 *     (vireod: the namespaces of the container's init)
 *   vireo-lxc enter-ns --ns FILE... [--caps-of PID] [--cgroup FILE]... [--env K=V]... -- COMMAND [ARG...]
 *     (vireo: namespace files it holds, such as the descriptors vireod passed it) */
#ifndef VIREO_LXC_ENTER_H
#define VIREO_LXC_ENTER_H

int run_enter(int argc, char **argv);
int run_enter_ns(int argc, char **argv);

#endif

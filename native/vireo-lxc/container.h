/* The code that runs inside the new namespaces, between clone and exec of the container's init. */
#ifndef VIREO_LXC_CONTAINER_H
#define VIREO_LXC_CONTAINER_H

#include "plan.h"

/* Builds the container's world: identity, hostname, its root with /proc, /sys, /dev and the
 * filesystems, pivoted into. Needs nothing from the parent unless the container has a user namespace
 * (then the id maps must be written first), so it can run while the parent joins it to its cgroups.
 * `console` is the host path of the pty slave that becomes /dev/console. Returns -1 with g_error set. */
int container_build(const struct plan *p, const char *console);

/* After the parent's go (cgroups joined, interfaces moved in): cgroup namespace and view, network,
 * console, capabilities, then exec of init. Only returns on failure, with g_error set. */
int container_exec(const struct plan *p);

#endif

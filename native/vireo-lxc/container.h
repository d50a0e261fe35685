/* The code that runs inside the new namespaces, between clone and exec of the container's init. */
#ifndef VIREO_LXC_CONTAINER_H
#define VIREO_LXC_CONTAINER_H

#include "plan.h"

/* Builds the container's world and execs its init. Only returns on failure, with g_error set.
 * `console` is the host path of the pty slave that becomes /dev/console. */
int container_run(const struct plan *p, const char *console);

#endif

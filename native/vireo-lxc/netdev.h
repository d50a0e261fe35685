/* Network devices: move a host-created veth end into the container (parent side, netlink), then bring
 * interfaces up and give them IPv4 addresses from inside (child side, ioctl). */
#ifndef VIREO_LXC_NETDEV_H
#define VIREO_LXC_NETDEV_H

#include <sys/types.h>

/* Moves host interface `ifname` into the network namespace of `pid` and renames it `newname`
 * there in the same request (the kernel applies IFLA_IFNAME while changing namespace). */
int netdev_move(const char *ifname, pid_t pid, const char *newname);

int netdev_up(const char *ifname);
int netdev_set_ipv4(const char *ifname, const char *addr, int prefix);
int netdev_default_route(const char *gateway);

#endif

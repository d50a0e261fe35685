#define _GNU_SOURCE
#include "netdev.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void add_attr(struct nlmsghdr *nh, size_t cap, unsigned short type, const void *data, size_t len)
{
    struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
    size_t total = RTA_LENGTH(len);
    if (NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(total) > cap) return;
    rta->rta_type = type;
    rta->rta_len = (unsigned short)total;
    memcpy(RTA_DATA(rta), data, len);
    nh->nlmsg_len = (unsigned)(NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(total));
}

int netdev_move(const char *ifname, pid_t pid, const char *newname)
{
    unsigned index = if_nametoindex(ifname);
    if (index == 0) return fail(1, "cannot find the host network interface '%s'", ifname);
    if (strlen(newname) >= IFNAMSIZ) return fail(0, "the interface name '%s' is too long", newname);

    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
        char attrs[128];
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    req.nh.nlmsg_type = RTM_NEWLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.nh.nlmsg_seq = 1;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = (int)index;
    unsigned int upid = (unsigned int)pid;
    add_attr(&req.nh, sizeof req, IFLA_NET_NS_PID, &upid, sizeof upid);
    add_attr(&req.nh, sizeof req, IFLA_IFNAME, newname, strlen(newname) + 1);

    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return fail(1, "cannot open a netlink socket");
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
        close(fd);
        return fail(1, "cannot move interface '%s' into the container", ifname);
    }
    char reply[4096];
    ssize_t n;
    do n = recv(fd, reply, sizeof reply, 0); while (n < 0 && errno == EINTR);
    close(fd);
    if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
        return fail(1, "no answer from the kernel moving interface '%s'", ifname);
    struct nlmsghdr *ack = (struct nlmsghdr *)reply;
    if (ack->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *err = NLMSG_DATA(ack);
        if (err->error != 0) {
            errno = -err->error;
            return fail(1, "cannot move interface '%s' into the container as '%s'", ifname, newname);
        }
    }
    return 0;
}

static int inet_socket(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail(1, "cannot open an inet socket");
    return fd;
}

int netdev_up(const char *ifname)
{
    int fd = inet_socket();
    if (fd < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    if (rc < 0) fail(1, "cannot bring up interface '%s' in the container", ifname);
    close(fd);
    return rc;
}

static int set_sockaddr(struct sockaddr *sa, const char *text)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)sa;
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    return inet_pton(AF_INET, text, &sin->sin_addr) == 1 ? 0 : -1;
}

int netdev_set_ipv4(const char *ifname, const char *addr, int prefix)
{
    int fd = inet_socket();
    if (fd < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    int rc = -1;
    if (set_sockaddr(&ifr.ifr_addr, addr) < 0) {
        fail(0, "'%s' is not an IPv4 address", addr);
    } else if (ioctl(fd, SIOCSIFADDR, &ifr) < 0) {
        fail(1, "cannot set address %s on interface '%s'", addr, ifname);
    } else {
        struct sockaddr_in *mask = (struct sockaddr_in *)&ifr.ifr_netmask;
        memset(mask, 0, sizeof *mask);
        mask->sin_family = AF_INET;
        mask->sin_addr.s_addr = prefix == 0 ? 0 : htonl(~0u << (32 - prefix));
        rc = ioctl(fd, SIOCSIFNETMASK, &ifr);
        if (rc < 0) fail(1, "cannot set prefix /%d on interface '%s'", prefix, ifname);
    }
    close(fd);
    return rc;
}

int netdev_default_route(const char *gateway)
{
    int fd = inet_socket();
    if (fd < 0) return -1;
    struct rtentry rt;
    memset(&rt, 0, sizeof rt);
    set_sockaddr(&rt.rt_dst, "0.0.0.0");
    set_sockaddr(&rt.rt_genmask, "0.0.0.0");
    int rc = -1;
    if (set_sockaddr(&rt.rt_gateway, gateway) < 0) {
        fail(0, "'%s' is not an IPv4 gateway address", gateway);
    } else {
        rt.rt_flags = RTF_UP | RTF_GATEWAY;
        rc = ioctl(fd, SIOCADDRT, &rt);
        if (rc < 0) fail(1, "cannot add the default route via %s", gateway);
    }
    close(fd);
    return rc;
}

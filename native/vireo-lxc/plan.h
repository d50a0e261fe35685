/* The container plan: what vireod (Vireo.Lxc's ContainerPlan) asks the helper to build.
 *
 * File format: the first line is "vireo-lxc-plan<TAB>1"; then one directive per line, fields
 * separated by TAB, each field escaped with \\ \t \n (so arguments may hold any byte but NUL). */
#ifndef VIREO_LXC_PLAN_H
#define VIREO_LXC_PLAN_H

#define PLAN_MAX_ITEMS 256

struct idmap_range { unsigned long inside, outside, count; };

struct bind_mount { char *src, *dst; int readonly; };

struct tmpfs_mount { char *dst; unsigned long size_kib; };

/* A cgroup filesystem shown inside the container (best effort: a failure is logged only). */
struct cgview_mount { char *fstype, *options, *target; };

/* A host-created veth end moved into the container and renamed. */
struct netif { char *host_name, *inner_name; };

struct ipaddr { char *ifname, *addr; int prefix; };

struct plan {
    char *name;
    char *root;          /* NULL: share the host's root (application container) */
    int root_readonly;
    char *init;
    char *args[PLAN_MAX_ITEMS]; int nargs;     /* argv[1..] */
    char *env[PLAN_MAX_ITEMS]; int nenv;
    char *workdir;
    struct idmap_range uidmap[PLAN_MAX_ITEMS]; int nuidmap;
    struct idmap_range gidmap[PLAN_MAX_ITEMS]; int ngidmap;
    struct bind_mount binds[PLAN_MAX_ITEMS]; int nbinds;
    struct tmpfs_mount tmpfs[PLAN_MAX_ITEMS]; int ntmpfs;
    int capdrop[PLAN_MAX_ITEMS]; int ncapdrop;
    char *cgroups[PLAN_MAX_ITEMS]; int ncgroups;   /* cgroup.procs / tasks files to join */
    struct cgview_mount cgview[PLAN_MAX_ITEMS]; int ncgview;
    struct netif netifs[PLAN_MAX_ITEMS]; int nnetifs;
    struct ipaddr addrs[PLAN_MAX_ITEMS]; int naddrs;
    char *gateway;
};

/* Parses the plan file; on error returns -1 with g_error set. */
int plan_load(const char *path, struct plan *p);

#endif

#define _GNU_SOURCE
#include "container.h"
#include "netdev.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static const struct plan *g_plan;

static int do_mount(const char *src, const char *dst, const char *type, unsigned long flags, const char *data)
{
    if (mount(src, dst, type, flags, data) == 0) return 0;
    return fail(1, "cannot mount %s on '%s' in container '%s'", type ? type : src, dst, g_plan->name);
}

/* A read-only remount of a bind mount must repeat the flags the kernel locked on it (in a user
 * namespace the remount is refused otherwise), so read them back first. */
static int remount_readonly(const char *target)
{
    struct statvfs sv;
    if (statvfs(target, &sv) < 0) return fail(1, "cannot inspect mount '%s'", target);
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
    if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    if (mount(NULL, target, NULL, flags, NULL) < 0)
        return fail(1, "cannot make '%s' read-only in container '%s'", target, g_plan->name);
    return 0;
}

static int bind_node(const char *dev, const char *name)
{
    char src[64], dst[4096];
    if (pathf(src, sizeof src, "/dev/%s", name) < 0 || pathf(dst, sizeof dst, "%s/%s", dev, name) < 0)
        return fail(1, "device path too long");
    if (touch_p(dst) < 0) return fail(1, "cannot create '%s'", dst);
    return do_mount(src, dst, NULL, MS_BIND, NULL);
}

/* /dev: a small tmpfs with the host's harmless nodes bind-mounted (mknod is refused in a user
 * namespace, a bind works in both cases), a private devpts, and the console pty. */
static int setup_dev(const char *root, const char *console)
{
    static const char *nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
    static const char *links[][2] = {
        { "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
        { "/proc/self/fd/2", "stderr" }, { "pts/ptmx", "ptmx" },
    };
    char dev[4096], path[4096];
    if (pathf(dev, sizeof dev, "%s/dev", root) < 0) return fail(1, "path too long");
    if (mkdir_p(dev) < 0) return fail(1, "cannot create '%s'", dev);
    if (do_mount("devfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k") < 0) return -1;
    for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++)
        if (bind_node(dev, nodes[i]) < 0) return -1;
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        if (pathf(path, sizeof path, "%s/%s", dev, links[i][1]) < 0) return fail(1, "path too long");
        if (symlink(links[i][0], path) < 0) return fail(1, "cannot create '%s'", path);
    }
    if (pathf(path, sizeof path, "%s/pts", dev) < 0 || mkdir_p(path) < 0) return fail(1, "cannot create %s/pts", dev);
    if (do_mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0) return -1;
    if (pathf(path, sizeof path, "%s/shm", dev) < 0 || mkdir_p(path) < 0) return fail(1, "cannot create %s/shm", dev);
    if (do_mount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0) return -1;
    if (pathf(path, sizeof path, "%s/mqueue", dev) == 0 && mkdir_p(path) == 0 &&
        mount("mqueue", path, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        logmsg("note: no mqueue in container '%s': %s", g_plan->name, strerror(errno));
    if (pathf(path, sizeof path, "%s/console", dev) < 0 || touch_p(path) < 0) return fail(1, "cannot create %s/console", dev);
    return do_mount(console, path, NULL, MS_BIND, NULL);
}

static int setup_proc_sys(const char *root)
{
    char path[4096];
    if (pathf(path, sizeof path, "%s/proc", root) < 0 || mkdir_p(path) < 0) return fail(1, "cannot create %s/proc", root);
    if (do_mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) return -1;
    /* The kernel knobs under /proc/sys and the sysrq trigger act on the whole host: read-only. */
    static const char *guarded[] = { "sys", "sysrq-trigger" };
    for (size_t i = 0; i < 2; i++) {
        char sub[4096];
        if (pathf(sub, sizeof sub, "%s/%s", path, guarded[i]) < 0) return fail(1, "path too long");
        if (access(sub, F_OK) < 0) continue;   /* kernels without sysrq have no trigger */
        if (do_mount(sub, sub, NULL, MS_BIND, NULL) < 0 || remount_readonly(sub) < 0) return -1;
    }
    if (pathf(path, sizeof path, "%s/sys", root) < 0 || mkdir_p(path) < 0) return fail(1, "cannot create %s/sys", root);
    return do_mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

/* The cgroup view inside: a tmpfs at /sys/fs/cgroup with one mount per hierarchy, created here in
 * our own tmpfs (libvirt_lxc fails on hybrid hosts by creating "unified" before its tmpfs exists).
 * A view is a convenience for software inside, so a failure is only logged. */
static void setup_cgroup_view(const char *root)
{
    const char *tmpfs_target = NULL;
    for (int i = 0; i < g_plan->ncgview; i++) {
        const struct cgview_mount *m = &g_plan->cgview[i];
        char path[4096];
        if (pathf(path, sizeof path, "%s%s", root, m->target) < 0) continue;
        int is_tmpfs = !strcmp(m->fstype, "tmpfs");
        unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (is_tmpfs ? 0 : MS_RDONLY);
        if (mkdir_p(path) < 0 || mount(m->fstype, path, m->fstype, flags, m->options) < 0) {
            logmsg("note: cgroup view %s (%s) at %s not mounted in container '%s': %s",
                   m->fstype, m->options, m->target, g_plan->name, strerror(errno));
            continue;
        }
        if (is_tmpfs) tmpfs_target = m->target;
    }
    if (tmpfs_target) {
        char path[4096];
        if (pathf(path, sizeof path, "%s%s", root, tmpfs_target) == 0 &&
            mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
            logmsg("note: cgroup view tmpfs stays writable: %s", strerror(errno));
    }
}

static int setup_filesystems(const char *root)
{
    for (int i = 0; i < g_plan->nbinds; i++) {
        const struct bind_mount *b = &g_plan->binds[i];
        char dst[4096];
        struct stat st;
        if (pathf(dst, sizeof dst, "%s%s", root, b->dst) < 0) return fail(1, "path too long");
        if (stat(b->src, &st) < 0)
            return fail(1, "the source '%s' of filesystem '%s' in container '%s' is not usable", b->src, b->dst, g_plan->name);
        if ((S_ISDIR(st.st_mode) ? mkdir_p(dst) : touch_p(dst)) < 0)
            return fail(1, "cannot create the mount point '%s' for filesystem '%s'", dst, b->dst);
        if (do_mount(b->src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) return -1;
        if (b->readonly && remount_readonly(dst) < 0) return -1;
    }
    for (int i = 0; i < g_plan->ntmpfs; i++) {
        const struct tmpfs_mount *t = &g_plan->tmpfs[i];
        char dst[4096], opts[64];
        if (pathf(dst, sizeof dst, "%s%s", root, t->dst) < 0) return fail(1, "path too long");
        if (mkdir_p(dst) < 0) return fail(1, "cannot create the mount point '%s'", dst);
        snprintf(opts, sizeof opts, t->size_kib ? "mode=1777,size=%luk" : "mode=1777", t->size_kib);
        if (do_mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0) return -1;
    }
    return 0;
}

/* The container gets its own root: bind the directory on itself (pivot_root needs a mount point),
 * build /proc, /sys, /dev and the filesystems under it, then pivot and drop the host's tree. */
static int setup_own_root(const char *root, const char *console)
{
    struct stat st;
    if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode))
        return fail(1, "the root directory '%s' of container '%s' cannot be used", root, g_plan->name);
    if (do_mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0) return -1;
    if (setup_filesystems(root) < 0 || setup_proc_sys(root) < 0) return -1;
    if (setup_dev(root, console) < 0) return -1;
    if (g_plan->root_readonly && remount_readonly(root) < 0) return -1;
    if (chdir(root) < 0) return fail(1, "cannot enter '%s'", root);
    /* pivot_root(".", ".") stacks the old root under the new one; detaching "." then removes it. */
    if (syscall(SYS_pivot_root, ".", ".") < 0) return fail(1, "cannot pivot to the root of container '%s'", g_plan->name);
    if (umount2(".", MNT_DETACH) < 0) return fail(1, "cannot detach the host's root in container '%s'", g_plan->name);
    if (chdir("/") < 0) return fail(1, "cannot enter the new root");
    return 0;
}

/* Application container sharing the host's root (vireod allows it only with a harmless init):
 * fresh /proc and /sys for the new namespaces, a private /dev/pts and the console. */
static int setup_shared_root(const char *console)
{
    if (setup_filesystems("") < 0) return -1;
    if (do_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) return -1;
    if (do_mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) return -1;
    if (do_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0) return -1;
    return do_mount(console, "/dev/console", NULL, MS_BIND, NULL);
}

static int setup_network(void)
{
    if (netdev_up("lo") < 0) return -1;
    for (int i = 0; i < g_plan->nnetifs; i++)
        if (netdev_up(g_plan->netifs[i].inner_name) < 0) return -1;
    for (int i = 0; i < g_plan->naddrs; i++)
        if (netdev_set_ipv4(g_plan->addrs[i].ifname, g_plan->addrs[i].addr, g_plan->addrs[i].prefix) < 0) return -1;
    if (g_plan->gateway && netdev_default_route(g_plan->gateway) < 0) return -1;
    return 0;
}

static int attach_console(void)
{
    if (setsid() < 0) return fail(1, "cannot start a session for init");
    int fd = open("/dev/console", O_RDWR | O_NOCTTY);
    if (fd < 0) return fail(1, "cannot open /dev/console in container '%s'", g_plan->name);
    if (ioctl(fd, TIOCSCTTY, 0) < 0) return fail(1, "cannot make /dev/console the controlling terminal");
    for (int i = 0; i < 3; i++)
        if (dup2(fd, i) < 0) return fail(1, "cannot attach init to the console");
    if (fd > 2) close(fd);
    return 0;
}

static int drop_capabilities(void)
{
    for (int i = 0; i < g_plan->ncapdrop; i++)
        if (prctl(PR_CAPBSET_DROP, g_plan->capdrop[i], 0, 0, 0) < 0 && errno != EINVAL)
            return fail(1, "cannot drop capability %d in container '%s'", g_plan->capdrop[i], g_plan->name);
    (void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    return 0;
}

int container_build(const struct plan *p, const char *console)
{
    g_plan = p;
    if (p->nuidmap > 0) {
        /* The parent has written our maps; become the namespace's root so init keeps its capabilities. */
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
            return fail(1, "cannot become root in the user namespace of container '%s' (is id 0 mapped?)", p->name);
        if (setgroups(0, NULL) < 0) return fail(1, "cannot clear supplementary groups");
    }
    if (sethostname(p->name, strlen(p->name)) < 0) return fail(1, "cannot set the hostname of container '%s'", p->name);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return fail(1, "cannot make the mounts of container '%s' private", p->name);
    return p->root ? setup_own_root(p->root, console) : setup_shared_root(console);
}

int container_exec(const struct plan *p)
{
    g_plan = p;
    /* Now in its cgroups: a cgroup namespace makes them the root the container sees, and the cgroup
     * filesystems mounted after that show only the container's own groups. */
    if (unshare(CLONE_NEWCGROUP) < 0) logmsg("note: no cgroup namespace: %s", strerror(errno));
    else setup_cgroup_view("");
    if (setup_network() < 0 || attach_console() < 0) return -1;
    if (chdir(p->workdir ? p->workdir : "/") < 0)
        return fail(1, "cannot enter the working directory '%s' of container '%s'", p->workdir, p->name);
    if (drop_capabilities() < 0) return -1;

    /* The helper blocks and ignores signals for itself; init must start with a clean slate. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);

    char *argv[PLAN_MAX_ITEMS + 2];
    argv[0] = p->init;
    for (int i = 0; i < p->nargs; i++) argv[i + 1] = p->args[i];
    argv[p->nargs + 1] = NULL;
    char *envp[PLAN_MAX_ITEMS + 1];
    for (int i = 0; i < p->nenv; i++) envp[i] = p->env[i];
    envp[p->nenv] = NULL;
    execve(p->init, argv, envp);
    return fail(1, "cannot execute the init '%s' of container '%s'", p->init, p->name);
}

#define _GNU_SOURCE
#include "plan.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 8

/* Undoes the escaping in place: \\ -> \, \t -> TAB, \n -> LF. */
static int unescape(char *s)
{
    char *out = s;
    for (char *in = s; *in; in++) {
        if (*in != '\\') { *out++ = *in; continue; }
        in++;
        switch (*in) {
        case '\\': *out++ = '\\'; break;
        case 't': *out++ = '\t'; break;
        case 'n': *out++ = '\n'; break;
        default: return -1;
        }
    }
    *out = '\0';
    return 0;
}

static int parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-') return -1;
    *out = v;
    return 0;
}

static int need(int nfields, int want, const char *key, int lineno)
{
    if (nfields == want) return 0;
    return fail(0, "plan line %d: '%s' takes %d field(s), found %d", lineno, key, want - 1, nfields - 1);
}

static int room(int count, const char *key, int lineno)
{
    if (count < PLAN_MAX_ITEMS) return 0;
    return fail(0, "plan line %d: too many '%s' lines (at most %d)", lineno, key, PLAN_MAX_ITEMS);
}

static int parse_idmap(char **f, int n, struct idmap_range *r, const char *key, int lineno)
{
    if (need(n, 4, key, lineno) < 0) return -1;
    if (parse_ulong(f[1], &r->inside) < 0 || parse_ulong(f[2], &r->outside) < 0 || parse_ulong(f[3], &r->count) < 0)
        return fail(0, "plan line %d: '%s' needs three numbers", lineno, key);
    return 0;
}

static int directive(struct plan *p, char **f, int n, int lineno)
{
    const char *k = f[0];
    unsigned long num;
    if (!strcmp(k, "name")) { if (need(n, 2, k, lineno)) return -1; p->name = f[1]; }
    else if (!strcmp(k, "root")) { if (need(n, 2, k, lineno)) return -1; p->root = f[1]; }
    else if (!strcmp(k, "rootro")) { if (need(n, 1, k, lineno)) return -1; p->root_readonly = 1; }
    else if (!strcmp(k, "init")) { if (need(n, 2, k, lineno)) return -1; p->init = f[1]; }
    else if (!strcmp(k, "workdir")) { if (need(n, 2, k, lineno)) return -1; p->workdir = f[1]; }
    else if (!strcmp(k, "gateway")) { if (need(n, 2, k, lineno)) return -1; p->gateway = f[1]; }
    else if (!strcmp(k, "arg")) {
        if (need(n, 2, k, lineno) || room(p->nargs, k, lineno)) return -1;
        p->args[p->nargs++] = f[1];
    } else if (!strcmp(k, "env")) {
        if (need(n, 2, k, lineno) || room(p->nenv, k, lineno)) return -1;
        p->env[p->nenv++] = f[1];
    } else if (!strcmp(k, "uidmap")) {
        if (room(p->nuidmap, k, lineno) || parse_idmap(f, n, &p->uidmap[p->nuidmap], k, lineno)) return -1;
        p->nuidmap++;
    } else if (!strcmp(k, "gidmap")) {
        if (room(p->ngidmap, k, lineno) || parse_idmap(f, n, &p->gidmap[p->ngidmap], k, lineno)) return -1;
        p->ngidmap++;
    } else if (!strcmp(k, "bind")) {
        if (need(n, 4, k, lineno) || room(p->nbinds, k, lineno)) return -1;
        if (strcmp(f[3], "ro") && strcmp(f[3], "rw")) return fail(0, "plan line %d: bind mode must be ro or rw", lineno);
        p->binds[p->nbinds++] = (struct bind_mount){ f[1], f[2], !strcmp(f[3], "ro") };
    } else if (!strcmp(k, "tmpfs")) {
        if (need(n, 3, k, lineno) || room(p->ntmpfs, k, lineno)) return -1;
        if (parse_ulong(f[2], &num) < 0) return fail(0, "plan line %d: tmpfs size must be a number of KiB", lineno);
        p->tmpfs[p->ntmpfs++] = (struct tmpfs_mount){ f[1], num };
    } else if (!strcmp(k, "capdrop")) {
        if (need(n, 2, k, lineno) || room(p->ncapdrop, k, lineno)) return -1;
        if (parse_ulong(f[1], &num) < 0 || num > 63) return fail(0, "plan line %d: bad capability number", lineno);
        p->capdrop[p->ncapdrop++] = (int)num;
    } else if (!strcmp(k, "cgroup")) {
        if (need(n, 2, k, lineno) || room(p->ncgroups, k, lineno)) return -1;
        p->cgroups[p->ncgroups++] = f[1];
    } else if (!strcmp(k, "cgview")) {
        if (need(n, 4, k, lineno) || room(p->ncgview, k, lineno)) return -1;
        p->cgview[p->ncgview++] = (struct cgview_mount){ f[1], f[2], f[3] };
    } else if (!strcmp(k, "netif")) {
        if (need(n, 3, k, lineno) || room(p->nnetifs, k, lineno)) return -1;
        p->netifs[p->nnetifs++] = (struct netif){ f[1], f[2] };
    } else if (!strcmp(k, "ipaddr")) {
        if (need(n, 4, k, lineno) || room(p->naddrs, k, lineno)) return -1;
        if (parse_ulong(f[3], &num) < 0 || num > 32) return fail(0, "plan line %d: bad prefix length", lineno);
        p->addrs[p->naddrs++] = (struct ipaddr){ f[1], f[2], (int)num };
    } else {
        return fail(0, "plan line %d: unknown directive '%s'", lineno, k);
    }
    return 0;
}

int plan_load(const char *path, struct plan *p)
{
    memset(p, 0, sizeof *p);
    static char buf[1 << 20];
    ssize_t len = read_file(path, buf, sizeof buf);
    if (len < 0) return fail(1, "cannot read the container plan '%s'", path);
    if ((size_t)len >= sizeof buf - 1) return fail(0, "the container plan '%s' is too large", path);

    int lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *f[MAX_FIELDS];
        int n = 0;
        for (char *s = line;; ) {
            if (n == MAX_FIELDS) return fail(0, "plan line %d: too many fields", lineno);
            f[n++] = s;
            char *tab = strchr(s, '\t');
            if (!tab) break;
            *tab = '\0';
            s = tab + 1;
        }
        for (int i = 0; i < n; i++)
            if (unescape(f[i]) < 0) return fail(0, "plan line %d: bad escape sequence", lineno);
        if (lineno == 1) {
            if (n != 2 || strcmp(f[0], "vireo-lxc-plan") || strcmp(f[1], "1"))
                return fail(0, "'%s' is not a version 1 vireo-lxc plan", path);
            continue;
        }
        if (directive(p, f, n, lineno) < 0) return -1;
    }
    if (!p->name) return fail(0, "the container plan has no name");
    if (!p->init) return fail(0, "the container plan has no init");
    return 0;
}

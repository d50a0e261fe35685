/* `vireo-lxc start STATEDIR`: build the container described by STATEDIR/plan, report the outcome
 * on stdout, then supervise it. */
#ifndef VIREO_LXC_START_H
#define VIREO_LXC_START_H

int run_start(const char *statedir);

#endif

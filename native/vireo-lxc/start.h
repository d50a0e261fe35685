/* `vireo-lxc start STATEDIR [REPORT_FD]`: build the container described by STATEDIR/plan, report
 * the outcome on REPORT_FD (default stdout), then supervise it. */
#ifndef VIREO_LXC_START_H
#define VIREO_LXC_START_H

int run_start(const char *statedir, int report_fd);

#endif

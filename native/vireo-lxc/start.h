/* `vireo-lxc start STATEDIR [REPORT_FD [wait]]`: build the container described by STATEDIR/plan,
 * report the outcome on REPORT_FD (default stdout), then supervise it. With "wait", REPORT_FD is a
 * socket and the plan is read only once a 'p' arrives on it. */
#ifndef VIREO_LXC_START_H
#define VIREO_LXC_START_H

int run_start(const char *statedir, int report_fd, int wait_for_plan);

#endif

#ifndef VP_BENCH_STATS_H
#define VP_BENCH_STATS_H
/* What the `vanphong bench-*` commands share: sorting the timings, reading a percentile off
 * them, and the process's CPU time (on a shared machine the wall clock measures the neighbours
 * too, so some commands print both). */

/* qsort comparator of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);
/* The p-th percentile (0…1) of n sorted values, the nearest rank. */
double bench_pct(const double *v, int n, double p);
/* CPU time of the process in milliseconds. */
double bench_cpu_ms(void);

#endif

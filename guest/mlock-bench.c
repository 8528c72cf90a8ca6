// SPDX-License-Identifier: GPL-2.0
/*
 * mlock-bench: time what the mlock rework changes, per page.
 *
 *   anon4k-mlock-munlock  mlock() then munlock() of 256 MiB of resident
 *                         4 KiB anonymous pages
 *   anon4k-fault-locked   first-touch faults in 256 MiB of an
 *                         mlock2(MLOCK_ONFAULT) area (mlock_new_folio())
 *   anon4k-fault-maplocked mmap(MAP_LOCKED | MAP_POPULATE) of 256 MiB
 *
 * Each is run REPS times; every run prints one line
 *   bench: NAME ns_per_page=N
 * and the host takes the medians (scripts/bench-table.py).
 *
 * Usage: mlock-bench [REPS]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SIZE	(256UL << 20)

static long page_size;
static int warming_up;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *name, double ns)
{
	if (warming_up)
		return;
	printf("bench: %s ns_per_page=%.0f\n", name, ns / (SIZE / page_size));
	fflush(stdout);
}

static char *map(int flags)
{
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	madvise(p, SIZE, MADV_NOHUGEPAGE);
	return p;
}

static void touch(char *p)
{
	for (size_t i = 0; i < SIZE; i += page_size)
		p[i] = 1;
}

static void mlock_munlock(void)
{
	char *p = map(0);
	double t;

	touch(p);
	t = now_ns();
	if (mlock(p, SIZE) || munlock(p, SIZE)) {
		perror("mlock/munlock");
		exit(1);
	}
	report("anon4k-mlock-munlock", now_ns() - t);
	munmap(p, SIZE);
}

static void fault_onfault(void)
{
	char *p = map(0);
	double t;

	if (mlock2(p, SIZE, MLOCK_ONFAULT)) {
		perror("mlock2");
		exit(1);
	}
	t = now_ns();
	touch(p);
	report("anon4k-fault-locked", now_ns() - t);
	munmap(p, SIZE);
}

static void fault_maplocked(void)
{
	double t = now_ns();
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED | MAP_POPULATE,
		       -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	report("anon4k-fault-maplocked", now_ns() - t);
	munmap(p, SIZE);
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 5;

	page_size = sysconf(_SC_PAGESIZE);
	/*
	 * QEMU backs guest RAM lazily, so the first touch of each guest page
	 * costs a host fault: touch most of the guest's memory once first.
	 * Then one of each, unreported, to warm up allocator and caches.
	 */
	for (int i = 0; i < 4; i++) {
		char *p = map(0);

		touch(p);
		munmap(p, SIZE);
	}
	warming_up = 1;
	mlock_munlock();
	fault_onfault();
	fault_maplocked();
	warming_up = 0;
	for (int i = 0; i < reps; i++) {
		mlock_munlock();
		fault_onfault();
		fault_maplocked();
	}
	return 0;
}

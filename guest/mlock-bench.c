// SPDX-License-Identifier: GPL-2.0
/*
 * mlock-bench: time what the mlock rework changes, per page.
 *
 *   anon4k-mlock-munlock   mlock() then munlock() of resident 4 KiB
 *                          anonymous pages
 *   thp-pmd-mlock-munlock  the same on PMD-mapped THPs
 *   thp-pte-mlock-munlock  the same on THPs split to ptes (kept whole)
 *   xfs-mlock-munlock      the same on a MAP_SHARED XFS file read back
 *                          from disk: page cache large folios
 *   anon4k-fault-locked    first-touch faults in an
 *                          mlock2(MLOCK_ONFAULT) area (mlock_new_folio())
 *   anon4k-fault-maplocked mmap(MAP_LOCKED | MAP_POPULATE)
 *   xfs-fault-onfault      read faults on the XFS file in an
 *                          mlock2(MLOCK_ONFAULT) area
 *   memfd4k-fault-onfault  the same on a memfd in the page cache, small
 *                          folios: each mlocked as it is mapped
 *   thp-pte-munmap-locked  munmap() of locked THPs split to ptes
 *   xfs-munmap-locked      munmap() of a locked range of the XFS file
 *   exit16-xfs-locked      16 processes mlock() one XFS file and exit:
 *                          from the exit of the first to the wait for the
 *                          last (seed 000's case), per page of each
 *   xfs-maplocked-2proc    two processes at once mmap(MAP_LOCKED) one
 *                          cached XFS file, then munmap() it: both count
 *                          the same folios, per page of each
 *   thp-migrate-locked     mbind(MPOL_MF_MOVE) of a locked range of
 *                          PMD-mapped THPs to the other NUMA node, as
 *                          migrate_pages() does
 *
 * SIZE bytes each (64 MiB), REPS times; every run prints one line
 *   bench: NAME ns_per_page=N
 * and the host takes the medians (scripts/bench-table.py).
 *
 * Usage: mlock-bench [REPS [XFS-DIRECTORY]]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mlock-util.h"		/* the selftests' (selftests/vm, 6.12: mm) */

#define SIZE		(64UL << 20)
#define NPROC		16

static int warming_up;
static const char *xfs_dir = "/mnt/xfs";

/* The page size: mlock-util.h calls it page_size() on 6.1, psize() on 6.12. */
static size_t bench_page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *name, double ns, unsigned long pages)
{
	if (warming_up)
		return;
	printf("bench: %s ns_per_page=%.0f\n", name, ns / pages);
	fflush(stdout);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* SIZE bytes of anonymous memory, PMD aligned, with madvise(advice). */
static char *anon(int advice)
{
	char *p = reserve_aligned(SIZE, pmd_size());

	if (!p || mmap(p, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		       MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p)
		die("mmap");
	madvise(p, SIZE, advice);
	return p;
}

/*
 * A shared mapping, PMD aligned, of a file of SIZE bytes on XFS, out of
 * the page cache: faults read it back as large folios.
 */
static char *xfs_area(void)
{
	int fd = cached_file(xfs_dir, SIZE);
	char *p;

	if (fd < 0)
		die("xfs file");
	posix_fadvise(fd, 0, SIZE, POSIX_FADV_DONTNEED);
	p = map_file_aligned(fd, SIZE, 0, 0);
	if (!p)
		die("mmap xfs file");
	close(fd);
	return p;
}

/*
 * A shared, read-only mapping of a memfd of SIZE bytes whose pages are in
 * the page cache, on an LRU, in small folios: faults map them again.
 */
static char *memfd_area(void)
{
	int fd = memfd_create("mlock-bench", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, SIZE))
		die("memfd");
	p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap memfd");
	touch_range(p, SIZE, bench_page_size(), true);
	munmap(p, SIZE);
	p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap memfd");
	close(fd);
	return p;
}

/* Fault SIZE bytes in, a page at a time */
static void touch(char *p, bool write)
{
	touch_range(p, SIZE, bench_page_size(), write);
}

/* THPs split to ptes (kept whole) */
static char *thp_pte(void)
{
	char *p = anon(MADV_HUGEPAGE);

	touch(p, true);
	for (size_t off = 0; off < SIZE; off += pmd_size()) {
		mprotect(p + off, bench_page_size(), PROT_READ);
		mprotect(p + off, bench_page_size(), PROT_READ | PROT_WRITE);
	}
	return p;
}

static void munmap_locked(const char *name, char *p)
{
	double t;

	if (mlock(p, SIZE))
		die("mlock");
	t = now_ns();
	munmap(p, SIZE);
	report(name, now_ns() - t, SIZE / bench_page_size());
}

static void bench_munmap(void)
{
	char *p;

	munmap_locked("thp-pte-munmap-locked", thp_pte());
	p = xfs_area();
	touch(p, false);
	munmap_locked("xfs-munmap-locked", p);
}

static void mlock_munlock(const char *name, char *p)
{
	double t = now_ns();

	if (mlock(p, SIZE) || munlock(p, SIZE))
		die("mlock/munlock");
	report(name, now_ns() - t, SIZE / bench_page_size());
	munmap(p, SIZE);
}

static void bench_mlock_munlock(void)
{
	char *p;

	p = anon(MADV_NOHUGEPAGE);
	touch(p, true);
	mlock_munlock("anon4k-mlock-munlock", p);

	p = anon(MADV_HUGEPAGE);
	touch(p, true);
	mlock_munlock("thp-pmd-mlock-munlock", p);

	mlock_munlock("thp-pte-mlock-munlock", thp_pte());

	p = xfs_area();
	touch(p, false);
	mlock_munlock("xfs-mlock-munlock", p);
}

/* Read faults of a file mapping p, SIZE bytes, in an MLOCK_ONFAULT area */
static void fault_onfault(const char *name, char *p)
{
	double t;

	if (mlock2_(p, SIZE, MLOCK_ONFAULT))
		die("mlock2");
	t = now_ns();
	touch(p, false);
	report(name, now_ns() - t, SIZE / bench_page_size());
	munmap(p, SIZE);
}

static void bench_faults(void)
{
	char *p;
	double t;

	p = anon(MADV_NOHUGEPAGE);
	if (mlock2_(p, SIZE, MLOCK_ONFAULT))
		die("mlock2");
	t = now_ns();
	touch(p, true);
	report("anon4k-fault-locked", now_ns() - t, SIZE / bench_page_size());
	munmap(p, SIZE);

	t = now_ns();
	p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		die("mmap locked");
	report("anon4k-fault-maplocked", now_ns() - t, SIZE / bench_page_size());
	munmap(p, SIZE);

	fault_onfault("xfs-fault-onfault", xfs_area());
	fault_onfault("memfd4k-fault-onfault", memfd_area());
}

/* Seed 000: many processes mlock one file, then all exit at once. */
static void bench_exit(void)
{
	char *p = xfs_area(), c;
	pid_t pids[NPROC];
	int ready[2], go[2];
	double t;

	touch(p, false);
	if (pipe(ready) || pipe(go))
		die("pipe");
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (!pids[i]) {
			close(go[1]);
			close(ready[0]);
			if (mlock(p, SIZE))
				_exit(1);
			if (write(ready[1], "r", 1) != 1 ||
			    read(go[0], &c, 1) != 1)
				_exit(1);
			_exit(0);
		}
	}
	for (int i = 0; i < NPROC; i++)
		if (read(ready[0], &c, 1) != 1)
			die("ready");
	t = now_ns();
	close(go[1]);		/* every child's read returns 0: they exit */
	for (int i = 0; i < NPROC; i++)
		waitpid(pids[i], NULL, 0);
	report("exit16-xfs-locked", now_ns() - t, NPROC * (SIZE / bench_page_size()));
	close(go[0]);
	close(ready[0]);
	close(ready[1]);
	munmap(p, SIZE);
}

/* Two processes map one cached large-folio file locked at the same time */
static void bench_maplocked2(void)
{
	int fd = cached_file(xfs_dir, SIZE), go[2];
	pid_t pids[2];
	double t;
	char c;

	if (fd < 0 || pipe(go))
		die("xfs file");
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (!pids[i]) {
			char *p;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(1);
			p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED |
				 MAP_LOCKED | MAP_POPULATE, fd, 0);
			if (p == MAP_FAILED)
				_exit(1);
			munmap(p, SIZE);
			_exit(0);
		}
	}
	close(go[0]);
	t = now_ns();
	close(go[1]);		/* both read() return 0 at once */
	for (int i = 0; i < 2; i++)
		waitpid(pids[i], NULL, 0);
	report("xfs-maplocked-2proc", now_ns() - t, 2 * (SIZE / bench_page_size()));
	close(fd);
}

/* mbind(2) with MPOL_MF_MOVE: 0 or -errno */
static long move_to_node(char *p, int node)
{
	unsigned long mask = 1UL << node;

	/* MPOL_BIND 2, MPOL_MF_MOVE 2 */
	if (syscall(SYS_mbind, p, SIZE, 2, &mask, 8 * sizeof(mask), 2))
		return -errno;
	return 0;
}

/* A locked THP range moved between the two NUMA nodes of the guest */
static void bench_migrate(void)
{
	char *p = anon(MADV_HUGEPAGE);
	double t;

	touch(p, true);
	if (mlock(p, SIZE) || move_to_node(p, 0))
		die("mlock, mbind");
	t = now_ns();
	if (move_to_node(p, 1))
		die("mbind to node 1");
	report("thp-migrate-locked", now_ns() - t, SIZE / bench_page_size());
	munmap(p, SIZE);
}

static void one_round(void)
{
	bench_mlock_munlock();
	bench_munmap();
	bench_faults();
	bench_exit();
	bench_maplocked2();
	bench_migrate();
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 5;

	if (argc > 2)
		xfs_dir = argv[2];
	/*
	 * QEMU backs guest RAM lazily, so the first touch of each guest page
	 * costs a host fault: touch most of the guest's memory once first.
	 * Then one round, unreported, to warm up allocator and caches.
	 */
	for (int i = 0; i < 16; i++) {
		char *p = anon(MADV_NOHUGEPAGE);

		touch(p, true);
		munmap(p, SIZE);
	}
	warming_up = 1;
	one_round();
	warming_up = 0;
	for (int i = 0; i < reps; i++)
		one_round();
	return 0;
}

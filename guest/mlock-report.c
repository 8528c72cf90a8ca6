// SPDX-License-Identifier: GPL-2.0
/*
 * mlock-report: what mlock() does to each kind of memory, in one table.
 *
 * For each kind of memory: map it, fault it in, lock a range of it, and
 * count the pages of the locked range whose folio the kernel holds
 * mlocked and unevictable (PG_mlocked and PG_unevictable of the folio's
 * head page, read through /proc/self/pagemap and /proc/kpageflags), and
 * how far Mlocked: in /proc/meminfo moved. Then munlock and count again,
 * then unmap and check that Mlocked: is back where it started.
 *
 * Usage: mlock-report [XFS-DIRECTORY]   (must run as root for the PFNs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_UNEVICTABLE		18
#define KPF_THP			22
#define KPF_MLOCKED		33
#define PM_PRESENT		(1ULL << 63)
#define PM_PFN_MASK		((1ULL << 55) - 1)

#define PMD_SIZE	(2UL << 20)
#define AREA		(16UL << 20)

static long page_size;
static int pagemap_fd, kpageflags_fd;

struct count {
	unsigned long pages;	/* pages in the locked range */
	unsigned long present;	/* ... mapped */
	unsigned long large;	/* ... in a large folio */
	unsigned long locked;	/* ... whose folio is mlocked and unevictable */
};

static uint64_t kpageflags(uint64_t pfn)
{
	uint64_t flags = 0;

	if (pread(kpageflags_fd, &flags, sizeof(flags), pfn * 8) != sizeof(flags))
		return 0;
	return flags;
}

static void count_range(char *start, size_t len, struct count *c)
{
	memset(c, 0, sizeof(*c));
	for (char *p = start; p < start + len; p += page_size) {
		uint64_t ent, pfn, flags;
		int n;

		c->pages++;
		if (pread(pagemap_fd, &ent, sizeof(ent),
			  (uintptr_t)p / page_size * 8) != sizeof(ent) ||
		    !(ent & PM_PRESENT))
			continue;
		c->present++;
		pfn = ent & PM_PFN_MASK;
		flags = kpageflags(pfn);
		/* The folio's flags live on its head page. */
		for (n = 0; (flags & (1ULL << KPF_COMPOUND_TAIL)) && n < 1024; n++)
			flags = kpageflags(--pfn);
		if (flags & ((1ULL << KPF_COMPOUND_HEAD) | (1ULL << KPF_THP)))
			c->large++;
		if ((flags & (1ULL << KPF_MLOCKED)) &&
		    (flags & (1ULL << KPF_UNEVICTABLE)))
			c->locked++;
	}
}

static long mlocked_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f;
	int fd;

	/* Fold the per-CPU vmstat deltas in, or Mlocked: is blurred. */
	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("stat_refresh");
		close(fd);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Mlocked: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void touch(char *p, size_t len, int write)
{
	for (size_t i = 0; i < len; i += page_size) {
		if (write)
			p[i] = 1;
		else
			(void)*(volatile char *)(p + i);
	}
}

/* AREA bytes of address space, PMD aligned, mapped by mmap(flags, fd). */
static char *map_aligned(int prot, int flags, int fd)
{
	char *p = mmap(NULL, AREA + PMD_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
	munmap(p, AREA + PMD_SIZE);
	if (mmap(a, AREA, prot, flags | MAP_FIXED, fd, 0) != a)
		return NULL;
	return a;
}

/* An anonymous area of AREA bytes, PMD aligned. */
static char *anon_area(int advice)
{
	char *a = map_aligned(PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1);

	if (a)
		madvise(a, AREA, advice);
	return a;
}

/* A shared mapping of a file of AREA bytes in dir, read back from disk. */
static char *file_area(const char *dir)
{
	char path[4096], *buf, *p;
	int fd;

	snprintf(path, sizeof(path), "%s/mlock-report.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	buf = calloc(1, AREA);
	if (!buf || write(fd, buf, AREA) != (ssize_t)AREA || fsync(fd)) {
		free(buf);
		close(fd);
		return NULL;
	}
	free(buf);
	/* Drop the cache so that readahead brings the file back in. */
	posix_fadvise(fd, 0, AREA, POSIX_FADV_DONTNEED);
	/* PMD aligned, so that no folio straddles two page tables */
	p = map_aligned(PROT_READ, MAP_SHARED, fd);
	close(fd);
	return p;
}

/* Rounded, but 100% only when it is all of them. */
static int pct(unsigned long n, unsigned long d)
{
	int p = d ? (int)((n * 100 + d / 2) / d) : 0;

	return p == 100 && n < d ? 99 : p;
}

static void row(const char *kind, char *area, size_t off, size_t len,
		int onfault, long base_kb)
{
	struct count c, after;
	long locked_kb, unlocked_kb, unmapped_kb;
	int ret;

	if (!area) {
		printf("%-28s  not available: %s\n", kind, strerror(errno));
		return;
	}
	ret = onfault ? mlock2(area + off, len, MLOCK_ONFAULT) :
			mlock(area + off, len);
	if (ret) {
		printf("%-28s  mlock failed: %s\n", kind, strerror(errno));
		munmap(area, AREA);
		return;
	}
	if (onfault)
		touch(area, AREA, 1);
	count_range(area + off, len, &c);
	locked_kb = mlocked_kb() - base_kb;
	munlock(area + off, len);
	count_range(area + off, len, &after);
	unlocked_kb = mlocked_kb() - base_kb;
	munmap(area, AREA);
	unmapped_kb = mlocked_kb() - base_kb;

	printf("%-28s %6lu %5d%% %5d%% %+9ld | %5d%% %+9ld | %+9ld\n",
	       kind, c.pages, pct(c.large, c.pages), pct(c.locked, c.pages),
	       locked_kb, pct(after.locked, after.pages), unlocked_kb,
	       unmapped_kb);
	printf("row: kind=%s pages=%lu present=%lu large=%lu locked=%lu mlocked_kb=%ld after_munlock_locked=%lu after_munlock_kb=%ld after_munmap_kb=%ld\n",
	       kind, c.pages, c.present, c.large, c.locked, locked_kb,
	       after.locked, unlocked_kb, unmapped_kb);
}

int main(int argc, char **argv)
{
	const char *xfs = argc > 1 ? argv[1] : "/mnt/xfs";
	long base_kb;
	char *a;

	page_size = sysconf(_SC_PAGESIZE);
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	kpageflags_fd = open("/proc/kpageflags", O_RDONLY);
	if (pagemap_fd < 0 || kpageflags_fd < 0) {
		perror("pagemap/kpageflags");
		return 1;
	}
	base_kb = mlocked_kb();

	printf("mlock report: pages of the locked range whose folio is mlocked and unevictable\n");
	printf("%-28s %6s %6s %6s %9s | %6s %9s | %9s\n", "", "", "in", "",
	       "Mlocked:", "after", "Mlocked:", "unmapped");
	printf("%-28s %6s %6s %6s %9s | %6s %9s | %9s\n", "memory in the locked range",
	       "pages", "large", "locked", "kB", "munlock", "kB", "Mlocked:");

	a = anon_area(MADV_NOHUGEPAGE);
	if (a)
		touch(a, AREA, 1);
	row("4K anon", a, 0, AREA, 0, base_kb);

	a = anon_area(MADV_HUGEPAGE);
	if (a)
		touch(a, AREA, 1);
	row("PMD-mapped THP", a, 0, AREA, 0, base_kb);

	a = anon_area(MADV_HUGEPAGE);
	if (a) {
		touch(a, AREA, 1);
		/* Split every PMD to PTEs, keeping the THPs whole. */
		for (size_t off = 0; off < AREA; off += PMD_SIZE) {
			mprotect(a + off, page_size, PROT_READ);
			mprotect(a + off, page_size, PROT_READ | PROT_WRITE);
		}
	}
	row("PTE-mapped THP", a, 0, AREA, 0, base_kb);

	a = anon_area(MADV_HUGEPAGE);
	if (a)
		touch(a, AREA, 1);
	row("THP, range from mid to mid", a, PMD_SIZE / 2, AREA - PMD_SIZE, 0, base_kb);

	a = anon_area(MADV_HUGEPAGE);
	row("THP, MLOCK_ONFAULT, touched", a, 0, AREA, 1, base_kb);

	a = file_area(xfs);
	if (a)
		touch(a, AREA, 0);
	row("XFS file, MAP_SHARED", a, 0, AREA, 0, base_kb);

	a = file_area("/tmp");
	if (a)
		touch(a, AREA, 0);
	row("tmpfs file, MAP_SHARED", a, 0, AREA, 0, base_kb);
	return 0;
}

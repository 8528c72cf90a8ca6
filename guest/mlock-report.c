// SPDX-License-Identifier: GPL-2.0
/*
 * mlock-report: what mlock() does to each kind of memory, in one table.
 *
 * For each kind of memory: map it, fault it in, lock a range of it, and
 * count the pages of the locked range whose folio the kernel holds
 * mlocked and unevictable (PG_mlocked and PG_unevictable of the folio's
 * head page, read through /proc/self/pagemap and /proc/kpageflags), and
 * how far Mlocked: in /proc/meminfo moved. Then munlock and count again,
 * then unmap and check that Mlocked: is back where it started. What it
 * reads, it reads with the mlock selftests' mlock-util.h, as they do.
 *
 * Usage: mlock-report [XFS-DIRECTORY]   (must run as root for the PFNs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mlock-util.h"		/* the selftests' (selftests/vm, 6.12: mm) */

#define AREA		(16UL << 20)

/* The page size: mlock-util.h calls it page_size() on 6.1, psize() on 6.12. */
static size_t report_page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* An anonymous area of AREA bytes, PMD aligned, with madvise(advice). */
static char *anon_area(int advice)
{
	char *a = reserve_aligned(AREA, pmd_size());

	if (!a || mmap(a, AREA, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a)
		return NULL;
	madvise(a, AREA, advice);	/* no THP: rows show it, 0% large */
	return a;
}

/*
 * A shared mapping, PMD aligned, of a file of AREA bytes in dir whose
 * page cache is read back from disk: large folios where the filesystem
 * has them.
 */
static char *file_area(const char *dir)
{
	int fd = cached_file(dir, AREA);
	char *p;

	if (fd < 0)
		return NULL;
	p = map_file_aligned(fd, AREA, 0, 0);
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
	struct lock_count c, after;
	long locked_kb, unlocked_kb, unmapped_kb;
	int ret;

	if (!area) {
		printf("%-28s  not available: %s\n", kind, strerror(errno));
		return;
	}
	ret = onfault ? mlock2_(area + off, len, MLOCK_ONFAULT) :
			mlock(area + off, len);
	if (ret) {
		printf("%-28s  mlock failed: %s\n", kind, strerror(errno));
		munmap(area, AREA);
		return;
	}
	if (onfault)
		touch_range(area, AREA, report_page_size(), true);
	count_locked(area + off, len, &c);
	locked_kb = mlocked_kb() - base_kb;
	munlock(area + off, len);
	count_locked(area + off, len, &after);
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

/* The area, faulted in (written if anon, read if a file), or NULL. */
static char *touched(char *a, bool write)
{
	if (a)
		touch_range(a, AREA, report_page_size(), write);
	return a;
}

int main(int argc, char **argv)
{
	const char *xfs = argc > 1 ? argv[1] : "/mnt/xfs";
	size_t pmd = pmd_size();
	long base_kb;
	char *a;

	/*
	 * Flags and Mlocked: are read once this CPU's mlock batch is
	 * drained: stay on that CPU (mlock-util.h).
	 */
	if (pin_to_cpu() || !kpageflags_readable()) {
		perror("pin to a CPU, or open /proc/kpageflags (root only)");
		return 1;
	}
	base_kb = mlocked_kb_steady();
	if (base_kb < 0) {
		perror("Mlocked: (/proc/sys/vm/stat_refresh is root only)");
		return 1;
	}

	printf("mlock report: pages of the locked range whose folio is mlocked and unevictable\n");
	printf("%-28s %6s %6s %6s %9s | %6s %9s | %9s\n", "", "", "in", "",
	       "Mlocked:", "after", "Mlocked:", "unmapped");
	printf("%-28s %6s %6s %6s %9s | %6s %9s | %9s\n", "memory in the locked range",
	       "pages", "large", "locked", "kB", "munlock", "kB", "Mlocked:");

	row("4K anon", touched(anon_area(MADV_NOHUGEPAGE), true), 0, AREA, 0,
	    base_kb);
	row("PMD-mapped THP", touched(anon_area(MADV_HUGEPAGE), true), 0, AREA,
	    0, base_kb);

	a = touched(anon_area(MADV_HUGEPAGE), true);
	/* Split every PMD to PTEs, keeping the THPs whole. */
	for (size_t off = 0; a && off < AREA; off += pmd) {
		mprotect(a + off, report_page_size(), PROT_READ);
		mprotect(a + off, report_page_size(), PROT_READ | PROT_WRITE);
	}
	row("PTE-mapped THP", a, 0, AREA, 0, base_kb);

	row("THP, range from mid to mid", touched(anon_area(MADV_HUGEPAGE), true),
	    pmd / 2, AREA - pmd, 0, base_kb);
	row("THP, MLOCK_ONFAULT, touched", anon_area(MADV_HUGEPAGE), 0, AREA, 1,
	    base_kb);
	row("XFS file, MAP_SHARED", touched(file_area(xfs), false), 0, AREA, 0,
	    base_kb);
	row("tmpfs file, MAP_SHARED", touched(file_area("/tmp"), false), 0,
	    AREA, 0, base_kb);
	return 0;
}

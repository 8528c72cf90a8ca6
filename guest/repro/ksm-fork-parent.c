// SPDX-License-Identifier: GPL-2.0
/*
 * ksm-fork-parent: a reproducer, not yet a test (nothing builds or runs
 * it; it becomes a selftest with the fix). Issue 20's fuzz failure, seed
 * 31312 step 11100 on 6.1: a fork parent's locked mapping of a page that
 * ksmd merged in the child is reached by no rmap_item once the child
 * unmaps its copy; a failed migration and a MADV_PAGEOUT of the child's
 * other mapping lose the small folio's count, the child's munlock clears
 * PG_mlocked, and neither the recheck nor reclaim finds the parent's
 * locked pte. Root, KSM, two NUMA nodes. 2026-12-06, x86_64: BROKEN on
 * 6.1, 6.1+series, 6.12 and 6.12+series alike. (6.12's kpageflags sets
 * KSM on every anon page, so the merge is seen by the pfns.) Run as a
 * guest job: copy the static binary to guest/ksm-repro, boot.sh ARCH
 * ksm-repro.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define PS 4096UL
#define KPF_KSM (1ULL << 21)
#define KPF_UNEVICTABLE (1ULL << 18)
#define KPF_MLOCKED (1ULL << 33)

static uint64_t pfn(void *p)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	pread(fd, &e, 8, (uintptr_t)p / PS * 8);
	close(fd);
	return (e >> 63) ? e & ((1ULL << 55) - 1) : 0;
}

static uint64_t flags(void *p)
{
	uint64_t f = 0, n = pfn(p);
	int fd;

	if (!n)
		return 0;
	fd = open("/proc/kpageflags", O_RDONLY);
	pread(fd, &f, 8, n * 8);
	close(fd);
	return f;
}

static void ksm(const char *k, const char *v)
{
	char path[128];
	int fd;
	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", k);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, v, strlen(v)) < 0)
		perror(path);
	close(fd);
}

static long full_scans(void)
{
	char b[32] = "";
	int fd = open("/sys/kernel/mm/ksm/full_scans", O_RDONLY);
	read(fd, b, sizeof(b) - 1);
	close(fd);
	return atol(b);
}

static void show(const char *who, void *p)
{
	uint64_t f = flags(p);
	printf("ksm-repro: %s: ksm %d mlocked %d unevictable %d (0x%llx)\n", who,
	       !!(f & KPF_KSM), !!(f & KPF_MLOCKED), !!(f & KPF_UNEVICTABLE),
	       (unsigned long long)f);
}

int main(void)
{
	char *a = mmap((void *)0x700000000000UL, PS, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	int pipefd[2], st, i;
	pid_t c;

	ksm("sleep_millisecs", "10");
	ksm("pages_to_scan", "1000");
	ksm("run", "1");
	memset(a, 0x5a, PS);
	if (mlock(a, PS))
		perror("mlock a");
	show("parent A locked", a);
	pipe(pipefd);
	c = fork();
	if (!c) {
		char *b = mmap((void *)0x600000000000UL, PS, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		long s;
		int node = 1, status = -1;

		memset(b, 0x5a, PS);
		madvise(b, PS, MADV_MERGEABLE);
		mlock(b, PS);
		madvise(a, PS, MADV_MERGEABLE);
		/* 6.12's kpageflags sets KSM on every anon page: compare pfns */
		for (i = 0; i < 500 && !(pfn(a) && pfn(a) == pfn(b)); i++)
			usleep(20000);
		printf("ksm-repro: merged %d (pfn A %llx B %llx)\n", pfn(a) == pfn(b),
		       (unsigned long long)pfn(a), (unsigned long long)pfn(b));
		show("child A", a);
		show("child B", b);
		munmap(a, PS);
		s = full_scans();
		while (full_scans() < s + 3)
			usleep(20000);
		void *pg = b;
		syscall(SYS_move_pages, 0, 1, &pg, NULL, &status, 0);
		printf("ksm-repro: B on node %d\n", status);
		node = !status;
		if (syscall(SYS_move_pages, 0, 1, &pg, &node, &status, 4 /* MPOL_MF_MOVE_ALL */))
			perror("move_pages");
		printf("ksm-repro: move_pages status %d\n", status);
		show("child B after move_pages", b);
		if (madvise(b, PS, MADV_PAGEOUT))
			perror("pageout");
		show("child B after pageout", b);
		munlock(b, PS);
		sleep(2);
		show("child B munlocked", b);
		write(pipefd[1], "x", 1);
		sleep(3);
		_exit(0);
	}
	read(pipefd[0], &st, 1);
	show("parent A (locked) after child's munlock", a);
	printf("ksm-repro: %s\n", (flags(a) & KPF_MLOCKED) ? "ok: still mlocked" :
	       "BROKEN: parent's locked page not mlocked");
	waitpid(c, &st, 0);
	return 0;
}

# The mlock-rework workshop: patches/ -> scratch tree -> kernel -> QEMU guest
# -> counted test results. Every target is one script of scripts/.
# ARCH picks the guest: one of config/arch/*.env (make arches).
# BASE picks the base and its series: one of config/base/*.env (6.1:
# patches/ in linux/; 6.12: patches-6.12/ in linux-6.12/).

ARCH ?= x86_64
BASE ?= 6.1
export BASE
S := scripts

.PHONY: help arches setup tree export build build-each bisect selftests lint check test \
	test-base debug report report-base bench matrix fuzz clean

help:
	@echo "make arches             the arches of config/arch/, their QEMU and compiler"
	@echo "make setup              install what the harness needs (apt-get)"
	@echo "BASE=6.1|6.12 (default 6.1) picks the base and series (not for test, report-base: both)"
	@echo "make tree               linux/ (6.12: linux-6.12/): base + git am of patches/series"
	@echo "make export             linux/'s commits back to patches/ (6.12: patches-6.12/)"
	@echo "make build [ARCH=...]   build the kernel for ARCH (default x86_64)"
	@echo "make build-each         build every patch of the series alone, every arch"
	@echo "make bisect [ARCH=...]  build-each, and boot the tests at each patch changing kernel code"
	@echo "make selftests [ARCH=]  build the kselftests for ARCH"
	@echo "make lint               checkpatch --strict, git am on a fresh base, shellcheck"
	@echo "make check [ARCH=...]   lint, build, boot and test one arch"
	@echo "make test               the test command: lint, build, boot, test 6.1 (x86_64, arm64), 6.12 (x86_64)"
	@echo "make test-base [ARCH=]  the series' tests on the base kernel (new tests must fail)"
	@echo "make debug [ARCH=...]   check with KASAN, lockdep, DEBUG_LIST (slow, not in CI)"
	@echo "make report [ARCH=...]  main job: what mlock does to each kind of memory"
	@echo "make report-base        the same: 6.1, 6.1+series, 6.12, 6.12+series side by side"
	@echo "make bench [ARCH=...]   base vs series benchmark of BASE, medians and ratios"
	@echo "make fuzz [ARCH=] [FUZZ='-s SEED -t SECS']  a long mlock-fuzz run (default 600 s)"
	@echo "make matrix [ROWS=...]  build the series in every row of config/matrix (ARCHES=, FROM=N, REV=)"
	@echo "make clean              remove build/ (keeps linux/, linux-6.12/ and ccache)"

arches:
	bash $(S)/arches.sh

setup:
	bash $(S)/setup.sh

tree: setup
	bash $(S)/tree.sh

export:
	bash $(S)/export.sh

build: tree
	bash $(S)/kernel.sh $(ARCH)

build-each: tree
	bash $(S)/build-each.sh

bisect: tree
	BOOT=1 bash $(S)/build-each.sh $(ARCH)

selftests: tree
	bash $(S)/selftests.sh $(ARCH)

lint: tree
	bash $(S)/lint.sh

check:
	bash $(S)/test.sh $(ARCH)

test:
	bash $(S)/test-all.sh

test-base:
	VARIANT=base bash $(S)/test.sh $(ARCH)

debug:
	KDEBUG=1 bash $(S)/test.sh $(ARCH)

report:
	bash $(S)/report.sh $(ARCH)

report-base:
	REPORT_BASES="$(sort $(basename $(notdir $(wildcard config/base/*.env))))" \
		REPORT_VARIANTS="base series" bash $(S)/report.sh $(ARCH)

bench:
	bash $(S)/bench.sh $(ARCH)

fuzz:
	bash $(S)/fuzz.sh $(ARCH) $(FUZZ)

matrix: setup
	bash $(S)/matrix.sh

clean:
	rm -rf build

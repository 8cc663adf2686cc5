# FractalSim: the two commands of the README, and a few more.
#   make run    installs missing system libraries, builds in release mode, runs scenarios/baseline.yaml
#               (with --force: a second `make run` replaces results/baseline-1.sqlite)
#   make test   installs missing system libraries (and GNU parallel, junitparser, pandas, pytest), runs
#               the whole test suite, the Python helper's tests (scripts/python-tests.sh), then the CI
#               bounds check (scripts/ci-bounds.sh: release build, bounds on the bundled finality file
#               must pass and on the chain control must fail), then the Slurm test below when root or
#               sudo is available (≈ 30 s)
#   make test-slurm  the README's Slurm command on a real one-node Slurm cluster (scripts/test-slurm.sh:
#               installs slurmctld slurmd slurm-client munge when missing; needs root or sudo)
#   make reports            regenerates notebooks-export/: the reports of the bundled scenarios, one sweep
#               (cluster-smoke) and one comparison (baseline against withhold-l2)
#   make check-exports      fails when the committed notebooks-export/ is not what the binary writes
#               (reruns the bundled runs in release mode, ≈ 10 s; part of make test)
#   make check-reports      renders every report page in headless Chromium (installed by
#               scripts/install-deps.sh --browser); fails on a JavaScript error or an empty plot
#   make check-notebooks    validates and executes those notebooks (Python packages from PyPI)
#   make fuzz   10,000 broken scenario files must each be refused with exit 2 (scripts/fuzz-scenarios.sh)
SWIFT ?= swift
SCENARIO ?= scenarios/baseline.yaml
ARGS ?=

.PHONY: deps build run test test-slurm validate bench bench-peers reports check-exports check-reports check-notebooks fuzz clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

run: build
	./.build/release/fractalsim run $(SCENARIO) --force $(ARGS)

test: deps
	@./scripts/install-deps.sh --test-tools
	$(SWIFT) test
	@./scripts/python-tests.sh
	@SWIFT=$(SWIFT) ./scripts/ci-bounds.sh
	@./scripts/check-exports.sh
	@SWIFT=$(SWIFT) ./scripts/test-slurm.sh --if-possible

test-slurm: deps
	@SWIFT=$(SWIFT) ./scripts/test-slurm.sh

validate: build
	./.build/release/fractalsim validate scenarios/*.yaml scenarios/*/*.yaml

bench: build
	./scripts/bench.sh

# The hold workload side by side with ../shared/peers (C++ loop, SimPy) in one session, with ratios (issue 9).
bench-peers: build
	./scripts/bench-peers.sh

# 10,000 broken scenario files through the loader, `validate` and `run` (issue 10; README "Guarantees").
fuzz: deps
	@SWIFT=$(SWIFT) ./scripts/fuzz-scenarios.sh

reports: build
	./scripts/reports.sh

check-exports: build
	./scripts/check-exports.sh

check-reports:
	@./scripts/install-deps.sh --browser
	./scripts/check-reports.sh

check-notebooks:
	./scripts/check-notebooks.sh

clean:
	rm -rf .build results/*.sqlite

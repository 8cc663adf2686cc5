# FractalSim: the two commands of the README, and a few more.
#   make run    installs missing system libraries, builds in release mode, runs scenarios/baseline.yaml
#   make test   installs missing system libraries (and GNU parallel), runs the whole test suite,
#               then the CI bounds check (scripts/ci-bounds.sh: release build, bounds on the bundled
#               finality file must pass and on the chain control must fail)
SWIFT ?= swift
SCENARIO ?= scenarios/baseline.yaml
ARGS ?=

.PHONY: deps build run test validate bench clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

run: build
	./.build/release/fractalsim run $(SCENARIO) $(ARGS)

test: deps
	@./scripts/install-deps.sh --test-tools
	$(SWIFT) test
	@SWIFT=$(SWIFT) ./scripts/ci-bounds.sh

validate: build
	./.build/release/fractalsim validate scenarios/*.yaml scenarios/*/*.yaml

bench: build
	./scripts/bench.sh

clean:
	rm -rf .build results/*.sqlite

# FractalSim: the two commands of the README, and a few more.
#   make run    installs missing system libraries, builds in release mode, runs scenarios/baseline.yaml
#   make test   installs missing system libraries, runs the whole test suite
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
	$(SWIFT) test

validate: build
	./.build/release/fractalsim validate scenarios/*.yaml

bench: build
	./scripts/bench.sh

clean:
	rm -rf .build results/*.sqlite

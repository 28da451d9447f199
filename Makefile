# Two commands matter: `make demo` and `make test`. Both build .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo test eval bench soak clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the real-server tests use; installed only when we are root.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/python -m bot.demo

test: install system-deps
	$(BIN)/python -m pytest -q

# Every labelled set: the shared corpora (when ../shared is there) and the project's own.
EVAL_SETS := $(wildcard $(SHARED)/corpus $(SHARED)/corpus2) $(wildcard tests/fixtures/unseen*) $(wildcard $(SHARED)/peer-mails)

eval: install
	$(BIN)/python -m bot.evaluate $(EVAL_SETS)

# The comparison library is a benchmark-only extra: installed here, never by `make install`.
bench: install system-deps
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run

soak: install system-deps
	$(BIN)/python -m soak.run

clean:
	rm -rf $(VENV) var

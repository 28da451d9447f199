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

eval: install
	mkdir -p var
	$(BIN)/intake extract --json $(SHARED)/corpus/messages/*.eml > var/eval.jsonl
	$(BIN)/python $(SHARED)/corpus/score.py $(SHARED)/corpus var/eval.jsonl

bench: install system-deps
	$(BIN)/python -m bench.run

soak: install system-deps
	$(BIN)/python -m soak.run

clean:
	rm -rf $(VENV) var

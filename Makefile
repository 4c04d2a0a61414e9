# medcheck: `make check` sets everything up and checks content/; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Extra options for `make check`, e.g. CI's reports:
#   make check MEDCHECK_ARGS="--report sarif:medcheck.sarif --report markdown:summary.md"
MEDCHECK_ARGS ?=

.PHONY: setup check test languagetool docs clean

setup: $(STAMP) languagetool

# Reinstall only when the packaging changed: setup is fast when nothing did.
$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# The real LanguageTool server, built from Maven Central (idempotent).
languagetool: $(STAMP)
	$(BIN)/medcheck languagetool install

check: setup
	$(BIN)/medcheck check content/ $(MEDCHECK_ARGS)

test: setup
	$(BIN)/python -m pytest -q

# The generated references (a test fails when they are stale).
docs: $(STAMP)
	$(BIN)/medcheck rules --markdown > docs/rules.md
	$(BIN)/medcheck schema > docs/medcheck.schema.json

clean:
	rm -rf $(VENV) .medcheck_cache .pytest_cache .hypothesis build *.egg-info

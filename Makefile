# Plain entry points; each sets up .venv first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ES_PORT ?= 9200

.PHONY: setup demo test lint typecheck es-start es-stop clean

$(BIN)/newsindex: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "newsindex needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

setup: $(BIN)/newsindex

demo: setup
	$(BIN)/newsindex demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

es-start:
	bash scripts/elasticsearch.sh start

es-stop:
	bash scripts/elasticsearch.sh stop

# The whole suite, against a real Elasticsearch node that this target starts.
test: setup lint typecheck
	NEWSINDEX_TEST_ES="$$(ES_PORT=$(ES_PORT) bash scripts/elasticsearch.sh start)" \
		$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info

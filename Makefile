# Municipium — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VAR := var
export MUNICIPIUM_VAR_DIR ?= $(CURDIR)/$(VAR)

.PHONY: run test install install-dev system-check messages compilemessages lint format serve clean

$(BIN)/python: | system-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# First, before anything slow: the system packages (libmagic, Pango; and `python3 -m venv` while
# there is no .venv yet). When one is missing, one line names them all and make stops.
system-check:
	@$(PYTHON) src/municipium/system_check.py $(if $(wildcard $(BIN)/python),,--venv)

install: system-check $(VENV)/.installed compilemessages
install-dev: system-check $(VENV)/.installed-dev compilemessages

# .mo files are built from the committed .po files with Babel (pure Python, no system gettext).
compilemessages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D django -d src/municipium/locale

# Extracts the strings again (needs GNU gettext's xgettext: `apt-get install gettext`).
messages: $(VENV)/.installed
	cd src/municipium && ../../$(BIN)/django-admin makemessages --settings=municipium.settings \
		-l bg -l pl -l en --no-obsolete --add-location=file --ignore='*/migrations/*'

# Starts the platform with demo data on http://127.0.0.1:8000 (DEBUG on, so the demo logins work)
# and the task worker beside it.
run: install
	@mkdir -p $(VAR)
	MUNICIPIUM_DEBUG=true $(BIN)/municipium migrate --no-input -v 0
	MUNICIPIUM_DEBUG=true $(BIN)/municipium demo
	@# The task worker (text extraction, OCR, search indexing, e-mail intake, periodic jobs)
	@# runs beside the web server, is started again if it ever stops, and stops with it.
	MUNICIPIUM_DEBUG=true $(BIN)/municipium worker --supervise & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		MUNICIPIUM_DEBUG=true $(BIN)/municipium serve

lint: install-dev
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	MUNICIPIUM_DEBUG=true $(BIN)/mypy
	MUNICIPIUM_DEBUG=true $(BIN)/municipium makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: install-dev
	@mkdir -p $(VAR)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	MUNICIPIUM_DEBUG=true $(BIN)/mypy
	MUNICIPIUM_DEBUG=true $(BIN)/municipium makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(VAR) build src/*.egg-info

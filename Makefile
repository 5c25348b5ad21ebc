# The two commands: `make run` and `make test`. Each sets itself up on a fresh machine.
VENV    ?= .venv
PY      := $(VENV)/bin/python
PORT    ?= 8501
ADDRESS ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup browser run test check bench bench-quick clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

# Debian's Chromium for the browser tests (Playwright drives it; it cannot download browsers here).
browser:
	@test -x $(CHROMIUM) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)

run: setup
	$(PY) -m tracker serve --server.port $(PORT) --server.address $(ADDRESS)

test: setup browser
	$(PY) -m pytest

check: setup
	$(PY) -m tracker check $(or $(TRACKER_DATA_DIR),data)

bench: setup browser
	$(PY) bench/run.py

bench-quick: setup browser
	$(PY) bench/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache bench/out tests/screenshots

# The two commands: `make run` and `make test`. Each sets itself up on a fresh machine.
VENV    ?= .venv
PY      := $(VENV)/bin/python
PORT    ?= 8501
ADDRESS ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
HAPROXY ?= /usr/sbin/haproxy
N       ?= 2

.PHONY: setup browser run test check bench bench-quick clean proxy replicas

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

test: setup browser proxy
	$(PY) -m pytest

check: setup
	$(PY) -m tracker check $(or $(TRACKER_DATA_DIR),data)

bench: setup browser proxy
	$(PY) bench/run.py

bench-quick: setup browser proxy
	$(PY) bench/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache bench/out tests/screenshots

# Debian's HAProxy, in front of the replicas (`make replicas`, the failover test). Only the binary
# is used: tracker/hosting.py runs it in the foreground with its own config; no service is started.
proxy:
	@test -x $(HAPROXY) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq haproxy >/dev/null; }
	@test -x $(HAPROXY)

# N replicas of `make run` behind HAProxy on ADDRESS:PORT, in the foreground (Ctrl-C stops them all).
replicas: setup proxy
	HAPROXY=$(HAPROXY) $(PY) -m tracker.hosting --replicas $(N) --port $(PORT) --address $(ADDRESS) \
	  $(if $(TRACKER_DATA_DIR),--data $(TRACKER_DATA_DIR))

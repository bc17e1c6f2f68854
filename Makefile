PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPORA ?= ../shared/corpora
HOST ?= $(or $(TIMELINE_HOST),127.0.0.1)
PORT ?= $(or $(TIMELINE_PORT),8000)

.PHONY: run test lint eval nlp-eval model bench loadtest lock audit clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

run: $(STAMP)
	@echo "The page:  http://$(HOST):$(PORT)/"
	@echo "API docs:  http://$(HOST):$(PORT)/docs  (another port: make run PORT=8080)"
	$(VENV)/bin/timeline serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest
	$(PY) -m ruff check service schemas tests
	$(PY) -m mypy

lint: $(STAMP)
	$(PY) -m ruff check service schemas tests
	$(PY) -m mypy
	$(VENV)/bin/hadolint --failure-threshold error docker/Dockerfile

# The corpora are public but not in the repository (README, Evaluation): each one found under
# $(CORPORA) is scored, each one missing is named with where to get it.
eval: $(STAMP)
	@if [ -d $(CORPORA)/tbaq ]; then $(VENV)/bin/timeline eval $(CORPORA)/tbaq; \
	else echo "eval: skipped tbaq: $(CORPORA)/tbaq not found (TempEval-3 training data, TBAQ-cleaned: GitHub jspotter/TempEval-3, data/TBAQ-cleaned)"; fi
	@if [ -d $(CORPORA)/timeline-trial ]; then $(VENV)/bin/timeline eval $(CORPORA)/timeline-trial; \
	else echo "eval: skipped timeline-trial: $(CORPORA)/timeline-trial not found (SemEval-2015 Task 4 TimeLine trial data)"; fi
	@if [ -d $(CORPORA)/eventtime ]; then $(VENV)/bin/timeline eval $(CORPORA)/eventtime; \
	else echo "eval: skipped eventtime: $(CORPORA)/eventtime not found (TimeBank-EventTime, Reimers et al. ACL 2016, as eventtime-dev.jsonl)"; fi
	@if [ ! -d $(CORPORA) ]; then echo "eval: no corpora under $(CORPORA); give their folder with make eval CORPORA=/path (README, Evaluation); the repository's own sample: .venv/bin/timeline eval tests/fixtures/timeml/run"; fi

model: $(STAMP)
	$(PY) -m service.nlp.train --corpora $(CORPORA)/ud-english

nlp-eval: $(STAMP)
	$(PY) -m service.nlp.evaluate --corpora $(CORPORA)/ud-english

# The HTTP part loads the server with hey (Debian); without it that part is skipped.
bench: $(STAMP)
	@command -v hey >/dev/null 2>&1 || apt-get install -y -qq hey >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hey >/dev/null 2>&1; } \
		|| echo "bench: hey is not installed; the HTTP part is skipped"
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m service.bench --json build/bench.json
	@if [ -d $(CORPORA)/tbaq ]; then OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m service.bench --corpus $(CORPORA)/tbaq --seconds 10 --no-http --json build/bench-tbaq.json; \
	else echo "bench: skipped the corpus run and timeline batch: $(CORPORA)/tbaq not found (TempEval-3 training data, TBAQ-cleaned: GitHub jspotter/TempEval-3, data/TBAQ-cleaned; make bench CORPORA=/path)"; fi
	@# timeline batch over the same documents with 1 and 2 worker processes (both cores)
	@if [ -d $(CORPORA)/tbaq ]; then OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m service.bench_batch --corpus $(CORPORA)/tbaq --workers 1 2; fi
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 $(PY) -m service.eval.bench_shapes --prose tests/fixtures/reference_article.txt

# Load and fault tests against `timeline serve --workers 2` on 127.0.0.1 (not part of `make test`).
loadtest: $(STAMP)
	$(PY) -m tests.load.run

# The hashed lock the image installs from, written from pyproject.toml's pins.
lock: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file docker/requirements.lock pyproject.toml

# Known vulnerabilities in the locked dependencies (needs the vulnerability service).
audit: $(STAMP)
	$(VENV)/bin/pip-audit --strict --requirement docker/requirements.lock --no-deps --disable-pip

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Developer shortcuts. The README's two commands need none of this.
.PHONY: install test lint format eval bench demo

install:
	pip install -e ".[test]"

test:
	python -m pytest

lint:
	ruff check src tests benchmarks scripts
	ruff format --check src tests benchmarks scripts

format:
	ruff format src tests benchmarks scripts
	ruff check --fix src tests benchmarks scripts

# Scores on the development corpus (needs ../shared beside the repository).
eval:
	python scripts/eval.py

bench:
	python benchmarks/ingest.py
	python benchmarks/extract.py

demo:
	dossier ingest examples/ --db example.db

# ivplan: `make demo` builds the example plans into build/, `make lint` runs the project's linters,
# `make test` runs them and then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLES := $(wildcard examples/*.yaml) $(wildcard examples/uitvoering/*.yaml)

.PHONY: demo lint test fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-demo: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet .
	rm -f $(VENV)/.installed-test
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-demo
	touch $@

demo: $(VENV)/.installed-demo
	$(BIN)/ivplan validate $(EXAMPLES)
	$(BIN)/ivplan build $(EXAMPLES) -o build --markdown
	$(BIN)/ivplan voortgang examples/havenstad.yaml -o build
	$(BIN)/ivplan voortgang examples/uitvoering/havenstad-2027.yaml -o build
	@# The regional example deliberately holds one plan that is not compliant: check exits 1 for it.
	$(BIN)/ivplan check --regio examples/regio/regio.yaml examples/regio/plannen/*.yaml -o build/regio-rapport.html > build/regio-check.txt || [ $$? -eq 1 ]
	$(BIN)/ivplan check --regio examples/regio/regio.yaml examples/regio/plannen/*.yaml -o build/regio-rapport.docx > /dev/null || [ $$? -eq 1 ]
	@# The collegiale toets of Oldenveld, with the answers of a colleague from Heuvelrand.
	$(BIN)/ivplan toets examples/oldenveld.yaml --antwoorden examples/toets/oldenveld-antwoorden.yaml -o build/oldenveld-toets.docx > /dev/null
	$(BIN)/ivplan toets examples/oldenveld.yaml --antwoorden examples/toets/oldenveld-antwoorden.yaml -o build/oldenveld-toets.html > /dev/null
	@# The joint plan of De Zandmeren: deel A with the deel B of each of its three gemeenten, and the joint document.
	$(BIN)/ivplan validate examples/gezamenlijk/deel-a.yaml
	$(BIN)/ivplan build examples/gezamenlijk/deel-a.yaml --samen -o build/gezamenlijk --markdown
	$(BIN)/ivplan voortgang examples/gezamenlijk/deel-a.yaml --samen -o build/gezamenlijk
	@echo "Klaar: de documenten staan in build/."
	@echo "Het commando ivplan staat in .venv/bin; maak het bereikbaar met:  . .venv/bin/activate"
	@echo "(of roep het aan als .venv/bin/ivplan). Daarna werkt 'Zo begint u' in README.md zoals het er staat."

# Each step fails the target on any problem: lint and format, types, the layers contract, import
# cycles (also through imports inside functions), and the budget of function-local imports.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports
	$(BIN)/python scripts/import_cycles.py
	$(BIN)/python scripts/local_imports.py

test: lint $(VENV)/.installed-test
	bash scripts/systeempakketten.sh
	$(BIN)/python -m pytest -q

fuzz: $(VENV)/.installed-test
	IVPLAN_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf build dist *.egg-info src/*.egg-info

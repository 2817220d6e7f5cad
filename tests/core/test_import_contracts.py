"""The import contracts of pyproject.toml ([tool.importlinter], issue 15) hold on today's code and
bite: each case adds one import to the real import graph, as a new line of code would, and the
contract that forbids it must break (while `lint-imports` in `make test` checks the code itself)."""

import copy
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application import use_cases
from importlinter.application.app_config import settings

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


class _GraphWithExtraImports:
    """A graph builder for import-linter: the real graph of finsup plus some imports."""

    def __init__(self, graph: grimp.ImportGraph, extra: tuple[tuple[str, str], ...]):
        self.graph, self.extra = graph, extra

    def build(
        self, root_package_names, cache_dir, include_external_packages=False, exclude_type_checking_imports=False
    ):
        graph = copy.deepcopy(self.graph)
        for importer, imported in self.extra:
            graph.add_import(importer=importer, imported=imported)
        return graph


@pytest.fixture(scope="module")
def options():
    configuration.configure()
    use_cases._register_built_in_contract_types()  # what `lint-imports` does before it reads the contracts
    return use_cases.read_user_options(config_filename=str(PYPROJECT))


@pytest.fixture(scope="module")
def real_graph(options):
    include_external = options.session_options["include_external_packages"] in (True, "True", "true")
    # as lint-imports reads it: imports under `if TYPE_CHECKING:` (annotations only) left out
    exclude_type_checking = options.session_options.get("exclude_type_checking_imports") in (True, "True", "true")
    return grimp.build_graph(
        "finsup",
        include_external_packages=include_external,
        exclude_type_checking_imports=exclude_type_checking,
        cache_dir=None,
    )


@pytest.fixture
def broken(options, real_graph):
    """The ids of the contracts broken once the given imports are added."""

    def check(*extra: tuple[str, str]) -> set[str]:
        saved = settings.GRAPH_BUILDER
        settings.configure(GRAPH_BUILDER=_GraphWithExtraImports(real_graph, extra))
        try:
            report = use_cases.create_report(options, cache_dir=None)
        finally:
            settings.configure(GRAPH_BUILDER=saved)
        assert not report.could_not_run and not report.invalid_contract_options
        return {
            contract.contract_options["id"] for contract, result in report.get_contracts_and_checks() if not result.kept
        }

    return check


def test_every_contract_holds_today(broken):
    assert broken() == set()


@pytest.mark.parametrize(
    ("importer", "imported", "contracts"),
    [
        # the kernel reaching into an app's models: a layer and that app's models broken at once
        ("finsup.core.scoping", "finsup.loans.models", {"layers", "models-loans", "acyclic"}),
        # users below the registry, the registry below the domain apps, the apps below the web layer
        ("finsup.accounts.selectors", "finsup.institutions.selectors", {"layers", "acyclic"}),
        ("finsup.institutions.selectors", "finsup.ratings.selectors", {"layers", "acyclic"}),
        ("finsup.reporting.services", "finsup.dashboard.selectors", {"layers", "acyclic"}),
        # the kernel knows no domain, not even the web kit; the kit knows nothing above the users;
        # the users' policies do not know the registry (Institution.feeds_loans answers them)
        ("finsup.core.scoping", "finsup.web.views", {"layers", "web-kit-pages-only", "acyclic"}),  # models use scoping
        ("finsup.web.views", "finsup.institutions.selectors", {"layers", "acyclic"}),
        ("finsup.accounts.policies", "finsup.institutions.choices", {"layers", "acyclic"}),
        # pages use the web kit; models, services and selectors do not, directly or through a helper
        ("finsup.reporting.services", "finsup.web.forms", {"web-kit-pages-only"}),
        ("finsup.accounts.models", "finsup.web.views", {"web-kit-pages-only", "acyclic"}),
        ("finsup.licensing.services.applications", "finsup.licensing.views", {"web-kit-pages-only", "acyclic"}),
        # one domain app reading another's table (same layer: only the models contract)
        ("finsup.ratings.services", "finsup.loans.models", {"models-loans"}),
        # accountability's overdue duties read the other apps through their selectors
        ("finsup.accountability.overdue", "finsup.reporting.models", {"models-reporting"}),
        ("finsup.accountability.overdue", "finsup.inspections.models", {"models-inspections"}),
        ("finsup.accountability.overdue", "finsup.accounts.models", {"models-accounts"}),
        # an ignored back-edge covers one importer only: its neighbour may not do the same
        ("finsup.institutions.selectors", "finsup.monitoring.selectors", {"layers", "acyclic"}),
        # a circle inside a layer (the apps above fill a registry instead: rating_facts, indicators)
        ("finsup.reporting.filing_rows", "finsup.ratings.selectors", {"acyclic"}),
        ("finsup.monitoring.selectors", "finsup.reporting.selectors", {"acyclic"}),
        # or between the modules of one app
        ("finsup.reporting.periods", "finsup.reporting.services", {"acyclic"}),
        # the pure packages
        ("finsup.rulebook.engine", "finsup.reporting.selectors", {"rulebook-catalogue-only", "layers", "acyclic"}),
        ("finsup.rulebook.engine", "finsup.institutions.selectors", {"rulebook-catalogue-only"}),
        ("finsup.rulebook.engine", "finsup.documents.services", {"rulebook-catalogue-only"}),
        ("finsup.rulebook.engine", "django", {"rulebook-catalogue-only"}),
        ("finsup.catalogue.loader", "finsup.rulebook.loader", {"catalogue-pure", "layers", "acyclic"}),
        ("finsup.catalogue.loader", "finsup.core.errors", {"catalogue-pure"}),
        # the responsibility list: reference data under the apps that read it, knowing none of them
        ("finsup.duties.selectors", "finsup.accountability.overdue", {"duties-reference-data", "layers", "acyclic"}),
        ("finsup.duties.selectors", "finsup.institutions.selectors", {"duties-reference-data"}),
        # (the rulebook reaches it through the catalogue)
        ("finsup.catalogue.loader", "finsup.duties.selectors", {"catalogue-pure", "rulebook-catalogue-only"}),
        ("finsup.rulebook.engine", "finsup.duties.selectors", {"rulebook-catalogue-only"}),
    ],
)
def test_a_new_back_edge_breaks_its_contract(broken, importer, imported, contracts):
    assert broken((importer, imported)) == contracts


def test_an_indirect_import_breaks_the_pure_packages(broken):
    """The rulebook may import core, but not reach an app through it."""
    assert broken(
        ("finsup.rulebook.engine", "finsup.core.errors"), ("finsup.core.errors", "finsup.accounts.models")
    ) == {
        "acyclic",  # core <- accounts -> core: a circle as well
        "layers",
        "models-accounts",
        "rulebook-catalogue-only",
    }


def test_the_contracts_cover_every_app(options):
    """A new app must be placed in a layer, and its models protected, or the contracts would not see it."""
    apps = {p.name for p in (PYPROJECT.parent / "src" / "finsup").iterdir() if (p / "__init__.py").exists()}
    contracts = {c["id"]: c for c in options.contracts_options}
    layered = {m.strip().removeprefix("finsup.") for layer in contracts["layers"]["layers"] for m in layer.split(":")}
    assert layered == apps
    with_models = {a for a in apps if (PYPROJECT.parent / "src" / "finsup" / a / "models.py").exists()}
    assert {i.removeprefix("models-") for i in contracts if i.startswith("models-")} == with_models
    for pure, allowed in (
        ("catalogue-pure", {"catalogue"}),
        ("rulebook-catalogue-only", {"catalogue", "core", "rulebook"}),
    ):
        assert {m.removeprefix("finsup.") for m in contracts[pure]["forbidden_modules"]} == apps - allowed | {"django"}
    duties = contracts["duties-reference-data"]["forbidden_modules"]
    assert {m.removeprefix("finsup.") for m in duties} == apps - {"duties"}

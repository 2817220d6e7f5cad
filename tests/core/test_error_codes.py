"""Every refusal a service raises says why with its app's own code (issue 15): a program reading the
API's `code` can tell one refusal from another, and the codes live in one enum per app
(`<app>/errors.py`, `Code`; the kernel's in `core/errors.py`)."""

import ast
import importlib
import re
from pathlib import Path

import finsup

SRC = Path(finsup.__file__).parent
# The classes whose own code says nothing more than the HTTP status.
GENERIC = {"ApplicationError", "NotFound", "PermissionDenied", "InvalidTransition"}
# (module, function) that may raise a generic code, each with its reason.
ALLOWED = {
    ("accounts/policies.py", "require"),  # the one permission question: forbidden, or not_found out of scope
    ("core/lifecycle.py", "check"),  # the kernel's lifecycle helper: invalid_transition, for every app
    ("reporting/api.py", "get_report"),  # no definition in force then: the API's not_found (pinned in tests/api)
}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts and "tests" not in path.parts:
            yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _raises(tree):
    """(enclosing function, raised class name, call) for each `raise Cls(...)`."""
    stack = []

    def walk(node):
        named = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if named:
            stack.append(node.name)
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            yield (stack[-1] if stack else "", name, node.exc)
        for child in ast.iter_child_nodes(node):
            yield from walk(child)
        if named:
            stack.pop()

    yield from walk(tree)


def _code_module(rel: str, tree) -> str | None:
    """The module the file takes `Code` from, resolved to an absolute name."""
    package = ["finsup", *rel.removesuffix(".py").split("/")[:-1]]
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(alias.name == "Code" for alias in node.names):
            base = package[: len(package) - node.level + 1] if node.level else []
            return ".".join([*base, *(node.module or "").split(".")]).strip(".")
    return "finsup.core.errors" if rel == "core/errors.py" else None


def test_every_refusal_carries_its_apps_code():
    missing, foreign = [], []
    for rel, tree in _modules():
        app = rel.split("/")[0]
        code_module = _code_module(rel, tree)
        for function, name, call in _raises(tree):
            if name not in GENERIC:
                continue
            code = next((k.value for k in call.keywords if k.arg == "code"), None)
            if code is None:
                if (rel, function) not in ALLOWED:
                    missing.append(f"{rel}:{call.lineno} ({function})")
                continue
            if not (isinstance(code, ast.Attribute) and isinstance(code.value, ast.Name) and code.value.id == "Code"):
                foreign.append(f"{rel}:{call.lineno}: code= is not a member of Code")
            elif code_module != f"finsup.{app}.errors" or not hasattr(
                importlib.import_module(code_module).Code, code.attr
            ):
                foreign.append(f"{rel}:{call.lineno}: Code.{code.attr} is not in finsup.{app}.errors")
    assert not missing, "refusals with the default code:\n" + "\n".join(missing)
    assert not foreign, "\n".join(foreign)


def test_the_allow_list_has_no_stale_entry():
    raising = {
        (rel, function) for rel, tree in _modules() for function, name, _call in _raises(tree) if name in GENERIC
    }
    assert ALLOWED <= raising, ALLOWED - raising


def test_codes_are_snake_case_and_distinct_within_an_app():
    for path in sorted(SRC.glob("*/errors.py")):
        module = importlib.import_module(f"finsup.{path.parent.name}.errors")
        code = getattr(module, "Code", None)
        if code is None:
            continue
        values = [member.value for member in code]
        assert all(SNAKE.match(v) for v in values), (path, values)
        assert len(values) == len(set(values)) == len(code.__members__), path


def test_every_refusal_class_declares_its_own_code_and_status():
    from finsup.core.errors import ApplicationError

    defined = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and rel != "core/errors.py":
                module = importlib.import_module("finsup." + rel.removesuffix(".py").replace("/", "."))
                cls = getattr(module, node.name, None)
                if isinstance(cls, type) and issubclass(cls, ApplicationError):
                    defined.append(cls)
    assert defined
    for cls in defined:
        assert "code" in vars(cls) and SNAKE.match(cls.code), cls
        assert 400 <= cls.http_status < 500, cls

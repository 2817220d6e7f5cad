"""Every FINSUP_* setting is declared once, with its default and a comment, in
config/settings/base.py; the code reads it as `settings.FINSUP_X` when it runs. Found by reading the
source (ast), so a getattr with a hidden default, a read at import time (which a test cannot
override), a setting used but never declared and one declared but never used all fail here."""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from pathlib import Path

import finsup

SRC = Path(finsup.__file__).resolve().parent
SETTINGS_DIR = SRC / "config" / "settings"
BASE = SETTINGS_DIR / "base.py"


def _modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(SRC)): ast.parse(p.read_text(), filename=str(p)) for p in sorted(SRC.rglob("*.py"))}


MODULES = _modules()


def _is_settings(node: ast.AST) -> bool:
    """`settings` (from django.conf import settings) or `django.conf.settings`."""
    return (isinstance(node, ast.Name) and node.id == "settings") or (
        isinstance(node, ast.Attribute) and node.attr == "settings"
    )


def _finsup_read(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr.startswith("FINSUP_") and _is_settings(node.value):
        return node.attr
    return None


class _ImportTimeReads(ast.NodeVisitor):
    """`settings.FINSUP_*` evaluated when the module is imported: at module or class level, in a
    decorator or a default argument. Function and lambda bodies run later and are not visited."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)  # defaults are evaluated when the function is defined

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = _finsup_read(node)
        if name:
            self.found.append((node.lineno, name))
        self.generic_visit(node)


def _declared(path: Path) -> list[ast.stmt]:
    """The module-level assignments of FINSUP_* names in a settings module (in `if` blocks too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id.startswith("FINSUP_") for t in targets):
            found.append(node)
    return found


def _name(statement: ast.stmt) -> str:
    target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
    return target.id


def _used() -> set[str]:
    return {
        name
        for path, tree in MODULES.items()
        if not path.startswith("config/settings/")
        for node in ast.walk(tree)
        if (name := _finsup_read(node))
    }


def _where(found) -> list[str]:
    """path:line of every node of src/finsup for which ``found(node)`` holds."""
    return [f"{path}:{node.lineno}" for path, tree in MODULES.items() for node in ast.walk(tree) if found(node)]


def _getattr_on_settings(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("getattr", "hasattr")
        and bool(node.args)
        and _is_settings(node.args[0])
    )


def test_settings_are_never_read_through_getattr_or_hasattr():
    found = _where(_getattr_on_settings)
    assert found == [], "read settings.NAME (declared in config/settings/base.py), not getattr(settings, …)"


def test_no_finsup_setting_is_read_at_import_time():
    found = []
    for path, tree in MODULES.items():
        visitor = _ImportTimeReads()
        visitor.visit(tree)
        found += [f"{path}:{line} {name}" for line, name in visitor.found]
    assert found == [], "read the setting inside the function that needs it, so that a test can override it"


def test_django_settings_are_always_imported_as_settings():
    """The scans above look for the name `settings`; an alias would hide a read from them."""
    aliased = _where(
        lambda node: (
            isinstance(node, ast.ImportFrom)
            and node.module == "django.conf"
            and any(a.name == "settings" and a.asname not in (None, "settings") for a in node.names)
        )
    )
    assert aliased == []


def test_every_finsup_setting_is_declared_once_in_base():
    counts = Counter(_name(s) for s in _declared(BASE))
    assert [name for name, n in counts.items() if n > 1] == []


def test_every_setting_used_is_declared_in_base_and_every_declared_one_is_used():
    declared = {_name(s) for s in _declared(BASE)}
    used = _used()
    assert sorted(used - declared) == [], "used in src but not declared in config/settings/base.py"
    assert sorted(declared - used) == [], "declared in config/settings/base.py but read nowhere"


def test_the_other_settings_modules_override_only_declared_settings():
    declared = {_name(s) for s in _declared(BASE)}
    for path in sorted(SETTINGS_DIR.glob("*.py")):
        if path != BASE:
            assert sorted({_name(s) for s in _declared(path)} - declared) == [], path.name


def test_every_setting_in_base_has_a_comment():
    """On its line, on the line above, or shared with the setting just before it (a group of
    settings under one comment, such as the three caps of a loan file)."""
    source = BASE.read_text()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    comment_lines = {token.start[0] for token in tokens if token.type == tokenize.COMMENT}
    lines = source.splitlines()

    def is_comment_line(n: int) -> bool:
        return n >= 1 and lines[n - 1].lstrip().startswith("#")

    uncommented = []
    previous: tuple[int, bool] | None = None  # (end line, commented) of the setting just before
    for statement in sorted(_declared(BASE), key=lambda s: s.lineno):
        own_lines = range(statement.lineno, statement.end_lineno + 1)
        commented = (
            is_comment_line(statement.lineno - 1)
            or any(n in comment_lines for n in own_lines)
            or (previous is not None and previous[0] == statement.lineno - 1 and previous[1])
        )
        if not commented:
            uncommented.append(_name(statement))
        previous = (statement.end_lineno, commented)
    assert uncommented == []


def test_the_scan_finds_what_it_is_meant_to_find():
    """The checks above are only as good as the scan: it sees a getattr, a module-level read, a
    default argument and a class attribute, and leaves a read inside a function alone."""
    tree = ast.parse(
        "from django.conf import settings\n"
        "A = settings.FINSUP_A\n"
        "B = getattr(settings, 'FINSUP_B', 1)\n"
        "def f(x=settings.FINSUP_C):\n"
        "    return settings.FINSUP_D\n"
        "class K:\n"
        "    e = settings.FINSUP_E\n"
        "    def g(self):\n"
        "        return settings.FINSUP_F\n"
    )
    visitor = _ImportTimeReads()
    visitor.visit(tree)
    assert [name for _, name in visitor.found] == ["FINSUP_A", "FINSUP_C", "FINSUP_E"]
    assert len([n for n in ast.walk(tree) if _getattr_on_settings(n)]) == 1

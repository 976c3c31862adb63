"""Which module runs which query file. Every page, and every ui/ or core module that runs queries (the 大屏,
the register sections, the briefing, notices, the CLI's figures), declares the queries/ files it runs in one
QUERIES tuple at its top. Read from the source with ast, nothing imported:
- every queries/*.sql is declared by some module (no orphan file), and every declared name has a file;
- every query name a module passes to a query call, or writes anywhere else (a dict of views, a withheld
  check), is in that module's own list, and every name in the list is used by the module."""
import ast
import re
from pathlib import Path

import pytest

from safetyboard.config import QUERIES_DIR, REPO_DIR

# Calls that take a query name: Page.query / district_query / can, ui.data.query, queries.run / run_rows / load,
# access.scope_params / may_run, and the modules' own wrappers (q, q_district, _one, now_and_before).
CALLS = {"query", "district_query", "can", "run", "run_rows", "load", "scope_params", "may_run",
         "q", "q_district", "_one", "now_and_before"}
NAME = re.compile(r"[a-z][a-z0-9_]*")     # a query name (SQL text, messages and keys with spaces are not)


def files() -> set[str]:
    return {p.stem for p in QUERIES_DIR.glob("*.sql")}


def modules() -> list[Path]:
    found = [*REPO_DIR.glob("pages/*.py"), *REPO_DIR.glob("ui/**/*.py"), *REPO_DIR.glob("safetyboard/**/*.py"),
             REPO_DIR / "dashboard.py"]
    return sorted(p for p in found if p.is_file())


def rel(path: Path) -> str:
    return path.relative_to(REPO_DIR).as_posix()


def declaration(tree: ast.Module) -> ast.Assign | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "QUERIES" for t in node.targets):
            return node
    return None


def declared_names(node: ast.Assign) -> tuple[str, ...]:
    value = node.value
    assert isinstance(value, ast.Tuple), "QUERIES is one tuple of names"
    assert all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts), \
        "QUERIES holds the names themselves (string literals)"
    return tuple(e.value for e in value.elts)


def call_names(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) for every name-like string constant passed positionally to a query call."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if called in CALLS:
            out += [(a.lineno, a.value) for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str) and NAME.fullmatch(a.value)]
    return out


def constants(tree: ast.AST, skip: ast.AST | None) -> set[str]:
    """Every string constant in the module outside the declaration."""
    inside = {id(n) for n in ast.walk(skip)} if skip is not None else set()
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in inside}


def reads_declaration(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "QUERIES" and isinstance(n.ctx, ast.Load) for n in ast.walk(tree))


class Module:
    def __init__(self, path: Path):
        self.path, self.name = path, rel(path)
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        self.node = declaration(self.tree)
        self.declared = declared_names(self.node) if self.node is not None else None
        self.calls = call_names(self.tree)
        self.constants = constants(self.tree, self.node)


def scanned() -> list[Module]:
    return [Module(p) for p in modules()]


def check(module: Module, known: set[str]) -> list[str]:
    """What is wrong with one module's declaration (empty: nothing). A module that neither declares nor runs
    queries (e.g. wording that asks whether a query was withheld) is not held to a list."""
    if module.declared is None and not module.calls:
        return []
    problems = []
    declared = set(module.declared or ())
    if module.declared is not None:
        problems += [f"{module.name}: declares {n!r}, but queries/{n}.sql does not exist"
                     for n in module.declared if n not in known]
        if len(declared) != len(module.declared):
            problems.append(f"{module.name}: a name is declared twice")
        if not reads_declaration(module.tree):
            problems += [f"{module.name}: declares {n!r} but never uses it"
                         for n in module.declared if n not in module.constants]
    for line, name in module.calls:
        if name not in declared:
            problems.append(f"{module.name}:{line}: runs {name!r}, which is not in its QUERIES")
    problems += [f"{module.name}: names the query {n!r} outside its QUERIES list"
                 for n in sorted((module.constants & known) - declared)]
    return problems


@pytest.fixture(scope="module")
def scan() -> list[Module]:
    return scanned()


def test_every_page_declares_its_queries(scan):
    pages = [m for m in scan if m.name.startswith("pages/")]
    assert pages
    assert [m.name for m in pages if m.declared is None] == []


def test_every_declared_query_has_a_file_and_every_query_call_is_declared(scan):
    known = files()
    problems = [p for m in scan for p in check(m, known)]
    assert problems == [], "\n".join(problems)
    assert [m.name for m in scan if m.calls and m.declared is None] == []


def orphans(scan: list[Module], known: set[str]) -> list[str]:
    """Query files no module declares (unused, or a module forgot to list them)."""
    return sorted(known - {n for m in scan for n in m.declared or ()})


def test_every_query_file_is_declared_by_a_page_briefing_or_cli(scan):
    assert orphans(scan, files()) == []


def test_the_declarations_are_where_the_queries_run(scan):
    # The modules that run queries declare them: the pages, the ui modules drawing for pages, the core's
    # briefing, notices and CLI figures.
    declaring = {m.name for m in scan if m.declared}
    for expected in ("pages/overview.py", "ui/screen.py", "ui/register_sections.py", "ui/frame.py"):
        assert expected in declaring
    assert any("briefing" in name for name in declaring)
    assert any(name.endswith("notices.py") for name in declaring)
    assert any(name.endswith("metrics.py") for name in declaring)


# ---------------------------------------------------------------- the check catches what it should


def fake(source: str, name: str = "pages/fake.py") -> Module:
    module = Module.__new__(Module)
    module.path, module.name = Path(name), name
    module.tree = ast.parse(source)
    module.node = declaration(module.tree)
    module.declared = declared_names(module.node) if module.node is not None else None
    module.calls = call_names(module.tree)
    module.constants = constants(module.tree, module.node)
    return module


KNOWN = {"hazard_summary", "hazards_by_unit"}


def test_a_misspelt_query_name_is_caught():
    # Declared right, called misspelt.
    problems = check(fake('QUERIES = ("hazard_summary",)\npage.query("hazard_summary")\npage.query("hazard_sumary")\n'),
                     KNOWN)
    assert problems == ["pages/fake.py:3: runs 'hazard_sumary', which is not in its QUERIES"]
    # Misspelt in both places: the declaration names a file that does not exist.
    problems = check(fake('QUERIES = ("hazard_sumary",)\npage.query("hazard_sumary")\n'), KNOWN)
    assert problems == ["pages/fake.py: declares 'hazard_sumary', but queries/hazard_sumary.sql does not exist"]


def test_an_undeclared_or_unused_name_is_caught():
    problems = check(fake('QUERIES = ("hazard_summary",)\nx = page.query("hazard_summary")\n'
                          'VIEWS = {"a": "hazards_by_unit"}\n'), KNOWN)
    assert problems == ["pages/fake.py: names the query 'hazards_by_unit' outside its QUERIES list"]
    problems = check(fake('QUERIES = ("hazard_summary", "hazards_by_unit")\npage.query("hazard_summary")\n'), KNOWN)
    assert problems == ["pages/fake.py: declares 'hazards_by_unit' but never uses it"]
    assert check(fake('page.district_query("hazard_summary")\n'), KNOWN) == [
        "pages/fake.py:1: runs 'hazard_summary', which is not in its QUERIES",
        "pages/fake.py: names the query 'hazard_summary' outside its QUERIES list"]
    # Naming a query without running any (is it withheld?) needs no list.
    assert check(fake('def f(data):\n    return "hazard_summary" in data.withheld\n', "safetyboard/x.py"), KNOWN) == []


def test_sql_text_and_keywords_are_not_taken_for_query_names():
    module = fake('QUERIES = ()\nstore.query("SELECT 1", {})\npage.query(name, group="第一督导组")\n')
    assert module.calls == [] and check(module, KNOWN) == []


def test_an_orphan_query_file_is_caught(scan):
    # As if queries/orphan_result.sql had been added and no module ran it.
    assert orphans(scan, files() | {"orphan_result"}) == ["orphan_result"]

"""The layout of tests/ itself: test modules mirror the code they test, share helpers only through conftest.py and
the support modules, never import one another, and are named and described by what they test, not by an issue."""
import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
TEST_FILES = sorted(TESTS.rglob("test_*.py"))
# A module in tests/ that is not a test module is one of these: fixtures and helpers, shared by name.
SUPPORT = re.compile(r"^(conftest|\w+_support|fixture_\w+)\.py$")
# "issue 14", "Issue #5"; a briefing's own 期号 (issue_no, "--issue-no 5") is not one of these.
ISSUE = re.compile(r"\bissues?\s*#?\s*\d+", re.IGNORECASE)
# Folders that mirror a folder of the code: tests/<folder>/test_<x>.py or test_<x>_<topic>.py tests <code>/<x>.py
# (or .sql), except the cross-cutting files named here.
MIRRORS = {"pages": (REPO / "pages", ".py", {"test_all_pages"}),
           "ui": (REPO / "ui", ".py", set()),
           "metric_rules": (REPO / "safetyboard" / "metric_rules", ".sql", {"test_applying"}),
           "ledgers": (REPO / "safetyboard" / "ledgers", ".py", set()),
           "briefing": (REPO / "safetyboard" / "briefing", ".py", set())}


def imported_modules(path: Path) -> set[str]:
    """Every module an import statement of the file names, at any depth (imports inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_layout_finds_the_test_files():
    assert len(TEST_FILES) > 40 and TESTS / "pages" / "test_all_pages.py" in TEST_FILES


def test_no_test_module_imports_another():
    offenders = {str(p.relative_to(TESTS)): sorted(m for m in imported_modules(p) if m.split(".")[-1].startswith("test_"))
                 for p in TESTS.rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_modules_in_tests_are_tests_or_support():
    others = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
              if not p.name.startswith("test_") and not SUPPORT.match(p.name)]
    assert others == []
    # Support modules are flat in tests/ (on sys.path through conftest.py), so they are found by name.
    nested = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py") if SUPPORT.match(p.name) and p.parent != TESTS
              and p.name != "conftest.py"]
    assert nested == []


def test_test_folders_are_not_packages():
    # With --import-mode=importlib they need none, and tests/ui/__init__.py would shadow the real ui package.
    assert sorted(str(p.relative_to(TESTS)) for p in TESTS.rglob("__init__.py")) == []


def test_no_test_file_is_named_by_an_issue_or_a_part_letter():
    bad = [str(p.relative_to(TESTS)) for p in TEST_FILES if re.search(r"issue_?\d|\d|_[a-z]$", p.stem, re.IGNORECASE)]
    assert bad == []


def test_no_test_name_docstring_or_comment_names_an_issue():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ISSUE.search(line):
                found.append(f"{path.relative_to(TESTS)}:{number}: {line.strip()}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(TESTS)}: {node.name}" for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
                  and re.search(r"issue_?\d", node.name, re.IGNORECASE)]
    found += [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.md") if ISSUE.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_folders_mirror_the_code():
    unmatched = []
    for folder, (code, suffix, cross_cutting) in MIRRORS.items():
        for path in sorted((TESTS / folder).glob("test_*.py")):
            tested = path.stem.removeprefix("test_")
            if path.stem not in cross_cutting and not any(
                    tested == module.stem or tested.startswith(module.stem + "_") for module in code.glob("*" + suffix)):
                unmatched.append(str(path.relative_to(TESTS)))
    assert unmatched == []

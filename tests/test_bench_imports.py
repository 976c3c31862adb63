"""The benchmarks import one way: bench/run.py calls the bench modules, what they share is in bench/common.py,
and no bench module imports run.py or reaches back into a module that imports it."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
MODULES = sorted(p.stem for p in BENCH.glob("*.py"))


def bench_imports(name: str) -> set[str]:
    """The bench modules `name` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse((BENCH / f"{name}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(MODULES) - {name}


def test_the_bench_import_graph_has_no_cycle():
    graph = {m: bench_imports(m) for m in MODULES}
    assert "run" in graph and "common" in graph
    done, on_path = set(), []

    def visit(m):
        assert m not in on_path, "import cycle: " + " → ".join([*on_path[on_path.index(m):], m])
        if m in done:
            return
        on_path.append(m)
        for dep in sorted(graph[m]):
            visit(dep)
        on_path.pop()
        done.add(m)

    for m in MODULES:
        visit(m)
    assert not [m for m, deps in graph.items() if "run" in deps]
    assert graph["common"] == set()                  # common depends on no other bench module


def test_the_benches_share_the_generated_district_through_common():
    for name in ("query_bench", "enterprise_bench", "browser_bench", "package_bench"):
        assert "common" in bench_imports(name) and "query_bench" not in bench_imports(name) - {name}, name


@pytest.mark.parametrize("name", [m for m in MODULES if m != "run"] + ["run"])
def test_each_bench_module_imports_on_its_own(name):
    """A fresh interpreter, as `python bench/run.py` starts one: bench/ first on the path."""
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(BENCH)!r}); import {name}"],
                          cwd=BENCH.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]

"""Every installed distribution the app needs is pinned: requirements.txt is closed under dependencies."""
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]


def pinned() -> dict[str, str]:
    out = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            req = Requirement(line)
            assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", line
            out[canonicalize_name(req.name)] = next(iter(req.specifier)).version
    return out


def test_every_dependency_of_a_pinned_package_is_pinned_too():
    pins = pinned()
    missing = set()
    for name in pins:
        for raw in metadata.requires(name) or []:
            req = Requirement(raw)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue        # an optional extra or another platform
            if canonicalize_name(req.name) not in pins:
                missing.add(f"{req.name} (needed by {name})")
    assert not missing, sorted(missing)

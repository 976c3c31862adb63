"""build_briefing (safetyboard/briefing/build.py), the one function the page, the CLI and the control worker call."""
from __future__ import annotations

import datetime as dt

import pytest

from safetyboard.auth import LOCAL_ADMIN
from safetyboard.briefing import BriefingError, build_briefing

A = dt.date(2022, 10, 31)


def test_progress_is_reported_in_order(store):
    seen = []
    build_briefing(store, LOCAL_ADMIN, as_of=A, progress=lambda f, t: seen.append((f, t)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(t for _, t in seen)


def test_a_briefing_needs_a_principal_and_a_positive_issue_number(store):
    with pytest.raises(TypeError):
        build_briefing(store, as_of=A)
    with pytest.raises(BriefingError, match="期号应为正整数"):
        build_briefing(store, LOCAL_ADMIN, as_of=A, issue_no=0)

"""Paths and the campaign calendar. Every date lives in data/campaign.toml, not in code."""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("SAFETYBOARD_DATA", REPO_DIR / "data"))
QUERIES_DIR = REPO_DIR / "queries"
SAMPLE_DIR = REPO_DIR / "data" / "sample"
REFERENCE_DIR = REPO_DIR / "data"


def default_db_path() -> Path:
    return Path(os.environ.get("SAFETYBOARD_DB", DATA_DIR / "safetyboard.duckdb"))


def archive_dir_for(db_path: Path) -> Path:
    """Originals are archived beside the database they were imported into."""
    return Path(db_path).resolve().parent / "archive"


@dataclass(frozen=True)
class SubmissionNode:
    no: int
    label: str
    due: dt.date
    aliases: tuple[str, ...]
    summary: bool = False      # the 打非治违 总结, not a 自查报告


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Campaign:
    year: int
    start: dt.date
    end: dt.date
    monthly_report_due_day: int
    monthly_report_months: tuple[dt.date, ...]     # first day of each month a 月报 is expected for
    upcoming_days: int
    typical_cases_per_quarter: tuple[int, int]
    submission_nodes: tuple[SubmissionNode, ...]
    phases: tuple[Phase, ...]

    def phase(self, key: str) -> Phase:
        return next(p for p in self.phases if p.key == key)

    @property
    def recheck(self) -> Phase:
        return self.phase("recheck")

    @property
    def summary_node(self) -> SubmissionNode | None:
        return next((n for n in self.submission_nodes if n.summary), None)


@lru_cache(maxsize=4)
def load_campaign(path: Path | None = None) -> Campaign:
    path = Path(path or os.environ.get("SAFETYBOARD_CAMPAIGN", REFERENCE_DIR / "campaign.toml"))
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Campaign(
        year=raw["year"],
        start=raw["start"],
        end=raw["end"],
        monthly_report_due_day=raw["monthly_report_due_day"],
        monthly_report_months=tuple(dt.date(raw["year"], m, 1) for m in raw["monthly_report_months"]),
        upcoming_days=raw["upcoming_days"],
        typical_cases_per_quarter=tuple(raw["typical_cases_per_quarter"]),
        submission_nodes=tuple(
            SubmissionNode(n["no"], n["label"], n["due"], tuple(n["aliases"]), bool(n.get("summary", False)))
            for n in raw["submission_nodes"]
        ),
        phases=tuple(Phase(p["key"], p["name"], p["start"], p["end"]) for p in raw["phases"]),
    )

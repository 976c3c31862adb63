"""Rotating log files under <data>/logs/ (size-capped, so a long-running server never fills the disk)."""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from .config import DATA_DIR

LOG_BYTES = int(os.environ.get("SAFETYBOARD_LOG_BYTES", 5 * 2**20))
LOG_FILES = int(os.environ.get("SAFETYBOARD_LOG_FILES", 5))
_configured: set[Path] = set()


def setup_logging(directory: Path | None = None, level: int = logging.INFO) -> Path:
    """Idempotent: one rotating handler per log file per process."""
    directory = Path(directory or os.environ.get("SAFETYBOARD_LOGS", DATA_DIR / "logs"))
    path = (directory / "safetyboard.log").resolve()
    if path in _configured:
        return path
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8")
    except OSError:
        return path  # a read-only data folder must not stop the dashboard
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root = logging.getLogger("safetyboard")
    root.setLevel(level)
    root.addHandler(handler)
    _configured.add(path)
    return path

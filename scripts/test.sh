#!/usr/bin/env bash
# Set up (Python packages and the Debian packages the browser tests need) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --system
exec .venv/bin/python -m pytest -q "$@"

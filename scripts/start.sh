#!/usr/bin/env bash
# Set up and start the dashboard on the bundled demo data (built from data/sample on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ ! -f "${SAFETYBOARD_DB:-data/safetyboard.duckdb}" ]]; then
  .venv/bin/python -m safetyboard demo
fi
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"

#!/usr/bin/env bash
# Set up and start the dashboard on the bundled demo data (built from data/sample on first start).
# --city: the 平顶山市 view instead, on the city demo (data/city-demo: 湛河区's demo and synthetic counties' packages).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ "${1:-}" == "--city" ]]; then
  if [[ ! -f data/city-demo/city.duckdb ]]; then
    .venv/bin/python -m safetyboard demo --city data/city-demo
  fi
  export SAFETYBOARD_DISTRICT="$PWD/data/city-demo/city.toml" SAFETYBOARD_DB="$PWD/data/city-demo/city.duckdb"
elif [[ ! -f "${SAFETYBOARD_DB:-data/safetyboard.duckdb}" ]]; then
  .venv/bin/python -m safetyboard demo
fi
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-0.0.0.0}"

#!/usr/bin/env bash
# Drift scan over the prediction log: seeds a SQLite log (default 5,000,000 predictions x 20 numeric features) and
# streams it through the scan's path, printing time and peak memory. Usage: bench/run-monitoring.sh [rows] [features]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Monitoring.Bench -- "${1:-5000000}" "${2:-20}"

#!/usr/bin/env bash
# Runs the C# drift benchmark (Release) and the scipy loop on the same workload shape, then prints the ratio.
# Usage: bench/run.sh [features] [rows]   (defaults 50 features x 1,000,000 rows per window)
set -euo pipefail
cd "$(dirname "$0")/.."
features="${1:-50}"
rows="${2:-1000000}"

dotnet build -c Release bench/Drift.Bench/Drift.Bench.csproj -nologo -v q >/dev/null
csharp_out="$(dotnet run -c Release --no-build --project bench/Drift.Bench -- "$features" "$rows")"
echo "$csharp_out"
scipy_out="$(/usr/bin/python3 bench/scipy_loop.py "$features" "$rows")"
echo "$scipy_out"

csharp="$(grep -oP 'BENCH_BATCH_SECONDS=\K[0-9.]+' <<<"$csharp_out")"
scipy="$(grep -oP 'SCIPY_SECONDS=\K[0-9.]+' <<<"$scipy_out")"
python3 -c "print(f'ratio scipy/C#: {float($scipy)/float($csharp):.1f}x  (C# {float($csharp):.2f} s, scipy {float($scipy):.2f} s)')"

#!/usr/bin/env bash
# Uploads a generated CSV of ~SIZE_MB through POST /api/v1/models/{name}/datasets against the real app (built
# Debug by `dotnet build`) and prints the wall time and the server's resident memory before and at its peak
# (VmHWM), to show the upload streams instead of holding the file.
# Usage: bench/dataset-upload.sh [size_mb]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-100}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# 30 numeric features + label, ~210 bytes a row, seeded.
python3 - "$work/data.csv" "$size_mb" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
with open(path, "w") as f:
    f.write(",".join(f"f{i}" for i in range(30)) + ",label\n")
    while f.tell() < mb * 1024 * 1024:
        f.write(",".join(f"{rng.gauss(0, 1):.4f}" for _ in range(30)) + f",{rng.randint(0, 1)}\n")
PY

Portal__DataDirectory="$work/data" Portal__Admin__Email=bench@local Portal__Admin__Password=Bench-Pass-12345 \
  Portal__SeedDemo=false ASPNETCORE_ENVIRONMENT=Testing Portal__Audit__Key="$(head -c 32 /dev/urandom | base64)" \
  dotnet src/Portal/bin/Debug/net10.0/Portal.dll --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@local","password":"Bench-Pass-12345"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
features=$(python3 -c 'import json; print(json.dumps([{"name": f"f{i}", "type": "numeric"} for i in range(30)]))')
curl -sf -X POST "http://127.0.0.1:$port/api/v1/models" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"name\":\"bench\",\"task\":\"binary_classification\",\"features\":$features}" >/dev/null

rss_before=$(grep VmRSS "/proc/$pid/status" | awk '{print $2}')
start=$(date +%s.%N)
status=$(curl -s -o "$work/out.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/models/bench/datasets" \
  -H "Authorization: Bearer $token" -F "file=@$work/data.csv;type=text/csv")
end=$(date +%s.%N)
peak=$(grep VmHWM "/proc/$pid/status" | awk '{print $2}')
rows=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("rowCount"))' "$work/out.json")
echo "DATASET_UPLOAD status=$status bytes=$(stat -c %s "$work/data.csv") rows=$rows seconds=$(python3 -c "print(round($end-$start,2))") rss_before_mb=$((rss_before/1024)) peak_rss_mb=$((peak/1024))"

#!/usr/bin/env bash
# Drift upload end to end: two seeded CSV windows (1,000,000 rows x 10 numeric features, ~85 MB each, cached under
# /tmp/drift-upload-bench) sent as one multipart form to POST /api/v1/models/{name}/drift on the real app (Release,
# loopback), timed with curl, with the server's peak resident memory (VmHWM); then pandas.read_csv + scipy
# ks_2samp/PSI on the same files, in the same run.
# Memory: the server's resident set idle after start, after one small warm-up upload (1,000 rows: the baseline, i.e.
# the app with the upload path loaded), and its peak over the big uploads; "peak - baseline" is what the uploads add.
# Usage: bench/run-drift-upload.sh [runs] [rows]   (defaults 3 uploads, 1,000,000 rows)
#        PORTAL_DLL=/path/to/Portal.dll bench/run-drift-upload.sh   (time another build; nothing is built)
#        DOTNET_GCHeapHardLimit=0x10000000 bench/run-drift-upload.sh   (managed heap capped: live data vs GC slack)
#        COUNTERS_CSV=/tmp/c.csv bench/run-drift-upload.sh   (also records System.Runtime counters every second with
#        dotnet-counters, e.g. `dotnet tool install dotnet-counters --tool-path /tmp/dntools; PATH=/tmp/dntools:$PATH`)
#        APP_LOG=/tmp/app.log keeps the server's log
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
rows="${2:-1000000}"
data="/tmp/drift-upload-bench/$rows"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
pid=""
counters=""
trap '[ -n "$counters" ] && kill "$counters" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${APP_LOG:-}" ] && cp "$work/app.log" "$APP_LOG"; rm -rf "$work"' EXIT

[ -f "$data/current.csv" ] || /usr/bin/python3 bench/drift_upload_data.py "$data" "$rows" 10
small="/tmp/drift-upload-bench/1000"
[ -f "$small/current.csv" ] || /usr/bin/python3 bench/drift_upload_data.py "$small" 1000 10
# PORTAL_DLL runs another build of the app (e.g. the previous commit's, for a before/after comparison).
dll="${PORTAL_DLL:-src/Portal/bin/Release/net10.0/Portal.dll}"
[ -n "${PORTAL_DLL:-}" ] || dotnet build -c Release src/Portal/Portal.csproj -nologo -v q >/dev/null

Portal__DataDirectory="$work/data" Portal__Admin__Email=bench@local Portal__Admin__Password=Bench-Pass-12345 \
  Portal__SeedDemo=false ASPNETCORE_ENVIRONMENT=Testing Portal__Audit__Key="$(head -c 32 /dev/urandom | base64)" \
  dotnet "$dll" --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@local","password":"Bench-Pass-12345"}' | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
features=$(/usr/bin/python3 -c 'import json; print(json.dumps([{"name": f"f{i}", "type": "numeric"} for i in range(10)]))')
curl -sf -X POST "http://127.0.0.1:$port/api/v1/models" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"name\":\"bench\",\"task\":\"binary_classification\",\"features\":$features}" >/dev/null

bytes=$(( $(stat -c %s "$data/reference.csv") + $(stat -c %s "$data/current.csv") ))
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --version) SDK; files $((bytes / 1000000)) MB together"
if [ -n "${COUNTERS_CSV:-}" ]; then
  dotnet-counters collect -p "$pid" --refresh-interval 1 --format csv -o "$COUNTERS_CSV" --counters System.Runtime >/dev/null 2>&1 &
  counters=$!
  sleep 2
fi
rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/models/bench/drift" -H "Authorization: Bearer $token" \
  -F "reference=@$small/reference.csv;type=text/csv" -F "current=@$small/current.csv;type=text/csv"
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm_before=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
for run in $(seq 1 "$runs"); do
  timing=$(curl -s -o "$work/out.json" -w '%{http_code} %{time_total}' -X POST "http://127.0.0.1:$port/api/v1/models/bench/drift" \
    -H "Authorization: Bearer $token" -F "reference=@$data/reference.csv;type=text/csv" -F "current=@$data/current.csv;type=text/csv")
  summary=$(/usr/bin/python3 bench/drift_upload_pandas.py --summary "$work/out.json")
  echo "DRIFT_UPLOAD run=$run status=${timing% *} seconds=${timing#* } $summary"
done
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "DRIFT_UPLOAD_MEMORY rss_idle_mb=$((rss_idle / 1024)) baseline_rss_mb=$((rss_before / 1024)) (peak before the big uploads $((hwm_before / 1024))) peak_rss_mb=$((peak / 1024)) peak_minus_baseline_mb=$(((peak - rss_before) / 1024)) rss_after_mb=$((rss_after / 1024))"
[ -z "$counters" ] || { kill "$counters"; wait "$counters" 2>/dev/null || true; counters=""; }
kill "$pid"; pid=""

[ -n "${SKIP_PANDAS:-}" ] || /usr/bin/python3 bench/drift_upload_pandas.py "$data/reference.csv" "$data/current.csv"

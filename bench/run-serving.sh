#!/usr/bin/env bash
# Serving benchmarks of issue 8 (9a and 9b), one command:
#   bench/run-serving.sh            # in process, then HTTP on loopback at 16 and 64 concurrent clients
#   bench/run-serving.sh inprocess  # only 9a
#   bench/run-serving.sh http       # only 9b
# Environment: PREDICTIONS (9a, default 200000), SECONDS_PER_RUN (9b, default 20), WARMUP_SECONDS (9b, default 10), PORT (default 5199).
# 9b starts the real portal (Release, Development environment so the demo models and accounts exist, a fresh data
# folder), creates a Scorer API key, runs the HTTP workers against the demo model credit-risk, stops the portal
# gracefully (SIGTERM) and compares the rows in the Predictions table with the predictions answered 200.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release bench/Serving.Bench/Serving.Bench.csproj -v q -nologo | grep -E ' error |Warn|Elapsed' || true
bench="dotnet bench/Serving.Bench/bin/Release/net10.0/Serving.Bench.dll"

if [[ $what == all || $what == inprocess ]]; then
  onnx=$(mktemp --suffix=.onnx)
  /usr/bin/python3 bench/Serving.Bench/make_tree_onnx.py "$onnx"
  $bench inprocess "$onnx" "${PREDICTIONS:-200000}"
  rm -f "$onnx"
fi

if [[ $what == all || $what == http ]]; then
  port=${PORT:-5199}
  url="http://127.0.0.1:$port"
  data=$(mktemp -d)
  password="Bench-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-1a"
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$url Portal__DataDirectory=$data Portal__Admin__Password=$password \
    dotnet src/Portal/bin/Release/net10.0/Portal.dll > "$data/portal.log" 2>&1 &
  portal=$!
  trap 'kill $portal 2>/dev/null || true' EXIT
  until curl -sf "$url/health" > /dev/null; do sleep 1; kill -0 $portal || { cat "$data/portal.log"; exit 1; }; done
  token=$(curl -sf -X POST "$url/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"admin@modellifecycle.local\",\"password\":\"$password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  key=$(curl -sf -X POST "$url/api/v1/admin/api-keys" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"bench","role":"Scorer"}' | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
  # The demo seed trains and deploys credit-risk in the background after the start: wait until it answers.
  probes=0
  until curl -sf -o /dev/null "$url/api/v1/models/credit-risk/predict" -H "X-Api-Key: $key" -H 'content-type: application/json' \
    -d '{"features":{"income":52000,"debt_ratio":0.4,"age":37,"open_accounts":3,"region":"north"},"routingKey":"probe"}'; do
    sleep 2; kill -0 $portal || { tail -50 "$data/portal.log"; exit 1; }
  done
  probes=1
  sent=$probes
  for concurrency in 16 64; do
    before=$(awk '{print $14+$15}' /proc/$portal/stat)
    out=$($bench http "$url" credit-risk "$key" $concurrency "${SECONDS_PER_RUN:-20}" "${WARMUP_SECONDS:-10}")
    after=$(awk '{print $14+$15}' /proc/$portal/stat)
    echo "$out"
    ok=$(echo "$out" | sed -n 's/^BENCH_HTTP_OK=//p')
    # The server's own CPU time per answered prediction (utime+stime in clock ticks), warm-up included: the cost
    # that does not depend on how many other processes share the cores.
    echo "portal CPU: $(( (after - before) * 1000000 / $(getconf CLK_TCK) / (ok > 0 ? ok : 1) )) µs per prediction"
    sent=$((sent + $(echo "$out" | sed -n 's/^BENCH_HTTP_OK=//p')))
  done
  kill -TERM $portal
  wait $portal || true
  trap - EXIT
  rows=$(sqlite3 "$data/portal.db" 'select count(*) from Predictions;')
  echo "predictions answered 200: $sent; rows in Predictions after a graceful stop: $rows; lost: $((sent - rows))"
  grep -iE 'dropped|lost|error' "$data/portal.log" | head -5 || true
  rm -rf "$data"
fi

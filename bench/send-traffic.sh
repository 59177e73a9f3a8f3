#!/usr/bin/env bash
# Sends predictions to a running portal, with random routing keys, at a given rate, and prints how many each version
# served; optionally labels a share of them through the feedback route (so health shows accuracy).
#
#   bench/send-traffic.sh -k SCORER_KEY [-u http://localhost:5144] [-m credit-risk] [-r 20] [-n 1000] [-f 0.5] \
#                         [-j '{"income":52000,"debt_ratio":0.4,"age":37,"open_accounts":3,"region":"north"}']
#   -k API key (X-Api-Key; a Scorer key is enough)   -u portal URL      -m model name
#   -r predictions per second                         -n how many        -f share (0-1) that gets a feedback label (binary: 0/1 drawn from the score; regression: the value ±10 %)
#   -j features template for another model: numbers are jittered by ±20 % per request, strings kept
#      (without -j the features of the demo model credit-risk are drawn at random)
# Runs `dotnet bench/Serving.Bench/...dll traffic` (built on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
url=http://localhost:5144 model=credit-risk rate=20 count=1000 feedback=0 key=${SCORER_KEY:-} template=""
while getopts "u:m:k:r:n:f:j:h" opt; do
  case $opt in
    u) url=$OPTARG ;; m) model=$OPTARG ;; k) key=$OPTARG ;; r) rate=$OPTARG ;; n) count=$OPTARG ;;
    f) feedback=$OPTARG ;; j) template=$OPTARG ;; *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
[[ -n $key ]] || { echo "an API key is required: -k KEY (or SCORER_KEY)" >&2; exit 2; }
dll=bench/Serving.Bench/bin/Release/net10.0/Serving.Bench.dll
[[ -f $dll ]] || dotnet build -c Release bench/Serving.Bench/Serving.Bench.csproj -v q -nologo > /dev/null
exec dotnet "$dll" traffic "$url" "$model" "$key" "$rate" "$count" "$feedback" "$template"

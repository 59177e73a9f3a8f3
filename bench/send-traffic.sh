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
# Labelled traffic from real rows (e.g. a dataset version: GET /api/v1/models/{name}/datasets/{version}/file):
#   bench/send-traffic.sh -k KEY -m credit-risk -c rows.csv [-l label] [-d 'income*0.6,debt_ratio+0.12'] [-s 7] [-w sent.csv]
#   -c CSV with a header, the model's feature columns and a label column: rows are drawn at random (with replacement),
#      the features sent to predict and the row's true label sent as feedback of that prediction (-f share, default 1)
#   -l label column (default label)   -s seed of the row and routing-key draws (default: changes every run)
#   -d drift injected into numeric features: feature*factor scales, feature+shift / feature-shift shifts; comma-separated
#   -w write the rows as sent (drift applied, with their labels) to this CSV, e.g. to upload them as a dataset
# Runs `dotnet bench/Serving.Bench/...dll traffic|labelled` (built on first use and when a bench source changed).
set -euo pipefail
cd "$(dirname "$0")/.."
url=http://localhost:5144 model=credit-risk rate=20 count=1000 feedback="" key=${SCORER_KEY:-} template=""
csv="" label=label drift="" seed="" write=""
while getopts "u:m:k:r:n:f:j:c:l:d:s:w:h" opt; do
  case $opt in
    u) url=$OPTARG ;; m) model=$OPTARG ;; k) key=$OPTARG ;; r) rate=$OPTARG ;; n) count=$OPTARG ;;
    f) feedback=$OPTARG ;; j) template=$OPTARG ;; c) csv=$OPTARG ;; l) label=$OPTARG ;; d) drift=$OPTARG ;;
    s) seed=$OPTARG ;; w) write=$OPTARG ;; *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
[[ -n $key ]] || { echo "an API key is required: -k KEY (or SCORER_KEY)" >&2; exit 2; }
[[ -z $csv || -z $template ]] || { echo "-c (rows from a CSV) and -j (a features template) exclude each other" >&2; exit 2; }
[[ -n $csv || ( -z $drift && -z $write && -z $seed ) ]] || { echo "-d, -s and -w need -c (rows from a CSV)" >&2; exit 2; }
dll=bench/Serving.Bench/bin/Release/net10.0/Serving.Bench.dll
if [[ ! -f $dll || -n $(find bench/Serving.Bench -name '*.cs' -newer "$dll" -print -quit) ]]; then
  dotnet build -c Release bench/Serving.Bench/Serving.Bench.csproj -v q -nologo > /dev/null
fi
if [[ -n $csv ]]; then
  args=(labelled "$url" "$model" "$key" "$rate" "$count" --csv "$csv" --label "$label" --feedback "${feedback:-1}")
  [[ -z $drift ]] || args+=(--drift "$drift")
  [[ -z $seed ]] || args+=(--seed "$seed")
  [[ -z $write ]] || args+=(--write "$write")
  exec dotnet "$dll" "${args[@]}"
fi
exec dotnet "$dll" traffic "$url" "$model" "$key" "$rate" "$count" "${feedback:-0}" "$template"

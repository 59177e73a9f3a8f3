#!/usr/bin/env bash
# The "done means" walk-through of live-traffic monitoring (issue 11), in one command against a running portal:
# two versions of a demo model serve an A/B test, labelled traffic from real rows runs until the test has a
# significant winner (its p-value and CI recomputed with statsmodels/scipy), then drifted traffic is sent, a scheduled
# scan flags the drifted features, the alert is acknowledged, and the retraining trigger fires once (a second scan
# within the cooldown does not fire again). Each step says what to look at in the portal.
#
#   bench/walkthrough.sh [-u http://localhost:5144] [-c src/Portal/data/initial-credentials.txt] [-m credit-risk]
#   bench/walkthrough.sh -u http://127.0.0.1:5190 -e admin@modellifecycle.local -p 'PASSWORD'
#   -u portal URL (started with the README's run command: dotnet run --project src/Portal)
#   -e / -p the admin's email and password, or -c the initial-credentials.txt the first start wrote in the data folder
#      (default: src/Portal/data/initial-credentials.txt, the data folder of `dotnet run --project src/Portal`)
#   -m a demo binary classifier (default credit-risk): its Production version is A; B is trained here on a rebalanced
#      sample of A's training data (all defaults, a quarter of the rest), a realistic mistake that lowers live
#      accuracy while B's own validation metrics look fine. Traffic comes from another dataset version of the model.
#   -a minimum labelled samples per arm before a verdict (default 100, the default rollback policy's minimum)
# Needs curl and jq; python3 with statsmodels or scipy for the independent check (skipped, with a note, without).
# Creates two API keys (Engineer, Scorer) named walkthrough-*. Run it on a fresh data folder: the retraining trigger
# fires at most once per cooldown (24 h), so a second run within a day stops at the trigger step and says so.
# Exits non-zero, naming the step, when something the walk-through expects does not happen.
set -euo pipefail
url=http://localhost:5144 email=admin@modellifecycle.local password="" creds=""
model=credit-risk min_samples=100
while getopts "u:e:p:c:m:a:h" opt; do
  case $opt in
    u) url=${OPTARG%/} ;; e) email=$OPTARG ;; p) password=$OPTARG ;; c) creds=$OPTARG ;; m) model=$OPTARG ;;
    a) min_samples=$OPTARG ;; *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
# A -c path is taken from where the command was run; the default from the repository root.
[[ -z $creds ]] || creds=$(realpath -m "$creds")
cd "$(dirname "$0")/.."
creds=${creds:-src/Portal/data/initial-credentials.txt}
for tool in curl jq; do command -v $tool > /dev/null || { echo "$tool is required" >&2; exit 2; }; done
if [[ -z $password ]]; then
  [[ -r $creds ]] || { echo "no password: give -p, or -c the initial-credentials.txt of the portal's data folder ($creds is not readable)" >&2; exit 2; }
  password=$(awk -v e="$email" '$1 == e { print $3 }' "$creds")
  [[ -n $password ]] || { echo "$creds has no line for $email" >&2; exit 2; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stamp=$(date -u +%Y%m%d%H%M%S)
started=$(date -u +%Y-%m-%dT%H:%M:%S)
auth=() STATUS=""
current_step=""

step() { current_step="$1"; printf '\n== %s\n' "$1"; }
see() { printf '   In the portal: %s\n' "$*"; }
fail() { printf '\nFAILED at "%s": %s\n' "$current_step" "$*" >&2; exit 1; }
# api METHOD PATH [JSON]: the answer in $work/body, its status in STATUS.
api() {
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$1" "$url$2" "${auth[@]}")
  [[ $# -lt 3 ]] || args+=(-H 'content-type: application/json' -d "$3")
  STATUS=$(curl "${args[@]}") || fail "$1 $2: the portal at $url did not answer"
}
# must METHOD PATH [JSON]: as api, failing the step unless the answer is 2xx; prints nothing.
must() { api "$@"; [[ $STATUS == 2* ]] || fail "$1 $2 answered $STATUS: $(head -c 600 "$work/body")"; }
body() { jq -r "$@" "$work/body"; }

step "1. Sign in as $email and create the API keys the walk-through uses"
api POST /api/v1/auth/login "$(jq -nc --arg e "$email" --arg p "$password" '{email:$e,password:$p}')"
[[ $STATUS == 200 ]] || fail "sign-in answered $STATUS: $(head -c 300 "$work/body")"
bearer=(-H "Authorization: Bearer $(body .accessToken)")
auth=("${bearer[@]}")
must GET "/api/v1/models/$model/monitoring"
if [[ $(body .lastTriggeredAt) != null ]]; then
  fail "the retraining trigger of $model already fired at $(body .lastTriggeredAt) and cools down for $(body .cooldownHours) h; run the walk-through on a fresh data folder"
fi
must POST /api/v1/admin/api-keys "$(jq -nc --arg n "walkthrough-engineer-$stamp" '{name:$n,role:"Engineer"}')"
engineer_key=$(body .apiKey)
must POST /api/v1/admin/api-keys "$(jq -nc --arg n "walkthrough-scorer-$stamp" '{name:$n,role:"Scorer"}')"
scorer_key=$(body .apiKey)
auth=(-H "X-Api-Key: $engineer_key")
echo "   walkthrough-engineer-$stamp (Engineer: deploys, tests, scans) and walkthrough-scorer-$stamp (Scorer: predict and feedback only)"
see "Admin → API keys lists both keys; the Audit log shows them created by $email."


step "2. Two versions of $model that differ in quality"
must GET "/api/v1/models/$model"
[[ $(body .task) == BinaryClassification ]] || fail "$model is $(body .task); the A/B test on accuracy needs a binary classifier"
version_a=$(body '.productionVersion // empty')
[[ -n $version_a ]] || fail "$model has no Production version"
must GET "/api/v1/models/$model/versions?pageSize=100"
jq '.items // .' "$work/body" > "$work/versions.json"
dataset_a=$(jq -r --arg v "$version_a" '.[] | select(.version == $v) | .datasetVersion // empty' "$work/versions.json")
[[ -n $dataset_a ]] || fail "$model $version_a names no training dataset in its lineage"
must GET "/api/v1/models/$model/datasets?pageSize=100"
jq '.items' "$work/body" > "$work/datasets.json"
traffic_ds=$(jq -r --arg a "$dataset_a" '[.[] | select((.version | tostring) != $a and ((.notes // "") | startswith("walkthrough") | not))] | max_by(.version) | .version // empty' "$work/datasets.json")
[[ -n $traffic_ds ]] || fail "$model needs a dataset version besides $version_a's training dataset v$dataset_a to draw traffic from"
must GET "/api/v1/models/$model/datasets/$dataset_a/file"; cp "$work/body" "$work/train-a.csv"
must GET "/api/v1/models/$model/datasets/$traffic_ds/file"; cp "$work/body" "$work/traffic.csv"
echo "   A = $version_a (Production, trained on dataset v$dataset_a); traffic rows from dataset v$traffic_ds ($(($(wc -l < "$work/traffic.csv") - 1)) rows, seen by neither A nor B)"

rebalanced_notes="walkthrough: rebalanced sample of dataset v$dataset_a (every default, every 4th non-default)"
dataset_b=$(jq -r --arg n "$rebalanced_notes" '[.[] | select(.notes == $n)] | first | .version // empty' "$work/datasets.json")
if [[ -z $dataset_b ]]; then
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "label") l = i; print; next } $l == 1 || (++n % 4) == 0' "$work/train-a.csv" > "$work/rebalanced.csv"
  code=$(curl -s -o "$work/body" -w '%{http_code}' "$url/api/v1/models/$model/datasets" "${auth[@]}" \
    -F "file=@$work/rebalanced.csv;filename=$model-rebalanced.csv" -F "notes=$rebalanced_notes")
  [[ $code == 201 || $code == 200 ]] || fail "uploading the rebalanced dataset answered $code: $(head -c 400 "$work/body")"
  dataset_b=$(body .version)
fi
version_b=$(jq -r --arg d "$dataset_b" '[.[] | select(.datasetVersion == $d)] | first | .version // empty' "$work/versions.json")
if [[ -z $version_b ]]; then
  echo "   training B on dataset v$dataset_b ($rebalanced_notes) ..."
  must POST "/api/v1/models/$model/retrain" "$(jq -nc --argjson d "$dataset_b" '{datasetVersion:$d,trials:3,seed:7}')"
  job=$(body .jobId)
  for _ in $(seq 1 120); do
    must GET "/api/v1/jobs/$job"
    case $(body .state) in succeeded) break ;; failed|cancelled) fail "training job $job ended $(body .state): $(body .error)" ;; esac
    sleep 3
  done
  [[ $(body .state) == succeeded ]] || fail "training job $job did not finish within 6 minutes"
  version_b=$(body .version)
fi
must GET "/api/v1/models/$model/versions/$version_b"
echo "   B = $version_b (stage $(body .stage), trained on dataset v$dataset_b): validation accuracy $(body '.metrics.accuracy * 1000 | round / 10') %, AUC $(body '.metrics.auc * 1000 | round / 1000') on its own (rebalanced) validation split"
see "/models/$model: versions $version_a and $version_b; /models/$model/versions/$version_b shows its lineage (dataset v$dataset_b) and metrics."

step "3. Deploy: $version_a serves, the A/B test puts $version_b beside it"
api GET "/api/v1/models/$model/deployment"
if [[ $STATUS != 200 || $(body .deployed) != true ]]; then
  must POST "/api/v1/models/$model/deployments" "$(jq -nc --arg v "$version_a" '{strategy:"Full",candidateVersion:$v,reason:"walk-through"}')"
  must GET "/api/v1/models/$model/deployment"
fi
must GET "/api/v1/models/$model/abtests"
for running in $(jq -r '.[] | select(.running) | .id' "$work/body"); do
  must POST "/api/v1/abtests/$running/stop" '{"reason":"stopped by bench/walkthrough.sh before its own test"}'
  echo "   stopped an A/B test that was still running ($running)"
done
must GET "/api/v1/models/$model/deployment"
echo "   serving before the test: $(body '[.allocations[] | "\(.version) \(.percent) %"] | join(", ")')"

step "4. Start the A/B test: accuracy, 50 % to B, at least $min_samples labelled predictions per arm, alpha 0.05"
must POST "/api/v1/models/$model/abtests" "$(jq -nc --arg a "$version_a" --arg b "$version_b" --argjson m "$min_samples" \
  '{versionA:$a,versionB:$b,percentB:50,metric:"accuracy",minSamplesPerArm:$m,alpha:0.05,reason:"walk-through: rebalanced candidate against Production"}')"
test_id=$(body .id) test_status=$(body .status)
must GET "/api/v1/models/$model/deployment"
echo "   test $test_id, status $test_status; live split: $(body '[.allocations[] | "\(.version) \(.percent) %"] | join(", ")')"
see "/abtests/$test_id: the arms side by side, status Running; /models/$model → A/B tests tab lists it; Deployments shows the 50/50 split."

step "5. Labelled traffic from dataset v$traffic_ds until the test has a winner"
status=Running
for round in $(seq 1 25); do
  bench/send-traffic.sh -u "$url" -m "$model" -k "$scorer_key" -c "$work/traffic.csv" -n 200 -r 400 -s "$round" > "$work/traffic.out" \
    || { cat "$work/traffic.out"; fail "the traffic sender failed in round $round"; }
  [[ $round -gt 1 ]] || sed 's/^/   | /' "$work/traffic.out"
  must GET "/api/v1/abtests/$test_id"
  status=$(body .status)
  body --arg r "$round" '"   round \($r): " + ([.arms[] | "\(.version) \(.successes)/\(.samples) = \(if .value then (.value * 1000 | round / 10 | tostring) + " %" else "-" end)"] | join("  vs  ")) +
    "  difference \(if .difference then (.difference * 1000 | round / 10 | tostring) + " pts" else "-" end)  p \(.pValue // "-")  CI [\(.ciLow // "-"), \(.ciHigh // "-")]  \(.status)"'
  [[ $status != WinnerA && $status != WinnerB ]] || break
  # A change of the split (e.g. the health policy rolling B back) ends the test as interrupted, numbers frozen.
  [[ $(body .running) == true ]] || { echo "   the test ended: $(body .stopReason)"; break; }
done
[[ $status == WinnerA || $status == WinnerB ]] || fail "no significant winner (status $status$([[ $(body .interrupted) == true ]] && echo "; interrupted: $(body .stopReason)"))"
test_running=$(body .running)
echo "   verdict: $(body .verdict)"
cp "$work/body" "$work/abtest.json"
# The deployment health policy (default: accuracy more than 5 points below the stable version, over 100 labelled
# predictions) judges the test's split too and may take B's traffic away while the test runs: say so when it did.
must GET "/api/v1/audit?entityType=deployment&entityId=$model&action=deployment.rolled_back&from=$started&pageSize=5"
if [[ $(body '.items | length') -gt 0 ]]; then
  echo "   note: the deployment health policy rolled $version_b back during the test at $(body '.items[0].at[0:19]') UTC: $(body '.items[0].reason')"
  echo "         (from then on every request went to $version_a; B's arm kept the samples it had. See docs/walkthrough.md, Findings.)"
fi
see "/abtests/$test_id: status $status, the verdict in words with p and CI, the accuracy per arm over time with its band."

step "6. The same p-value and CI from the arm counts, independently (statsmodels / scipy)"
read -r n_a x_a n_b x_b alpha < <(jq -r '"\(.arms[0].samples) \(.arms[0].successes) \(.arms[1].samples) \(.arms[1].successes) \(.alpha)"' "$work/abtest.json")
echo "   arm counts from the API: A $version_a $x_a/$n_a correct, B $version_b $x_b/$n_b correct"
python=""
for candidate in /usr/bin/python3 python3; do
  if command -v $candidate > /dev/null && $candidate -c 'import scipy' 2> /dev/null; then python=$candidate; break; fi
done
if [[ -z $python ]]; then
  echo "   python3 with scipy not found: skipped (Debian: apt-get install python3-scipy python3-statsmodels)"
else
  $python - "$n_a" "$x_a" "$n_b" "$x_b" "$alpha" "$(jq -r '"\(.pValue) \(.ciLow) \(.ciHigh) \(.difference)"' "$work/abtest.json")" << 'PY' || fail "the portal's numbers differ from the independent ones"
import math, sys
n_a, x_a, n_b, x_b = (int(v) for v in sys.argv[1:5])
alpha = float(sys.argv[5])
p_portal, low_portal, high_portal, diff_portal = (float(v) for v in sys.argv[6].split())
try:
    from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep
    # Two-proportion z-test, pooled standard error; Wald interval of B - A, unpooled.
    _, p = proportions_ztest([x_b, x_a], [n_b, n_a])
    low, high = confint_proportions_2indep(x_b, n_b, x_a, n_a, method="wald", compare="diff", alpha=alpha)
    source = "statsmodels proportions_ztest + confint_proportions_2indep(wald)"
except ImportError:
    from scipy.stats import norm
    pa, pb, pooled = x_a / n_a, x_b / n_b, (x_a + x_b) / (n_a + n_b)
    z = (pb - pa) / math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    p = 2 * norm.sf(abs(z))
    half = norm.isf(alpha / 2) * math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    low, high = pb - pa - half, pb - pa + half
    source = "scipy.stats.norm (pooled z-test, Wald interval)"
diff = x_b / n_b - x_a / n_a
print(f"   reference: {source}")
print(f"   {'':12}{'portal':>24}{'independent':>24}{'|difference|':>14}")
worst = 0.0
for name, mine, theirs in [("B - A", diff_portal, diff), ("p-value", p_portal, p), ("CI low", low_portal, low), ("CI high", high_portal, high)]:
    gap = abs(mine - theirs)
    worst = max(worst, gap)
    print(f"   {name:12}{mine:>24.15g}{theirs:>24.15g}{gap:>14.1e}")
agree = worst <= 1e-9
print(f"   {'agree' if agree else 'DISAGREE'} to {worst:.1e} (tolerance 1e-9)")
sys.exit(0 if agree else 1)
PY
fi

step "7. Stop the test"
[[ $test_running == true ]] && api POST "/api/v1/abtests/$test_id/stop" '{"reason":"walk-through: significant winner reached"}'
if [[ $test_running == true && $STATUS == 2* ]]; then
  echo "   stopped: status $(body .status), winner $(body .winner)"
else
  # The health check may have rolled B back since the last read (B is the worse version): the test then ended itself.
  must GET "/api/v1/abtests/$test_id"
  [[ $(body .interrupted) == true ]] || fail "stopping the test answered $STATUS and it was not interrupted either"
  echo "   already ended by the system: $(body .stopReason)"
  echo "   status $(body .status), winner $(body .winner) (numbers frozen at that moment)"
fi
must GET "/api/v1/models/$model/deployment"
echo "   split now: $(body '[.allocations[] | "\(.version) \(.percent) %"] | join(", ")')"
see "/abtests/$test_id: stopped, numbers frozen; Deployments shows the split as it was before the test."

step "8. Drifted traffic: income × 0.6 and debt_ratio + 0.12 (applicants poorer and more indebted), labelled"
must GET "/api/v1/alerts?model=$model&pageSize=100"
for old in $(body '.items[] | select(.kind == "FeatureDrift" or .kind == "DatasetDrift" or .kind == "PerformanceDrop") | .id'); do
  auth=("${bearer[@]}")
  must POST "/api/v1/alerts/$old/acknowledge" '{"note":"Acknowledged by bench/walkthrough.sh before its scan: raised earlier (demo seed), not by this walk-through."}'
  echo "   acknowledged an earlier open alert ($old) so the scan's own alert is raised afresh"
done
auth=(-H "X-Api-Key: $engineer_key")
bench/send-traffic.sh -u "$url" -m "$model" -k "$scorer_key" -c "$work/traffic.csv" -n 1500 -r 500 -s 101 \
  -d 'income*0.6,debt_ratio+0.12' -w "$work/drifted.csv" > "$work/traffic.out" || { cat "$work/traffic.out"; fail "the drifted traffic failed"; }
sed 's/^/   | /' "$work/traffic.out"
# The labelled drifted rows become the newest dataset version: what the triggered retraining trains on.
code=$(curl -s -o "$work/body" -w '%{http_code}' "$url/api/v1/models/$model/datasets" "${auth[@]}" \
  -F "file=@$work/drifted.csv;filename=$model-drifted-traffic-$stamp.csv" -F "notes=walkthrough: labelled drifted traffic of $stamp")
[[ $code == 201 || $code == 200 ]] || fail "uploading the drifted traffic as a dataset answered $code: $(head -c 400 "$work/body")"
echo "   the labelled drifted rows are dataset v$(body .version) (the newest: what a triggered retraining trains on)"
see "/models/$model → Datasets: v$(body .version) 'walkthrough: labelled drifted traffic'."

step "9. Scan schedule: every minute for now, current window the last hour, trigger on ≥ 30 % drifted features, cooldown 24 h"
must PUT "/api/v1/models/$model/monitoring" '{"cron":"* * * * *","currentHours":1,"retrainTrigger":true,"triggerDriftShare":0.3,"cooldownHours":24}'
echo "   schedule $(body .cron) (UTC), reference $(body .reference), current window $(body .currentHours) h, trigger $(body .retrainTrigger) at ≥ $(body .triggerDriftShare) of features, cooldown $(body .cooldownHours) h"
echo "   waiting for the scheduled scan (Hangfire recurring job drift-scan:$model) ..."
report=""
for _ in $(seq 1 36); do
  must GET "/api/v1/models/$model/monitoring/scans?pageSize=5"
  report=$(jq -r --arg s "$started" '[.items[] | select(.createdAt[0:19] >= $s)] | last | .id // empty' "$work/body")
  [[ -z $report ]] || break
  sleep 5
done
[[ -n $report ]] || fail "no scheduled scan ran within 3 minutes"
scan_by=$(jq -r --arg id "$report" '.items[] | select(.id == $id) | .createdBy' "$work/body")
# Back to an hourly schedule so the demo portal does not store a report every minute.
must PUT "/api/v1/models/$model/monitoring" '{"cron":"0 * * * *"}'
must GET "/api/v1/drift/reports/$report"
echo "   scheduled scan $report by $scan_by: $(body '.currentRows') logged predictions against $(body '.referenceSource // "the reference"') ($(body .referenceRows) rows)"
body 'def r4: if . == null then "-" else (. * 10000 | round / 10000 | tostring) end;
  .features[] | "     \(.name | .[0:14] | . + (" " * (14 - length)))  severity \(.severity | . + (" " * (8 - length)))  PSI \(.psi | r4)  KS \(.ks | r4)  p \(.pValue // "-")"'
flagged=$(body '[.features[] | select(.severity == "High" or .severity == "Critical") | .name] | join(", ")')
[[ -n $flagged ]] || fail "the scan flagged no feature"
body 'if .performance then "   performance on \(.performance.labelled) labelled predictions: " + ([.performance.metrics[] | "\(.metric) \(.current * 1000 | round / 10) % (training \((.training // 0) * 1000 | round / 10) %)"] | join(", ")) + "; \(.performance.detail)" else empty end'
echo "   flagged: $flagged; drift share $(body .driftShare); $(body .recommendation)"
[[ $flagged == *income* && $flagged == *debt_ratio* ]] || fail "the scan did not flag both drifted features (flagged: $flagged)"
echo "   schedule now back to hourly (0 * * * *)"
see "/models/$model → Monitoring: the schedule, this scan at the top of the latest scans, its alerts and the trigger history; the scan opens as a drift report with charts."

step "10. The alert, acknowledged with a note"
must GET "/api/v1/alerts?model=$model&pageSize=100"
body --arg s "$started" '.items[] | select(.raisedAt[0:19] >= $s) | "   open: \(.kind) \(.severity): \(.title)"'
alert=$(body --arg s "$started" '[.items[] | select(.raisedAt[0:19] >= $s and (.kind == "FeatureDrift" or .kind == "DatasetDrift"))] | first | .id // empty')
[[ -n $alert ]] || fail "the scan raised no drift alert"
# API keys may not acknowledge: a person does, signed in as themself (the bearer token of step 1).
auth=("${bearer[@]}")
must POST "/api/v1/alerts/$alert/acknowledge" '{"note":"Income down, debt up in the walk-through traffic; retraining on the labelled drifted window."}'
auth=(-H "X-Api-Key: $engineer_key")
echo "   acknowledged by $(body .acknowledgedBy) at $(body .acknowledgedAt): \"$(body .acknowledgementNote)\""
[[ $(body .open) == false ]] || fail "the alert is still open after acknowledging it"
see "Alerts: the alert moves to acknowledged (who, when, note); the Dashboard no longer counts it; the Audit log has alert.acknowledged."

step "11. The retraining trigger fired once; a second scan within the cooldown does not fire again"
must GET "/api/v1/models/$model/monitoring/triggers"
fired=$(body --arg s "$started" '[.[] | select(.raisedAt[0:19] >= $s)] | length')
body --arg s "$started" '.[] | select(.raisedAt[0:19] >= $s) | "   trigger history: \(.raisedAt[0:19]) \(.title) (\(.sourceType) \(.sourceId))"'
[[ $fired == 1 ]] || fail "the trigger history has $fired entries from this walk-through; expected 1"
job=$(body --arg s "$started" '[.[] | select(.raisedAt[0:19] >= $s)] | first | select(.sourceType == "training-run") | .sourceId // empty')
[[ -n $job ]] || fail "the trigger stored an intent instead of queuing a retraining job"
must POST "/api/v1/models/$model/monitoring/scan"
echo "   second scan $(body .report.id): trigger $(body .trigger): $(body .triggerDetail)"
[[ $(body .trigger) == Suppressed ]] || fail "the second scan's trigger outcome is $(body .trigger); expected Suppressed"
# One open alert per model, kind and version: the acknowledged drift alert is closed, so a scan that still finds the
# drift raises it again; the performance-drop alert, still open, is not repeated.
echo "   alerts this second scan raised: $(body 'if (.alerts | length) == 0 then "none" else (.alerts | join(", ")) end') (an acknowledged alert is closed: a scan that still finds the drift raises a new one)"
must GET "/api/v1/models/$model/monitoring/triggers"
[[ $(body --arg s "$started" '[.[] | select(.raisedAt[0:19] >= $s)] | length') == 1 ]] || fail "the second scan added to the trigger history"
echo "   trigger history still holds one firing"
must GET "/api/v1/jobs/$job"
echo "   retraining job $job: $(body .state) (trigger $(body .trigger), dataset v$(body '.datasetVersion // .input.datasetVersion // "?"'))"
see "Jobs: the retraining run with trigger 'drift'; /models/$model → Monitoring → Trigger history: one firing; the Audit log has monitoring.retrain_triggered once and monitoring.retrain_suppressed."

printf '\nWalk-through complete: A/B test %s (%s), drift flagged on %s, alert acknowledged, retraining triggered once (job %s).\n' "$test_id" "$status" "$flagged" "$job"

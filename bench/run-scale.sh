#!/usr/bin/env bash
# Lists at scale (issue 10, item 9), one command:
#   bench/run-scale.sh [versions] [models] [audit events] [runs]     # defaults 100000 50000 1000000 7
# Builds (or reuses, when the shape is unchanged) a SQLite portal database in $SCALE_DIR (default /tmp/modellifecycle-scale)
# through the app's migrations and bulk inserts, starts the real portal (Release, Production environment) on it, and times
# the model summary, the versions list (first and last page), the Models list with its filters and sorts, the audit list,
# the stage history, version registration and the prerendered pages (model, Models, Audit, Dashboard): median and p95.
# Environment: SCALE_DIR, PORT (default 5198).
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${1:-100000}; models=${2:-50000}; events=${3:-1000000}; runs=${4:-7}
dir=${SCALE_DIR:-/tmp/modellifecycle-scale}
port=${PORT:-5198}
url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release bench/Scale.Bench/Scale.Bench.csproj -v q -nologo | grep -E ' error |rror\(s\)' || true
dotnet build -c Release src/Portal/Portal.csproj -v q -nologo | grep -E ' error |rror\(s\)' || true
mkdir -p "$dir"
# The audit chain key lives outside the data folder (Production refuses one beside the database); reused with the database.
keyfile="$dir.key"
[[ -s $keyfile ]] || head -c 32 /dev/urandom | base64 > "$keyfile"
key=$(cat "$keyfile")
dotnet bench/Scale.Bench/bin/Release/net10.0/Scale.Bench.dll seed "$dir" "$key" "$versions" "$models" "$events"

password="Scale-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-1a"
email="scale-admin-$(date +%s)@example.com"
# A fresh admin per run (the first admin is only created when no user exists): remove the users of an earlier run.
sqlite3 "$dir/portal.db" "DELETE FROM AspNetUserRoles; DELETE FROM AspNetUsers;"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$url Portal__DataDirectory=$dir Portal__Audit__Key=$key \
  Portal__Admin__Email=$email Portal__Admin__Password=$password Portal__SeedDemo=false \
  dotnet src/Portal/bin/Release/net10.0/Portal.dll > "$dir/portal.log" 2>&1 &
portal=$!
trap 'kill $portal 2>/dev/null || true' EXIT
until curl -sf "$url/health" > /dev/null; do sleep 1; kill -0 $portal 2>/dev/null || { tail -40 "$dir/portal.log"; exit 1; }; done
dotnet bench/Scale.Bench/bin/Release/net10.0/Scale.Bench.dll time "$url" "$email" "$password" "$runs"
kill -TERM $portal
wait $portal || true
trap - EXIT

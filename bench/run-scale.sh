#!/usr/bin/env bash
# Lists at scale (issue 10, item 9), one command:
#   bench/run-scale.sh [versions] [models] [audit events] [runs]     # defaults 100000 50000 1000000 7
# Builds (or reuses, when the shape is unchanged) a SQLite portal database in $SCALE_DIR (default /tmp/modellifecycle-scale)
# through the app's migrations and bulk inserts, starts the real portal (Release, Production environment) on it, and times
# the model summary, the versions list (first and last page), the Models list with its filters and sorts, the audit list,
# the stage history, version registration and the prerendered pages (model, Models, Audit, Dashboard): median and p95.
# Environment: SCALE_DIR, PORT (default 5198), PREPARE_SQL (see below), PORTAL_DIR (the checkout whose portal is timed, default this one: point it
# at an export of an older commit, built with `dotnet build -c Release src/Portal`, to time "before").
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${1:-100000}; models=${2:-50000}; events=${3:-1000000}; runs=${4:-7}
dir=${SCALE_DIR:-/tmp/modellifecycle-scale}
port=${PORT:-5198}
url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build -c Release bench/Scale.Bench/Scale.Bench.csproj -v q -nologo | grep -E ' error |rror\(s\)' || true
portal_dir=${PORTAL_DIR:-.}
[[ -n ${PORTAL_DIR:-} ]] || dotnet build -c Release src/Portal/Portal.csproj -v q -nologo | grep -E ' error |rror\(s\)' || true
mkdir -p "$dir"
# The audit chain key lives outside the data folder (Production refuses one beside the database); kept with the template.
keyfile="$dir/audit.key"
[[ -s $keyfile ]] || head -c 32 /dev/urandom | base64 > "$keyfile"
key=$(cat "$keyfile")
dotnet bench/Scale.Bench/bin/Release/net10.0/Scale.Bench.dll seed "$dir/scale.db" "$key" "$versions" "$models" "$events"

# Every run starts from a copy of the template, so runs (and before/after builds) time the same rows.
data="$dir/data"
rm -rf "$data"; mkdir -p "$data"; cp "$dir/scale.db" "$data/portal.db"
# PREPARE_SQL runs on the copy first, e.g. to drop the indexes of a migration and its history row to time "before".
[[ -z ${PREPARE_SQL:-} ]] || sqlite3 "$data/portal.db" "$PREPARE_SQL"
password="Scale-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-1a"
email="scale-admin@example.com"
# Serving preload is off: the seeded versions have no artifact files, and serving is not what this measures.
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$url Portal__DataDirectory=$data Portal__Audit__Key=$key \
  Portal__Admin__Email=$email Portal__Admin__Password=$password Portal__SeedDemo=false Portal__Serving__Cache__PreloadOnStart=false \
  dotnet "$portal_dir/src/Portal/bin/Release/net10.0/Portal.dll" > "$data/portal.log" 2>&1 &
portal=$!
trap 'kill $portal 2>/dev/null || true' EXIT
until curl -sf "$url/health" > /dev/null; do sleep 1; kill -0 $portal 2>/dev/null || { tail -40 "$data/portal.log"; exit 1; }; done
dotnet bench/Scale.Bench/bin/Release/net10.0/Scale.Bench.dll time "$url" "$email" "$password" "$runs"
kill -TERM $portal
wait $portal || true
trap - EXIT

#!/usr/bin/env bash
# Runs every test of ModelLifecycle on a fresh Debian machine with the .NET SDK:
# installs Debian's Chromium for the browser tests when it is missing, restores the .NET tools,
# builds with warnings as errors, checks formatting and the SQL Server migration script, then runs all tests.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium (Debian package) for the browser tests"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== restoring .NET tools and packages"
dotnet tool restore
dotnet restore ModelLifecycle.sln

echo "== building (warnings are errors)"
dotnet build ModelLifecycle.sln --no-restore -c Debug

echo "== checking formatting"
dotnet format ModelLifecycle.sln --verify-no-changes --no-restore

echo "== generating the SQL Server migration script (a broken migration fails here)"
mkdir -p artifacts
dotnet ef migrations script --idempotent --no-build \
  --project src/Portal.Domain --startup-project src/Portal \
  --context SqlServerPortalDbContext --output artifacts/sqlserver-migrations.sql
dotnet ef migrations has-pending-model-changes --no-build \
  --project src/Portal.Domain --startup-project src/Portal --context SqlitePortalDbContext
dotnet ef migrations has-pending-model-changes --no-build \
  --project src/Portal.Domain --startup-project src/Portal --context SqlServerPortalDbContext

echo "== running all tests"
log=$(mktemp)
set +e
dotnet test ModelLifecycle.sln --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The per-project "Total tests" blocks list "Passed: N" and, when any failed, "Failed: N".
passed=$(awk '/^[[:space:]]+Passed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]+Failed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"

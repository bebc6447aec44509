#!/usr/bin/env bash
# Makes the upgrade fixtures: a SQLite ledger file and a PostgreSQL plain-SQL dump, both filled by the code of an older
# commit (default 6778631, main before the store dialects), for UpgradeFixtureTests in ComplianceKit.EntityFrameworkCore.Tests.
#   bash tests/upgrade-fixtures/make.sh [commit]
# Needs git, the .NET SDK, pg_dump, and a PostgreSQL server in COMPLIANCEKIT_TEST_POSTGRES (Npgsql form; it creates and
# drops a database there). Writes tests/upgrade-fixtures/main-<commit>/{ledger.db,ledger.pg.sql,heads.txt}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
commit=${1:-6778631}
server=${COMPLIANCEKIT_TEST_POSTGRES:?set COMPLIANCEKIT_TEST_POSTGRES to a PostgreSQL connection string (Npgsql form)}
setting() { tr ';' '\n' <<<"$server" | awk -F= -v key="$1" 'tolower($1) == tolower(key) { print $2 }'; }
export PGHOST=$(setting Host) PGPORT=$(setting Port) PGUSER=$(setting Username)
export PGPASSWORD=$(setting Password)
out="$here/main-$commit"
work=$(mktemp -d /tmp/compliancekit-upgrade.XXXXXX)
database="ck_upgrade_fixture_$$"
cleanup() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  git -C "$repo" worktree remove --force "$work/tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The old commit's code, with this maker copied in beside its tests (the maker links their test PKI and scenario).
git -C "$repo" worktree add --detach "$work/tree" "$commit" >/dev/null
cp -r "$here/Maker" "$work/tree/tests/UpgradeFixtureMaker"
dotnet build "$work/tree/tests/UpgradeFixtureMaker" -c Release -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
maker="$work/tree/tests/UpgradeFixtureMaker/bin/Release/net10.0/UpgradeFixtureMaker.dll"

mkdir -p "$out"
rm -f "$out/ledger.db" "$out/ledger.db-wal" "$out/ledger.db-shm"
{
  echo "# made by tests/upgrade-fixtures/make.sh from commit $(git -C "$repo" rev-parse "$commit")"
  echo "# sqlite: chain size root"
  dotnet "$maker" sqlite "Data Source=$out/ledger.db" -
  psql -q -d postgres -c "CREATE DATABASE $database" >/dev/null
  echo "# postgres (schema compliance): chain size root"
  dotnet "$maker" postgres "Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$database${PGPASSWORD:+;Password=$PGPASSWORD}" compliance
} >"$out/heads.txt"
[ ! -e "$out/ledger.db-wal" ] || { echo "the SQLite fixture kept a write-ahead log; it must be checkpointed into the file"; exit 1; }
# Plain SQL with INSERT statements (no COPY), so a test can replay it through a driver; ownership and grants left out.
pg_dump -d "$database" --schema=compliance --no-owner --no-privileges --inserts -f "$out/ledger.pg.sql"
cat "$out/heads.txt"
echo "upgrade fixtures written to $out"

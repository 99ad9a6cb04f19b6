#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into a PostgreSQL database.
#
#   scripts/restore.sh FILE TARGET_URL
#
# The target is never taken from the environment: it must be named on the command line.
# Runs pg_restore --clean --if-exists --no-owner in a single transaction: objects of the dump
# are dropped and recreated in the target, other objects in the target are left alone, and a
# failed restore changes nothing. Exits non-zero on any failure.
#
# TARGET_URL may carry Prisma's `?schema=NAME`; it is stripped (libpq rejects it) and only
# that schema is restored (pg_restore -n NAME). pg_restore cannot rename a schema, so NAME
# must be the schema the dump was taken from; a dump of a whole database restores into the
# target's schemas of the same names (usually `public`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=pg-url.sh
source "$here/pg-url.sh"

usage() { echo "usage: scripts/restore.sh FILE TARGET_URL" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
file="$1"
target="$2"
[[ -n "$file" && -n "$target" ]] || usage
[[ -f "$file" && -r "$file" ]] || { echo "restore.sh: cannot read $file" >&2; exit 2; }
split_pg_url "$target" || { echo "restore.sh: TARGET_URL is not a PostgreSQL URL" >&2; exit 2; }

args=(--clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$PG_URL")
if [[ -n "$PG_SCHEMA" ]]; then
  # The dump must hold tables of that schema: pg_restore -n on a missing schema silently restores nothing.
  listing="$(pg_restore --list "$file")"
  if ! grep -Fqx -- "$PG_SCHEMA" < <(awk '$4 == "SCHEMA" && $5 == "-" { print $6 } $4 == "TABLE" { print $5 }' <<<"$listing"); then
    echo "restore.sh: $file holds no schema \"$PG_SCHEMA\" (pg_restore cannot rename schemas)" >&2
    exit 1
  fi
  # pg_restore -n restores the objects in the schema but not the schema itself.
  printf "SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS %s;\n" "\"${PG_SCHEMA//\"/\"\"}\"" |
    psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --dbname="$PG_URL" >/dev/null
  args+=(--schema="$PG_SCHEMA")
fi
pg_restore "${args[@]}" "$file"
echo "restored $file"

#!/usr/bin/env bash
# Backs up Roster's PostgreSQL database with pg_dump (custom format, -Fc).
#
#   DATABASE_URL=postgresql://... scripts/backup.sh [DIR]
#
# DIR defaults to $BACKUP_DIR, else ./backups. The dump is written to a temporary file in DIR
# and renamed to DIR/roster-YYYYMMDDTHHMMSSZ.dump (UTC) only once pg_dump has succeeded, so a
# file with the final name is always complete. Prints the file's path; exits non-zero on any
# failure (and leaves no partial file behind).
#
# With `?schema=NAME` in DATABASE_URL only that schema is dumped (pg_dump -n NAME); without it
# the whole database is. Files are created owner-only (umask 077): they hold password hashes.
set -euo pipefail
umask 077
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=pg-url.sh
source "$here/pg-url.sh"

if [[ -z "${DATABASE_URL:-}" ]]; then
  echo "backup.sh: DATABASE_URL is not set (the embedded database is backed up by copying DATA_DIR while Roster is stopped)" >&2
  exit 2
fi
split_pg_url "$DATABASE_URL" || { echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2; }

dir="${1:-${BACKUP_DIR:-backups}}"
mkdir -p "$dir"
final="$dir/roster-$(date -u +%Y%m%dT%H%M%SZ).dump"
if [[ -e "$final" ]]; then
  echo "backup.sh: $final already exists" >&2
  exit 1
fi
tmp="$(mktemp "$dir/.roster-backup.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

args=(--format=custom --file="$tmp" --dbname="$PG_URL")
# -n takes a pattern: quote the name so case and special characters are taken literally.
[[ -n "$PG_SCHEMA" ]] && args+=(--schema="\"${PG_SCHEMA//\"/\"\"}\"")
if ! pg_dump "${args[@]}"; then
  echo "backup.sh: pg_dump failed" >&2
  exit 1
fi
sync "$tmp" 2>/dev/null || true
mv "$tmp" "$final"
trap - EXIT
echo "$final"

# Sourced by backup.sh and restore.sh (not run on its own).
#
# Prisma's DATABASE_URL may carry `?schema=NAME`. libpq (pg_dump, pg_restore, psql) rejects
# unknown URI parameters, so split_pg_url removes `schema=` from the query and returns it
# separately. Every other parameter (sslmode, connect_timeout, ...) is kept as is and must be
# one libpq understands.
#
# Sets PG_URL (the URL without `schema=`) and PG_SCHEMA (empty when the URL names none).
split_pg_url() {
  local url="$1" base query kept="" param
  PG_SCHEMA=""
  case "$url" in
    postgres://* | postgresql://*) ;;
    *) echo "not a postgresql:// URL" >&2; return 1 ;;
  esac
  if [[ "$url" == *\?* ]]; then
    base="${url%%\?*}"
    query="${url#*\?}"
    local IFS='&'
    for param in $query; do
      [[ -z "$param" ]] && continue
      if [[ "$param" == schema=* ]]; then
        PG_SCHEMA="${param#schema=}"
        # Prisma URL-decodes the value; do the same for %XX escapes.
        PG_SCHEMA="$(printf '%b' "${PG_SCHEMA//%/\\x}")"
      else
        kept="${kept:+$kept&}$param"
      fi
    done
    PG_URL="$base${kept:+?$kept}"
  else
    PG_URL="$url"
  fi
}

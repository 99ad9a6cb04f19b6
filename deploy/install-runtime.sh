#!/usr/bin/env bash
# Installs Roster's production runtime into DEST from a built checkout (`npm ci && npm run build`
# done here first): copies exactly the files production needs, then installs the runtime
# dependencies with `npm ci --omit=dev` (its postinstall applies patches/; with no src/ it does
# not run prisma generate: the client is compiled into dist/ and .next/).
#
#   deploy/install-runtime.sh DEST [extra npm ci arguments, e.g. --prefer-offline]
#
# Then, in DEST: `npm run db:deploy` (migrations, once per release) and `npm start`.
# Used by deploy/Dockerfile (build stage, DEST=/runtime) and by e2e/topology.spec.ts, so the
# list below is the only list of runtime files.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DEST [npm ci arguments...]" >&2
  exit 2
fi
dest=$1
shift
src=$(cd "$(dirname "$0")/.." && pwd)

# The runtime files, relative to the checkout. .next/ is copied without .next/cache (build cache)
# and .next/dev (development server output); public/ only if the project has one.
RUNTIME_FILES=(
  package.json
  package-lock.json
  next.config.ts
  patches
  prisma/schema.prisma
  prisma/migrations
  scripts/postinstall.mjs
  dist
  .next
)
[ -d "$src/public" ] && RUNTIME_FILES+=(public)

for f in dist/server.js dist/migrate.js dist/prisma.config.js .next/BUILD_ID; do
  if [ ! -e "$src/$f" ]; then
    echo "$0: $src/$f is missing: run \`npm run build\` first" >&2
    exit 1
  fi
done

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if [ -n "$(ls -A "$dest")" ]; then
  echo "$0: $dest is not empty" >&2
  exit 1
fi

tar -C "$src" --exclude=./.next/cache --exclude=./.next/dev -cf - "${RUNTIME_FILES[@]/#/./}" | tar -C "$dest" -xf -
cd "$dest"
npm ci --omit=dev --no-audit --no-fund "$@"

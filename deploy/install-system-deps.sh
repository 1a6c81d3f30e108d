#!/usr/bin/env bash
# Installs what the project needs from Debian when it is missing: PostgreSQL server binaries and Chromium
# (for the Playwright journeys), and with --with-bench wrk (the raw-throughput load generator of `make bench`).
# As root it uses apt-get; otherwise it says what to install.
set -euo pipefail
need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi
if [ "${1:-}" = "--with-bench" ] && ! command -v wrk >/dev/null 2>&1; then
  need+=(wrk)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing from Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # the packaged cluster is not used: KoproGo runs its own under var/ (or a throwaway one for tests)
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true; done
  fi
else
  echo "Missing system packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Installs what the project needs from Debian when it is missing: PostgreSQL server binaries, and with
# --with-browser Chromium (the Playwright journeys) and poppler-utils (pdfinfo, pdftoppm: the tests read the PDFs back), --with-bench wrk (the load generator of `make bench`),
# --with-deploy nginx, PgBouncer, pgBackRest and openssl (the production stack `make test` and
# `make deploy-test` stand up on loopback). Flags combine. As root it uses apt-get; otherwise it says what to
# install.
set -euo pipefail
need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
for flag in "$@"; do
  case "$flag" in
    --with-browser)
      [ -x /usr/bin/chromium ] || need+=(chromium)
      command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils) ;;
    --with-bench) command -v wrk >/dev/null 2>&1 || need+=(wrk) ;;
    --with-deploy)
      [ -x /usr/sbin/nginx ] || need+=(nginx)
      command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
      command -v pgbackrest >/dev/null 2>&1 || need+=(pgbackrest)
      command -v openssl >/dev/null 2>&1 || need+=(openssl)
      command -v wrk >/dev/null 2>&1 || need+=(wrk) ;;
    *) echo "unknown flag $flag" >&2; exit 2 ;;
  esac
done
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
  # nor are the packaged services of the stack: the tests start their own on loopback ports
  for service in nginx pgbouncer; do
    if [ -x "/etc/init.d/$service" ]; then "/etc/init.d/$service" stop >/dev/null 2>&1 || true; fi
  done
else
  echo "Missing system packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi

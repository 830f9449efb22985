#!/bin/sh
# System libraries eventsys needs: Pango for WeasyPrint and ICU (with a compiler)
# for PyICU's build (always), poppler-utils and qpdf for PDF checks and Chromium
# for browser tests (with --browser).
set -e

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

missing=""
have_lib libpango-1.0.so || missing="$missing libpango-1.0-0"
have_lib libpangoft2-1.0.so || missing="$missing libpangoft2-1.0-0"
# The print CSS of the PDFs (static/css/pdf/print.css) is set in Lato.
fc-list 2>/dev/null | grep -qi "lato" || missing="$missing fonts-lato"
# PyICU (the collation of lists, registration/lists.py) ships no wheels: pip
# builds it against the system ICU, with pkg-config and a C++ compiler.
pkg-config --exists icu-i18n 2>/dev/null || missing="$missing libicu-dev pkg-config"
command -v g++ >/dev/null 2>&1 || missing="$missing g++"
python3 -c 'import os, sysconfig; os.stat(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
  2>/dev/null || missing="$missing python3-dev"
if [ "$1" = "--browser" ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
  fc-list 2>/dev/null | grep -qi "dejavu" || missing="$missing fonts-dejavu-core"
fi
if [ "$1" = "--bench" ]; then
  # WRK: the command to look for (tests name one that is not there).
  command -v "${WRK:-wrk}" >/dev/null 2>&1 || missing="$missing wrk"
fi
[ -z "$missing" ] && exit 0

# How long to wait for another apt or dpkg process (unattended-upgrades, a
# second terminal) to let go of its lock before giving up, in seconds.
APT_WAIT="${APT_WAIT:-300}"

# apt-get update waits for the lists lock in a loop (apt's own lock timeout
# covers dpkg's lock, not every lock of every version); install waits through
# DPkg::Lock::Timeout. On failure, say what failed and why.
apt_update() {
  waited=0
  while :; do
    if output=$(apt-get -o DPkg::Lock::Timeout="$APT_WAIT" update -qq 2>&1); then
      return 0
    fi
    if echo "$output" | grep -qi "lock" && [ "$waited" -lt "$APT_WAIT" ]; then
      [ "$waited" = 0 ] && echo "Another apt process holds the package lock; waiting up to ${APT_WAIT}s..."
      sleep 5
      waited=$((waited + 5))
      continue
    fi
    echo "system-deps: 'apt-get update' failed:" >&2
    echo "$output" | tail -n 5 >&2
    return 1
  done
}

explain_failure() {
  echo "system-deps: could not install:$missing" >&2
  echo "$1" | grep -E "^(E|W):" | tail -n 5 >&2
  for package in $missing; do
    candidate=$(apt-cache policy "$package" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
      echo "  - $package: not available from the configured package sources (check /etc/apt/sources.list)" >&2
    fi
  done
  echo "Install them by hand (apt-get install$missing), then run make again." >&2
}

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  apt_update || exit 1
  if ! output=$(DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_WAIT" \
      install -y -qq --no-install-recommends $missing 2>&1); then
    explain_failure "$output"
    exit 1
  fi
else
  echo "eventsys needs these system packages:$missing" >&2
  echo "On Debian or Ubuntu: sudo apt-get install$missing" >&2
  exit 1
fi

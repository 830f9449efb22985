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
  command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "eventsys needs these system packages:$missing" >&2
  echo "On Debian or Ubuntu: sudo apt-get install$missing" >&2
  exit 1
fi

#!/bin/sh
# Install Debian's chromium (for tests/test_browser.py and test_pdf.py), poppler-utils, and a Thai font (so screenshots show
# Thai glyphs instead of boxes) when they are missing. Safe to run repeatedly.
# Usage: .ci/install-chromium.sh   (as root, or with sudo available)
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
# pdftotext, pdffonts, pdfinfo, pdftoppm: tests/test_pdf.py reads the PDFs as a district would
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=th family 2>/dev/null)" ]; then
    :
else
    missing="$missing fonts-thai-tlwg"
fi

if [ -z "$missing" ]; then
    echo "install-chromium: chromium and a Thai font are present"
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-chromium: installing$missing"
$SUDO apt-get update -q
# shellcheck disable=SC2086  # $missing is a space-separated package list
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
/usr/bin/chromium --version

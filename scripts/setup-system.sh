#!/usr/bin/env bash
# System packages planlib needs beyond Python: a CJK font (charts must draw Chinese, not
# boxes; Noto CJK for the printed documents), LibreOffice Writer/Calc (planlib audit reads
# .doc/.wps/.odt/.rtf through it; the tests print planlib's own plans to PDF with it, print the
# filed .docx and recalculate the .xlsx headless) and poppler-utils (pdftotext, pdftoppm) and,
# for the browser tests, Debian's Chromium. Installed with apt where we can
# (root or passwordless sudo); otherwise say what is missing and carry on: the font falls
# back to whatever CJK font the system has, and the browser tests skip, saying why.
set -u
want_browser=${1:-}
packages=(fonts-wqy-microhei fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
[ "$want_browser" = "--browser" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not available; please install: ${missing[*]}" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "setup: not root; please install: ${missing[*]}" >&2
        exit 0
    fi
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "setup: could not install ${missing[*]}; continuing without" >&2
exit 0

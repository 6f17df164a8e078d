#!/usr/bin/env bash
# Make sure Debian's Chromium is available for the browser end-to-end test, with the fonts the
# UI needs: emoji (icons) and Devanagari (Hindi goals and personas; boxes without it).
#
# Idempotent: does nothing when /usr/bin/chromium and both fonts already exist. Playwright's own
# browser download (`playwright install`) is never used: the test drives this
# system Chromium through `executable_path`.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

fonts_ok() {
    fc-list 2>/dev/null | grep -qi "color emoji" && fc-list 2>/dev/null | grep -qi "devanagari"
}

if [ -x "$CHROMIUM" ] && { [ -n "${SKIP_FONTS:-}" ] || fonts_ok; }; then
    echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present) ($CHROMIUM)"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: $CHROMIUM missing and apt-get unavailable; install Chromium by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "chromium: need root (or sudo) to install Debian's chromium package" >&2
        exit 1
    fi
fi

echo "chromium: installing Debian's chromium, emoji and Devanagari fonts (one-off)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji \
    fonts-lohit-deva >/dev/null

if [ ! -x "$CHROMIUM" ]; then
    echo "chromium: package installed but $CHROMIUM not found" >&2
    exit 1
fi
echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed) ($CHROMIUM)"

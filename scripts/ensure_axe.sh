#!/usr/bin/env bash
# Vendor axe-core (the accessibility rules engine) for the browser test, from the npm registry.
#
# Idempotent: does nothing when the pinned version is already in .cache/axe-core/ (gitignored).
# The browser test injects axe.min.js into each page and fails on serious or critical
# violations; without the file it says so and skips only the accessibility checks.
set -euo pipefail

VERSION="${AXE_VERSION:-4.10.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/axe-core"

if [ -f "$DEST/axe.min.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "$VERSION" ]; then
    echo "axe-core: $VERSION ($DEST/axe.min.js)"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "axe-core: npm not found; the browser test skips its accessibility checks" >&2
    exit 0
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tar -xzf "$TMP"/axe-core-*.tgz -C "$TMP" package/axe.min.js package/LICENSE
mkdir -p "$DEST"
mv "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
echo "axe-core: $VERSION installed ($DEST/axe.min.js)"

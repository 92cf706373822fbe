#!/usr/bin/env bash
# Fetch axe-core (the accessibility checker tests/browser injects into pages) from
# the npm registry, once, into build/vendor/axe-core/. The tarball's SHA-512 is
# checked against the registry's published integrity value.
# Prints a message and exits 0 when it cannot: the axe tests then skip and say why.
set -uo pipefail
cd "$(dirname "$0")/.."
VERSION="${AXE_VERSION:-4.10.2}"
DEST="build/vendor/axe-core"
[ -s "$DEST/axe.min.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "$VERSION" ] && exit 0

URL="https://registry.npmjs.org/axe-core/-/axe-core-$VERSION.tgz"
# the integrity string of this version, from the registry's metadata for it
INTEGRITY="$(python3 - "$VERSION" <<'PY' 2>/dev/null
import json, sys, urllib.request
with urllib.request.urlopen(f"https://registry.npmjs.org/axe-core/{sys.argv[1]}", timeout=30) as r:
    print(json.load(r)["dist"]["integrity"])
PY
)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if ! python3 - "$URL" "$TMP/axe.tgz" "$INTEGRITY" <<'PY'
import base64, hashlib, sys, urllib.request
url, out, integrity = sys.argv[1:4]
with urllib.request.urlopen(url, timeout=60) as r:
    data = r.read()
algo, _, expected = integrity.partition("-")
if algo != "sha512" or base64.b64encode(hashlib.sha512(data).digest()).decode() != expected:
    sys.exit(f"axe-core tarball does not match the registry's integrity {integrity!r}")
open(out, "wb").write(data)
PY
then
    echo "axe-core $VERSION could not be fetched from the npm registry; the accessibility tests will skip" >&2
    exit 0
fi
mkdir -p "$DEST"
tar -xzf "$TMP/axe.tgz" -C "$TMP" package/axe.min.js package/LICENSE
mv "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
echo "axe-core $VERSION in $DEST" >&2

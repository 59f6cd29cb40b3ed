#!/bin/sh
# Debian packages the project needs beyond Python: Pango, HarfBuzz and fonts for WeasyPrint's
# PDF; with --test also Chromium, in which the tests open the HTML report. Installs only what
# is missing; needs root (or sudo) only when something is missing.
set -eu

packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core"
if [ "${1:-}" = "--test" ]; then
    packages="$packages chromium"
fi
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing. Install their equivalents with your package manager." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "Missing system packages:$missing. Run as root: apt-get install$missing" >&2
    exit 1
fi
echo "Installing system packages:$missing"
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing

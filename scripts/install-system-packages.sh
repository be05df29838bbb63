#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing.
#   scripts/install-system-packages.sh runtime   WeasyPrint libraries, gettext, fonts
#   scripts/install-system-packages.sh test      the above plus Chromium for browser tests
# As root it runs apt-get; otherwise it prints the command to run and carries on.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 gettext fonts-dejavu-core)
if [ "${1:-runtime}" = "test" ]; then
  packages+=(chromium)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Not a Debian system: install these yourself: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages (run as root): apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

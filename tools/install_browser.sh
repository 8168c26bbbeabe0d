#!/usr/bin/env bash
# Install the browser the browser tests drive: Debian's Chromium (/usr/bin/chromium) and fonts.
# Idempotent: does nothing when everything is there. Needs root (or sudo) and apt-get.
# Never runs `playwright install`: the tests use the system Chromium through executable_path.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(chromium fonts-dejavu-core fonts-liberation)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/chromium ]; then
  echo "install_browser: Chromium is installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || {
  echo "install_browser: apt-get not found; install Chromium with your package manager" \
       "so that /usr/bin/chromium exists, or skip the browser tests." >&2; exit 1; }
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install_browser: run as root (or install sudo)." >&2; exit 1; }
  sudo=(sudo)
fi

echo "install_browser: installing Debian packages: ${missing[*]:-chromium}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -qq && \
       "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "install_browser: apt-get failed (see the lines above)." >&2
  exit 1
fi
[ -x /usr/bin/chromium ] || { echo "install_browser: /usr/bin/chromium missing after install." >&2; exit 1; }
echo "install_browser: $(/usr/bin/chromium --version 2>/dev/null)"

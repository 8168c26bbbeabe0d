#!/usr/bin/env bash
# Install the front-end files the slides load (reveal.js 4.x, jQuery, Font Awesome 5) from the
# npm registry into tools/slides/node_modules (git-ignored), exactly as tools/slides/package-lock.json
# pins them, so `make slides` works with no internet. Voilà serves them from there
# (tools/slides/jupyter/voila/templates/course-vendor/static is a link to that folder).
# Idempotent: does nothing when the pinned set is installed.
#   bash tools/install_slides.sh          needs Node.js and npm
#   bash tools/install_slides.sh --apt    (CI, as root) installs Debian's nodejs and npm first if missing
set -euo pipefail
cd "$(dirname "$0")/slides"
stamp=node_modules/.course-installed

if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ -f node_modules/reveal.js/package.json ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if [ "${1:-}" = "--apt" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "install_slides: installing Debian packages: nodejs npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "install_slides: npm not found. The slides need Node.js and npm once, to fetch reveal.js:" \
         "install them with your package manager (Debian/Ubuntu: sudo apt-get install nodejs npm;" \
         "macOS: brew install node), then run make slides again." >&2
    exit 1
  fi
fi

echo "install_slides: npm ci (reveal.js, jQuery, Font Awesome) into tools/slides/node_modules"
# --ignore-scripts: these packages need no build step; none of their scripts runs.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
version=$(node -p 'require("./node_modules/reveal.js/package.json").version')
case "$version" in
  4.*) ;;
  *) echo "install_slides: reveal.js $version installed, the slides need 4.x" >&2; exit 1 ;;
esac
touch "$stamp"
echo "install_slides: reveal.js $version ready"

#!/usr/bin/env bash
# Debian packages Shebao needs beyond Python: CJK fonts (Noto, and HanaMin for rare
# characters in names) and pango for PDFs, poppler and zbar for checking them, chromium for
# browser tests, openssl as the independent certificate checker in tests, NSS tools (certutil)
# so pdfsig can trust our CA when tests check sealed PDFs, gettext (msgfmt, xgettext) for the
# translation catalogue, npm (Node.js) for axe-core in the browser tests. Installs only what
# is missing.
set -euo pipefail
want=(fonts-noto-cjk fonts-hanazono libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools chromium openssl libnss3-tools gettext)
missing=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)  # a Node.js of another origin may bring its own
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Please install: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

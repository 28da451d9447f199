#!/usr/bin/env bash
# Installs the Debian packages that the real-server tests need (Dovecot, Tesseract,
# poppler, Chromium). Only as root with apt-get; otherwise the tests that need a missing
# program skip and say why.
set -u
need=()
command -v dovecot >/dev/null || need+=(dovecot-imapd dovecot-lmtpd)
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: not root or no apt-get; tests needing ${need[*]} will skip" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "system-deps: apt-get install failed; tests needing ${need[*]} will skip" >&2
exit 0

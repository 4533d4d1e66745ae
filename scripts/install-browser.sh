#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests and the draw benchmark.
# Playwright's own `playwright install` downloads a browser build, which cannot
# be fetched here, so we drive the distribution's chromium instead.
# Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $CHROMIUM is missing and apt-get is not available; install chromium by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Try without refreshing first: the package lists may already be current, and
# `apt-get update` is the slow part. Refresh only when the install fails.
if ! apt-get install -y --no-install-recommends chromium; then
    apt-get update
    apt-get install -y --no-install-recommends chromium
fi

if [ ! -x "$CHROMIUM" ]; then
    echo "error: chromium package installed but $CHROMIUM not found" >&2
    exit 1
fi
echo "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"

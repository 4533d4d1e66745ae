#!/usr/bin/env bash
# Installs Debian's Virtuoso Open Source (package `virtuoso-opensource`) for the remote-store tests.
# The tests start their own server (tests/engines.py: temp database directory, virtuoso.ini written
# there, 127.0.0.1 on free ports) and stop it; the Debian service itself is not wanted, so it is
# stopped and left disabled if the package's postinst started it.
# Idempotent: does nothing when the server binary is already installed; runs `apt-get update` only
# when installing from the current package lists fails.
set -euo pipefail

VIRTUOSO=/usr/bin/virtuoso-t

if [ -x "$VIRTUOSO" ]; then
    echo "virtuoso already installed: $("$VIRTUOSO" -? 2>&1 | grep -m1 -i version || echo "$VIRTUOSO")"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $VIRTUOSO is missing and apt-get is not available; install virtuoso-opensource by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The package asks for a DBA password through debconf; the tests never use the system database, so
# leave it empty (the Debian default) rather than prompting.
install() { apt-get install -y --no-install-recommends virtuoso-opensource; }
if ! install; then
    apt-get update
    install
fi
# Without systemd the postinst may have started the system instance through the init script: stop it
# so it does not hold port 1111/8890 or CPU.
if command -v service >/dev/null 2>&1; then
    service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi

if [ ! -x "$VIRTUOSO" ]; then
    echo "error: virtuoso-opensource installed but $VIRTUOSO not found" >&2
    exit 1
fi
echo "installed: $VIRTUOSO"

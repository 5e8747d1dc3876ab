#!/bin/sh
# Install auditor into ./.venv, a virtual environment of this checkout, and nowhere else.
#
#   sh install.sh         the tool:            .venv/bin/auditor
#   sh install.sh test    the tool and pytest: .venv/bin/python -m pytest -q
#
# Current Debian and Ubuntu refuse `pip install` into the system Python (PEP 668,
# "externally-managed-environment"); a virtual environment is the supported way, and it keeps
# the system's packages untouched. Running it again reuses .venv and only installs what changed.
# PYTHON=/path/to/python3.12 sh install.sh picks another interpreter (3.11 or newer).
set -eu
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
    echo "install.sh: $PY not found; install Python 3.11 or newer (Debian/Ubuntu: sudo apt install python3)" >&2
    exit 2
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "install.sh: auditor needs Python 3.11 or newer; $PY is $("$PY" -V 2>&1)" >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    # Debian/Ubuntu without the python3-venv package cannot put pip into a new environment;
    # then the environment borrows the system's pip (its own packages still go into .venv).
    if ! "$PY" -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        if "$PY" -m pip --version >/dev/null 2>&1; then
            "$PY" -m venv --without-pip --system-site-packages .venv
        else
            echo "install.sh: cannot create a virtual environment; on Debian/Ubuntu run: sudo apt install python3-venv" >&2
            exit 2
        fi
    fi
fi

extras=""
[ $# -gt 0 ] && extras="[$1]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
echo "install.sh: installed into $(pwd)/.venv — run .venv/bin/auditor --help" >&2

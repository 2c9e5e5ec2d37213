# Shared set-up for the scripts: where cargo builds, and the AWS emulator (moto server) in a
# private virtualenv so nothing is installed into the system Python.
# shellcheck shell=bash

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gearctl/target}"
GEARCTL_VENV="${GEARCTL_VENV:-$HOME/.cache/gearctl/venv}"
MOTO_SPEC='moto[server]>=5.2,<5.3'

# Install moto (and, with "awscli", aws-cli v1) into the venv once; export MOTO_SERVER.
ensure_tools() {
  local want_awscli="${1:-}"
  if [ ! -x "$GEARCTL_VENV/bin/python" ]; then
    echo "setting up $GEARCTL_VENV (moto server from PyPI)..." >&2
    python3 -m venv "$GEARCTL_VENV"
    "$GEARCTL_VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  fi
  if ! "$GEARCTL_VENV/bin/python" -c 'import moto, flask, sys; sys.exit(0 if moto.__version__.startswith("5.2.") else 1)' 2>/dev/null; then
    "$GEARCTL_VENV/bin/python" -m pip install --quiet "$MOTO_SPEC" >&2
  fi
  if [ "$want_awscli" = awscli ] && [ ! -x "$GEARCTL_VENV/bin/aws" ]; then
    "$GEARCTL_VENV/bin/python" -m pip install --quiet 'awscli<2' >&2
  fi
  export MOTO_SERVER="$GEARCTL_VENV/bin/moto_server"
}

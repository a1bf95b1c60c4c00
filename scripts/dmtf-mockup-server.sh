#!/usr/bin/env bash
# Start DMTF's Redfish-Mockup-Server (a checkout the user names) on 127.0.0.1, in the foreground.
#
#   scripts/dmtf-mockup-server.sh CHECKOUT [PORT] [MOCKUP_DIR] [-- EXTRA_SERVER_ARGS...]
#
#   CHECKOUT    a clone of https://github.com/DMTF/Redfish-Mockup-Server (holds redfishMockupServer.py)
#   PORT        TCP port on 127.0.0.1 (default 8000)
#   MOCKUP_DIR  a DMTF-format mockup: either DIR/redfish/v1/index.json (long form) or DIR/index.json
#               (short form, -S is added). Default: the checkout's bundled public-rackmount1.
#   EXTRA...    passed to the server as is (e.g. -t 0.2 for a response delay)
#   PYTHON      environment variable: the interpreter to use (default python3)
#
# The server needs the Python modules "requests" and "grequests" (pip install -r CHECKOUT/requirements.txt).
set -euo pipefail

prog=$(basename "$0")
usage() {
  sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//' >&2
}
die() {
  echo "$prog: $*" >&2
  exit 2
}

if [[ $# -lt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  [[ $# -ge 1 ]] && exit 0
  exit 2
fi

checkout=$1
port=${2:-8000}
mockup=${3:-}
shift $(( $# < 3 ? $# : 3 ))
if [[ "${1:-}" == "--" ]]; then shift; fi

[[ -d "$checkout" ]] || die "CHECKOUT \"$checkout\" is not a directory (expected a clone of DMTF/Redfish-Mockup-Server)"
checkout=$(cd "$checkout" && pwd)
[[ -f "$checkout/redfishMockupServer.py" ]] || die "CHECKOUT \"$checkout\" has no redfishMockupServer.py (expected a clone of DMTF/Redfish-Mockup-Server)"

[[ "$port" =~ ^[0-9]+$ ]] && (( port >= 1 && port <= 65535 )) || die "PORT expects an integer 1..65535, got \"$port\""

python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || die "\"$python\" not found: install Python 3 (Debian: apt-get install python3) or set PYTHON=/path/to/python3"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 6) else 1)' 2>/dev/null \
  || die "\"$python\" is not Python >= 3.6"
for module in requests grequests; do
  "$python" -c "import $module" 2>/dev/null \
    || die "Python module \"$module\" is missing for $python: pip install -r $checkout/requirements.txt"
done

args=(-H 127.0.0.1 -p "$port")
if [[ -n "$mockup" ]]; then
  [[ -d "$mockup" ]] || die "MOCKUP_DIR \"$mockup\" is not a directory"
  mockup=$(cd "$mockup" && pwd)
  if [[ -f "$mockup/redfish/v1/index.json" ]]; then
    args+=(-D "$mockup")
  elif [[ -f "$mockup/index.json" ]]; then
    args+=(-D "$mockup" -S)
  else
    die "MOCKUP_DIR \"$mockup\" holds neither redfish/v1/index.json nor index.json (expected a DMTF-format mockup)"
  fi
elif [[ ! -f "$checkout/public-rackmount1/index.json" ]]; then
  die "no MOCKUP_DIR given and the checkout has no bundled public-rackmount1 mockup"
fi

# The server resolves its default mockup relative to the working directory.
cd "$checkout"
exec "$python" redfishMockupServer.py "${args[@]}" "$@"

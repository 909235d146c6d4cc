#!/usr/bin/env bash
# Builds mote and puts its runtime bundle on a board over a serial port, where application code
# loads it with require("mote"):
#   Espruino: the bundle goes into Storage as "mote" (the espruino CLI's --storage).
#   NodeMCU:  the bundle is uploaded as mote.lua (nodemcu-tool upload).
# The uploaders run through npx at pinned versions, so the project's install and its tests never
# need them. --dry-run prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")"

readonly ESPRUINO_CLI="espruino@0.1.67"
readonly NODEMCU_TOOL="nodemcu-tool@3.2.1"

usage() {
  cat <<'TEXT'
usage: ./flash.sh --runtime espruino|nodemcu --port /dev/ttyUSB0 [--baud 115200] [--compile] [--no-build] [--dry-run]
  --runtime   which firmware the board runs
  --port      the board's serial port
  --baud      serial speed (default 115200)
  --compile   NodeMCU only: compile to bytecode (mote.lc) on the board after upload
  --no-build  upload what dist/ already holds (from npm run build)
  --dry-run   print the upload command instead of running it
TEXT
}

runtime="" port="" baud=115200 compile=false build=true dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) runtime="${2:-}"; shift 2 ;;
    --port) port="${2:-}"; shift 2 ;;
    --baud) baud="${2:-}"; shift 2 ;;
    --compile) compile=true; shift ;;
    --no-build) build=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "flash.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

case "$runtime" in
  espruino|nodemcu) ;;
  "") echo "flash.sh: --runtime is required (espruino or nodemcu)" >&2; usage >&2; exit 2 ;;
  *) echo "flash.sh: unknown runtime '$runtime' (espruino or nodemcu)" >&2; exit 2 ;;
esac
[ -n "$port" ] || { echo "flash.sh: --port is required (the board's serial port, e.g. /dev/ttyUSB0)" >&2; exit 2; }
[[ "$baud" =~ ^[0-9]+$ ]] || { echo "flash.sh: --baud must be a number, not '$baud'" >&2; exit 2; }
if $compile && [ "$runtime" != nodemcu ]; then
  echo "flash.sh: --compile applies to NodeMCU only" >&2; exit 2
fi

if $build; then
  npm run --silent build
fi
artefact="dist/$runtime/mote.$([ "$runtime" = espruino ] && echo js || echo lua)"
[ -f "$artefact" ] || { echo "flash.sh: $artefact is missing: run npm run build (or drop --no-build)" >&2; exit 1; }

if [ "$runtime" = espruino ]; then
  command=(npx --yes "$ESPRUINO_CLI" --no-ble -p "$port" -b "$baud" --storage "mote:$artefact")
else
  command=(npx --yes "$NODEMCU_TOOL" --port "$port" --baud "$baud" upload "$artefact" --remotename mote.lua)
  if $compile; then command+=(--compile); fi
fi

if $dry_run; then
  printf '%q ' "${command[@]}"; echo
else
  "${command[@]}"
fi

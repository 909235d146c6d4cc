#!/usr/bin/env bash
# Puts mote on a board over a serial port, in one of two ways:
#   --board <id>: builds that board's telemetry firmware (boards/<id>.json, npm run build -- --board)
#     and uploads it so that it runs at boot:
#       Espruino: dist/<id>/firmware.js goes into Storage as ".bootcde" (the espruino CLI's --storage);
#       NodeMCU:  dist/<id>/firmware.lua and init.lua (which runs it) are uploaded (nodemcu-tool).
#   --runtime espruino|nodemcu: builds the library bundle and uploads it, for application code to
#     load with require("mote"):
#       Espruino: the bundle goes into Storage as "mote";
#       NodeMCU:  the bundle is uploaded as mote.lua.
# The uploaders run through npx at pinned versions, so the project's install and its tests never
# need them. --dry-run prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")"

readonly ESPRUINO_CLI="espruino@0.1.67"
readonly NODEMCU_TOOL="nodemcu-tool@3.2.1"

usage() {
  cat <<'TEXT'
usage: ./flash.sh --board <id> --port /dev/ttyUSB0 [--baud 115200] [--compile] [--no-build] [--dry-run]
       ./flash.sh --runtime espruino|nodemcu --port /dev/ttyUSB0 [...]
  --board     the board file (boards/<id>.json) whose telemetry firmware to build and upload
  --runtime   upload the library bundle for this runtime instead
  --port      the board's serial port
  --baud      serial speed (default 115200)
  --compile   NodeMCU only: compile to bytecode (.lc) on the board after upload
  --no-build  upload what dist/ already holds (from npm run build)
  --dry-run   print the upload commands instead of running them
TEXT
}

board="" runtime="" port="" baud=115200 compile=false build=true dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --board) board="${2:-}"; shift 2 ;;
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

if [ -n "$board" ] && [ -n "$runtime" ]; then
  echo "flash.sh: give --board or --runtime, not both (a board file names its runtime)" >&2; exit 2
fi
if [ -n "$board" ]; then
  [ -f "boards/$board.json" ] || { echo "flash.sh: no board '$board' in boards/ (there are: $(ls boards | grep -v schema | sed 's/\.json$//' | tr '\n' ' '))" >&2; exit 2; }
  runtime=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runtime ?? "")' "boards/$board.json")
fi
case "$runtime" in
  espruino|nodemcu) ;;
  "") echo "flash.sh: --board <id> or --runtime espruino|nodemcu is required" >&2; usage >&2; exit 2 ;;
  *) echo "flash.sh: unknown runtime '$runtime' (espruino or nodemcu)" >&2; exit 2 ;;
esac
[ -n "$port" ] || { echo "flash.sh: --port is required (the board's serial port, e.g. /dev/ttyUSB0)" >&2; exit 2; }
[[ "$baud" =~ ^[0-9]+$ ]] || { echo "flash.sh: --baud must be a number, not '$baud'" >&2; exit 2; }
if $compile && [ "$runtime" != nodemcu ]; then
  echo "flash.sh: --compile applies to NodeMCU only" >&2; exit 2
fi

if $build; then
  if [ -n "$board" ]; then npm run --silent build -- --board "$board"; else npm run --silent build; fi
fi
if [ -n "$board" ]; then
  artefact="dist/$board/firmware.$([ "$runtime" = espruino ] && echo js || echo lua)"
else
  artefact="dist/$runtime/mote.$([ "$runtime" = espruino ] && echo js || echo lua)"
fi
[ -f "$artefact" ] || { echo "flash.sh: $artefact is missing: run npm run build (or drop --no-build)" >&2; exit 1; }

commands=()
if [ "$runtime" = espruino ]; then
  storage_name=$([ -n "$board" ] && echo .bootcde || echo mote)
  commands+=("npx --yes $ESPRUINO_CLI --no-ble -p $(printf %q "$port") -b $baud --storage $storage_name:$(printf %q "$artefact")")
else
  compile_flag=$($compile && echo " --compile" || true)
  remote_name=$([ -n "$board" ] && echo firmware.lua || echo mote.lua)
  commands+=("npx --yes $NODEMCU_TOOL --port $(printf %q "$port") --baud $baud upload $(printf %q "$artefact") --remotename $remote_name$compile_flag")
  if [ -n "$board" ]; then
    commands+=("npx --yes $NODEMCU_TOOL --port $(printf %q "$port") --baud $baud upload dist/$board/init.lua --remotename init.lua")
  fi
fi

for command in "${commands[@]}"; do
  if $dry_run; then echo "$command"; else eval "$command"; fi
done
if [ -n "$board" ] && ! $dry_run; then
  echo "flash.sh: $board is flashed; reset the board (or power it up) and it boots the firmware"
fi

/**
 * The fleet benchmark's child process (tools/bench/fleet.ts starts it): boots the devices of the
 * board it is handed (checked, as JSON) against the broker on FLEET_BROKER_PORT, waits the
 * warm-up, prints "ready", then measures the window and prints one JSON line: seconds, CPU time,
 * and the heap and resident memory the devices added. Ends on SIGTERM or when its stdin closes.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { startFleet } from "../../hal/sim/fleet";
import type { Board } from "../build/board-types";

const environment = process.env as Record<string, string>;
process.on("SIGTERM", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

const board = JSON.parse(environment.FLEET_BOARD) as Board;
const port = Number(environment.FLEET_BROKER_PORT);
const devices = Number(environment.FLEET_DEVICES);
/**
 * A garbage collection on demand, taken without --expose-gc: that flag puts `gc` into every
 * context made while it is on, where the Espruino context cannot remove it.
 */
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;
v8.setFlagsFromString("--no-expose-gc");
collect();
const before = process.memoryUsage();
const fleet = startFleet({
  board,
  artefact: environment.FLEET_ARTEFACT,
  devices,
  flashRoot: environment.FLEET_FLASH,
  bootSpreadMs: 5000,
  route: () => ({ host: "127.0.0.1", port }),
});
setTimeout(() => {
  process.stdout.write("ready\n");
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  setTimeout(() => {
    const used = process.cpuUsage(cpu);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    collect();
    const after = process.memoryUsage();
    const uncaught = fleet.devices.reduce((sum, device) => sum + device.uncaught().length, 0);
    process.stdout.write(`${JSON.stringify({ seconds, cpuMicroseconds: used.user + used.system, heapBytes: after.heapUsed - before.heapUsed, rssBytes: after.rss - before.rss, uncaught })}\n`);
  }, Number(environment.FLEET_WINDOW_MS));
}, Number(environment.FLEET_WARM_UP_MS));

/**
 * The fleet figure: how many simulated devices one process runs, each booting the real firmware
 * (the default simulator board's Espruino build, every sensor read every second: seven readings a
 * second per device) against the benchmark's broker in its own process. The fleet runs in a
 * child process of its own (tools/bench/fleet-child.ts over hal/sim/fleet.ts, boots spread over a
 * few seconds), so its CPU time and memory are the devices' alone; after a warm-up the child
 * measures a window and prints its CPU time, heap and resident memory, while this process counts
 * the readings the broker delivers to a subscriber in the same window.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import mqtt from "mqtt";
import { BOARDS_FOLDER, loadBoard } from "../build/board";
import { buildFirmware } from "../build/firmware";
import { startScriptChild } from "./child";

/** What one fleet run measured. */
export interface FleetFigures {
  devices: number;
  /** Devices whose status was "online" at the end of the window. */
  online: number;
  /** Readings the subscriber got per second in the window, and what the fleet should send. */
  readingsPerSecond: number;
  expectedPerSecond: number;
  /** CPU time of the fleet's process per device, in µs per second (1,000,000 is one core). */
  cpuMicrosecondsPerDeviceSecond: number;
  /** Heap and resident memory per device, in bytes (the process's, less what it held before any device booted). */
  heapBytesPerDevice: number;
  rssBytesPerDevice: number;
}

/** Seconds the fleet runs before the window, and the window. */
const WARM_UP_SECONDS = 15;
const WINDOW_SECONDS = 20;
/** Quantities of the default simulator board, each read every second here. */
const READINGS_PER_DEVICE_SECOND = 7;

/** Builds the fleet board: the default simulator board with every sensor read every second. */
async function fleetBoard(folder: string): Promise<{ boardFile: string; artefact: string }> {
  const raw = JSON.parse(fs.readFileSync(path.join(BOARDS_FOLDER, "sim-espruino.json"), "utf8")) as { id: string; sensors: { interval: number }[] };
  raw.id = "sim-fleet";
  for (const sensor of raw.sensors) sensor.interval = 1;
  const boardFile = path.join(folder, "sim-fleet.json");
  fs.writeFileSync(boardFile, JSON.stringify(raw));
  const firmware = await buildFirmware(boardFile, folder);
  return { boardFile, artefact: firmware.outFile };
}

/** Runs `devices` simulated devices against the broker on `brokerPort` and measures them (see the module comment). */
export async function measureFleet(brokerPort: number, devices: number): Promise<FleetFigures> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-fleet-"));
  const subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, { clientId: "mote-fleet-counter" });
  try {
    const { boardFile, artefact } = await fleetBoard(folder);
    let readings = 0;
    const online = new Set<string>();
    subscriber.on("message", (topic, payload) => {
      if (topic.endsWith("/status")) {
        if (payload.toString() === "online") online.add(topic);
        else online.delete(topic);
      } else {
        readings++;
      }
    });
    await subscriber.subscribeAsync("mote/#", { qos: 0 });
    const child = await startScriptChild("tools/bench/fleet-child.ts", {
      FLEET_BOARD: JSON.stringify(loadBoard(boardFile)),
      FLEET_ARTEFACT: artefact,
      FLEET_BROKER_PORT: String(brokerPort),
      FLEET_DEVICES: String(devices),
      FLEET_FLASH: path.join(folder, "flash"),
      FLEET_WARM_UP_MS: String(WARM_UP_SECONDS * 1000),
      FLEET_WINDOW_MS: String(WINDOW_SECONDS * 1000),
    });
    try {
      const countedFrom = readings;
      const startedAt = process.hrtime.bigint();
      const result = await child.nextLine();
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const measured = JSON.parse(result) as { seconds: number; cpuMicroseconds: number; heapBytes: number; rssBytes: number; uncaught: number };
      if (measured.uncaught > 0) throw new Error(`the fleet's firmware threw ${measured.uncaught} times`);
      return {
        devices,
        online: online.size,
        readingsPerSecond: (readings - countedFrom) / seconds,
        expectedPerSecond: devices * READINGS_PER_DEVICE_SECOND,
        cpuMicrosecondsPerDeviceSecond: measured.cpuMicroseconds / measured.seconds / devices,
        heapBytesPerDevice: measured.heapBytes / devices,
        rssBytesPerDevice: measured.rssBytes / devices,
      };
    } finally {
      await child.stop();
    }
  } finally {
    await subscriber.endAsync(true);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

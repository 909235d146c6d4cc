/**
 * `npm run bench`: the project's figures beside the reference's, in one run, as a table (or, with
 * `--json`, one JSON document of rows {name, ours, reference, ratio, unit}). Not a test: nothing
 * here passes or fails; the tests assert exact things (allocation is 0), this prints speeds.
 * `--fleet N` sets the fleet figure's device count (1,000 by default).
 */
import { buildDeviceArtefacts } from "./build/artefacts";
import { buildTestBundles } from "../test/runtimes/test-bundles";
import { measureCodecSpeed } from "./bench/codec-speed";
import { ESPRUINO_MQTT_CLIENTS, artefactSizes, firmwareSizes, mqttPacketSize } from "./bench/sizes";
import * as path from "node:path";
import { PROJECT_ROOT } from "./build/project";
import { measureNodeAllocation } from "../test/alloc/measure-node";
import { measureLuaAllocation } from "../test/alloc/measure-lua";
import { nativeLuaAvailable } from "../hal/sim/lua";
import { printRows, Row } from "./bench/table";
import { startBenchBroker } from "./bench/broker";
import { measureEndToEnd } from "./bench/e2e-throughput";
import { measureAllocation } from "./bench/e2e-allocation";
import { measureCoreAllocation } from "./bench/core-allocation";
import { clientRows, ClientFigures } from "./bench/e2e-rows";
import { measureFleet } from "./bench/fleet";
import type { FleetFigures } from "./bench/fleet";

/** Devices in the fleet figure (`--fleet N` changes it). */
const FLEET_DEVICES = fleetSize(process.argv);

/** The `--fleet N` of the command line, or 1,000. */
function fleetSize(argv: string[]): number {
  const at = argv.indexOf("--fleet");
  const size = at < 0 ? 1000 : Number(argv[at + 1]);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--fleet ${argv[at + 1]}: give a number of devices`);
  return size;
}

const ALLOCATION_ITERATIONS = 100000;
const PACKETS = [
  { version: 4, label: "3.1.1 QoS 0 PUBLISH" },
  { version: 5, label: "5.0 QoS 1 PUBLISH, 3 properties" },
];

/**
 * The client figures: end-to-end throughput and allocation through one aedes broker in its own
 * process (started here, stopped when done), and the core's allocation with no I/O.
 */
async function measureClient(): Promise<ClientFigures & { fleet: FleetFigures }> {
  const broker = await startBenchBroker();
  try {
    const throughput = await measureEndToEnd(broker.port);
    const socketAllocation = {
      ours: (await measureAllocation("ours", broker.port)).bytesPerMessage,
      control: (await measureAllocation("raw", broker.port)).bytesPerMessage,
      mqttjs: (await measureAllocation("mqttjs", broker.port)).bytesPerMessage,
    };
    const coreAllocation = await measureCoreAllocation();
    return { throughput, socketAllocation, coreAllocation, fleet: await measureFleet(broker.port, FLEET_DEVICES) };
  } finally {
    await broker.stop();
  }
}

/** The fleet rows (tools/bench/fleet.ts). */
function fleetRows(fleet: FleetFigures): Row[] {
  return [
    { name: `fleet: simulated devices online in one process (Espruino firmware, ${fleet.devices.toLocaleString("en-US")} booted)`, ours: fleet.online, unit: "devices" },
    { name: "fleet: readings the broker delivered per second (7 per device)", ours: fleet.readingsPerSecond, reference: fleet.expectedPerSecond, referenceName: "the schedule's", unit: "readings/s" },
    { name: "fleet: CPU per device (1,000,000 µs/s is one core)", ours: fleet.cpuMicrosecondsPerDeviceSecond, unit: "µs/s" },
    { name: "fleet: heap per device", ours: fleet.heapBytesPerDevice, unit: "bytes" },
    { name: "fleet: resident memory per device", ours: fleet.rssBytesPerDevice, unit: "bytes" },
  ];
}

/** Readings per iteration of the telemetry workload (test/alloc/telemetry-workload.ts). */
const READINGS_PER_TELEMETRY_ITERATION = 4;

/**
 * Bytes allocated per reading by the telemetry loop (read two sensors, format four readings,
 * publish them, keepalive) and per reading cycle of every driver against recorded bus replies,
 * on Node and Lua 5.3: the workloads the allocation tests assert at 0.
 */
async function telemetryAllocationRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const telemetry = await measureNodeAllocation(4, ALLOCATION_ITERATIONS / 10, false, "telemetry");
  rows.push({ name: "bytes allocated per reading, telemetry: read, format, publish (Node)", ours: telemetry.bytesPerIteration / READINGS_PER_TELEMETRY_ITERATION, unit: "B/reading" });
  if (nativeLuaAvailable("lua5.3")) {
    const lua = measureLuaAllocation("lua5.3", 4, ALLOCATION_ITERATIONS / 50, false, "telemetry");
    rows.push({ name: "bytes allocated per reading, telemetry: read, format, publish (Lua 5.3)", ours: lua.bytesPerIteration / READINGS_PER_TELEMETRY_ITERATION, unit: "B/reading" });
  }
  const drivers = await measureNodeAllocation(4, ALLOCATION_ITERATIONS / 10, false, "drivers");
  rows.push({ name: "bytes allocated per reading cycle of every driver, recorded bus replies (Node)", ours: drivers.bytesPerIteration, unit: "B/cycle" });
  if (nativeLuaAvailable("lua5.3")) {
    const lua = measureLuaAllocation("lua5.3", 4, ALLOCATION_ITERATIONS / 50, false, "drivers");
    rows.push({ name: "bytes allocated per reading cycle of every driver, recorded bus replies (Lua 5.3)", ours: lua.bytesPerIteration, unit: "B/cycle" });
  }
  return rows;
}

/** Every row of the benchmark, measured now. */
async function measure(): Promise<Row[]> {
  await buildDeviceArtefacts();
  await buildTestBundles();
  const rows: Row[] = [];
  for (const packet of PACKETS) {
    const speed = await measureCodecSpeed(packet.version);
    rows.push({ name: `encode+decode ${packet.label} (Node)`, ours: speed.ours, reference: speed.reference, unit: "ops/s", referenceName: "mqtt-packet" });
  }
  for (const packet of PACKETS) {
    const node = await measureNodeAllocation(packet.version, ALLOCATION_ITERATIONS, false);
    rows.push({ name: `bytes allocated per message, ${packet.label} (Node)`, ours: node.bytesPerIteration, unit: "B/msg" });
    if (nativeLuaAvailable("lua5.3")) {
      const lua = measureLuaAllocation("lua5.3", packet.version, ALLOCATION_ITERATIONS / 5, false);
      rows.push({ name: `bytes allocated per message, ${packet.label} (Lua 5.3)`, ours: lua.bytesPerIteration, unit: "B/msg" });
    }
  }
  rows.push(...(await telemetryAllocationRows()));
  const client = await measureClient();
  rows.push(...clientRows(client));
  rows.push(...fleetRows(client.fleet));
  const sizes = artefactSizes();
  const reference = await mqttPacketSize();
  rows.push({ name: "Espruino bundle: codec, client, HAL; minified (dist/espruino/mote.js)", ours: sizes.espruino.bytes, reference: reference.bytes, unit: "bytes", referenceName: "mqtt-packet min" });
  rows.push({ name: "Espruino bundle, minified + gzipped", ours: sizes.espruino.gzipBytes, reference: reference.gzipBytes, unit: "bytes", referenceName: "mqtt-packet min+gz" });
  const clients = [
    { label: "Espruino client, MQTT 3.1/3.1.1", file: "dist/espruino/mote-client-311.js", size: sizes.espruinoClient311 },
    { label: "Espruino client, MQTT 3.1/3.1.1 and 5", file: "dist/espruino/mote-client.js", size: sizes.espruinoClient },
  ];
  for (const client of clients) {
    for (const espruinoClient of ESPRUINO_MQTT_CLIENTS) {
      rows.push({ name: `${client.label}; minified (${client.file})`, ours: client.size.bytes, reference: espruinoClient.bytes, unit: "bytes", referenceName: `${espruinoClient.name} min` });
    }
    rows.push({ name: `${client.label}, minified + gzipped`, ours: client.size.gzipBytes, unit: "bytes" });
  }
  rows.push({ name: "Lua bundle: codec, client, HAL (dist/nodemcu/mote.lua)", ours: sizes.nodemcu.bytes, unit: "bytes" });
  rows.push({ name: "Lua bundle, gzipped", ours: sizes.nodemcu.gzipBytes, unit: "bytes" });
  for (const firmware of await firmwareSizes()) {
    const file = path.relative(PROJECT_ROOT, firmware.file);
    rows.push({ name: `firmware for ${firmware.board} (${file})`, ours: firmware.size.bytes, unit: "bytes" });
    rows.push({ name: `firmware for ${firmware.board}, gzipped`, ours: firmware.size.gzipBytes, unit: "bytes" });
  }
  return rows;
}

measure().then(
  (rows) => printRows(rows, process.argv.includes("--json")),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

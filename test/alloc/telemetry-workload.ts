/**
 * The telemetry loop's steady state as an allocation workload, in the subset so the same loop can
 * run on Node and compiled to Lua: a client over a socket that keeps nothing (the wire of the
 * client workload), connected, with telemetry for two sensors (three quantities and one) read
 * every second, and its Home Assistant discovery configs built at setup (the runtime tests read
 * them; the loop does not announce). Each iteration advances the clock one second and polls the telemetry (read both
 * sensors, format four readings as decimal text, publish them at QoS 0) and the client (PINGREQ
 * at each keepalive, answered by the broker's PINGRESP). Everything is made in `newWorkload`;
 * `runWorkload` must not allocate. The telemetry layer is not in the "mote" bundle, so this
 * module takes the core from the source as well: on Lua it carries its own compiled copy. It also
 * lends the runtime tests the fixed-point formatter (`formatReading`).
 */
import type { Platform } from "../../hal/api";
import { newClient, clientConnect, clientPoll } from "../../src/mqtt/client";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client } from "../../src/mqtt/client-state";
import { newEncoder, writeConnack, writePing } from "../../src/mqtt/codec-encode";
import type { Encoder } from "../../src/mqtt/codec-encode";
import type { Bytes } from "../../src/bytes/bytes";
import { Status } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";
import { newTelemetry } from "../../src/telemetry/telemetry-state";
import type { SensorReading, Telemetry } from "../../src/telemetry/telemetry-state";
import { telemetryPoll } from "../../src/telemetry/schedule";
import { fixedPointLength, writeFixedPoint } from "../../src/telemetry/fixed-point";
import { newWire } from "./client-workload";
import type { Wire } from "./client-workload";

const STORE_SIZE = 64;
const KEEP_ALIVE_SECONDS = 60;
const READINGS_PER_ITERATION = 4;

/** Everything the workload touches, made once. */
export interface TelemetryWorkload {
  client: Client;
  telemetry: Telemetry;
  wire: Wire;
  broker: Encoder;
  store: Bytes;
  nowMs: number;
  reads: number;
}

/** Hands the `size` bytes the broker wrote in the workload's store to the client. @hotpath */
function deliver(workload: TelemetryWorkload, size: number): void {
  const events = workload.wire.events;
  if (events !== undefined) {
    events.onData(workload.store, 0, size);
  }
}

/** Makes the workload for MQTT `version` (4 or 5) and brings its client to Connected. Allocates: call once. */
export function newWorkload(platform: Platform, version: number): TelemetryWorkload {
  const wire = newWire();
  const options = defaultClientOptions("broker.local", 1883, "mote-telemetry-workload");
  options.version = version;
  options.keepAliveSeconds = KEEP_ALIVE_SECONDS;
  function ignore(): void {
    return;
  }
  const client = newClient(platform, wire.socket, options, {
    onConnect: ignore,
    onClose: ignore,
    onMessage: ignore,
    onPublished: ignore,
    onSubscribed: ignore,
    onUnsubscribed: ignore,
    onPingResponse: ignore,
    onAuth: ignore,
  });
  /** A reading that changes every time: negative and positive values, 0 to 3 decimals. Never allocates. */
  function readSensor(this: void, sensor: number, reading: SensorReading): void {
    workload.reads = workload.reads + 1;
    const swing = workload.reads % 2000;
    reading.values[0] = sensor === 0 ? swing - 1000 : 2153 + swing;
    reading.decimals[0] = sensor === 0 ? 2 : 3;
    reading.valid[0] = true;
    reading.values[1] = 4000 + swing;
    reading.decimals[1] = 1;
    reading.valid[1] = true;
    reading.values[2] = 1013250 + swing;
    reading.decimals[2] = 0;
    reading.valid[2] = true;
  }
  const workload: TelemetryWorkload = {
    client: client,
    telemetry: newTelemetry(platform, client, {
      prefix: "home/ground",
      deviceId: "00beef",
      sensors: [
        { name: "bme280", intervalSeconds: 1, quantities: [{ name: "temperature" }, { name: "humidity" }, { name: "pressure" }] },
        { name: "ds18b20", intervalSeconds: 1, quantities: [{ name: "temperature" }] },
      ],
      qos: 0,
      pendingCapacity: 8,
      topicStoreSize: 256,
      discovery: { discoveryPrefix: "homeassistant", name: "Kitchen", model: "ESP32 DevKitC", manufacturer: "Espressif" },
      discoveryStoreSize: 2048,
      readSensor: readSensor,
    }),
    wire: wire,
    broker: newEncoder(platform, version),
    store: platform.newBytes(STORE_SIZE),
    nowMs: 0,
    reads: 0,
  };
  clientConnect(client);
  const events = wire.events;
  if (events !== undefined) {
    events.onConnect();
  }
  if (writeConnack(workload.broker, workload.store, 0, STORE_SIZE, false, 0, undefined) === Status.Success) {
    deliver(workload, workload.broker.packetSize);
  }
  return workload;
}

/**
 * Runs `iterations` seconds of telemetry (see the module comment) and returns how many readings
 * were published: READINGS_PER_ITERATION a second when all is well. Never allocates.
 * @hotpath
 */
export function runWorkload(workload: TelemetryWorkload, iterations: number): number {
  const telemetry = workload.telemetry;
  const client = workload.client;
  const before = telemetry.published;
  for (let iteration = 0; iteration < iterations; iteration++) {
    workload.nowMs = workload.nowMs + 1000;
    telemetryPoll(telemetry, workload.nowMs);
    clientPoll(client, workload.nowMs);
    if (client.pingOutstanding && writePing(workload.broker, workload.store, 0, STORE_SIZE, PacketType.Pingresp) === Status.Success) {
      deliver(workload, workload.broker.packetSize);
    }
  }
  return telemetry.published - before;
}

/** What `runWorkload(workload, iterations)` returns when all is well (named as the other workloads', so one meter runs any). */
export function expectedPackets(_workload: TelemetryWorkload, iterations: number): number {
  return iterations * READINGS_PER_ITERATION;
}

/**
 * `value` with `decimals` as decimal text, made with the telemetry formatter (writeFixedPoint),
 * or "" when out of range: for the runtime tests that compare engines. Allocates the store and
 * the string.
 */
export function formatReading(platform: Platform, value: number, decimals: number): string {
  const length = fixedPointLength(value, decimals);
  if (length < 0) {
    return "";
  }
  const store = platform.newBytes(length);
  return platform.readText(store, 0, writeFixedPoint(store, 0, length, value, decimals));
}

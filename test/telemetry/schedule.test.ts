import { afterEach, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import { newClient, clientConnect, clientPoll, clientDisconnect, clientSetWill } from "../../src/mqtt/client";
import { defaultClientOptions, ClientState } from "../../src/mqtt/client-state";
import type { Client } from "../../src/mqtt/client-state";
import { newTelemetry, telemetryWill } from "../../src/telemetry/telemetry-state";
import type { SensorReading, Telemetry, TelemetryOptions } from "../../src/telemetry/telemetry-state";
import { telemetryAnnounce, telemetryPoll, telemetryPublishNow, telemetrySetInterval } from "../../src/telemetry/schedule";
import { TelemetryStatus } from "../../src/telemetry/status";
import type { SensorSpec } from "../../src/telemetry/sensor-spec";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";
import { waitFor } from "../brokers/net-util";
import { clientEvents } from "../client/client-events";

const SENSORS: SensorSpec[] = [
  { name: "bme280", intervalSeconds: 1, quantities: [{ name: "temperature" }, { name: "humidity" }, { name: "pressure" }] },
  { name: "ds18b20", intervalSeconds: 3, quantities: [{ name: "temperature" }] },
];

/** A virtual sensor bank: sensor s reads value (reads so far) * 10 + k with s + 1 decimals; a quantity can be made to fail. */
interface Bank {
  reads: number[];
  failing: number;
  read: (this: void, sensor: number, reading: SensorReading) => void;
}

function newBank(): Bank {
  const bank: Bank = {
    reads: [0, 0],
    failing: -1,
    read: (sensor, reading) => {
      bank.reads[sensor] += 1;
      for (let k = 0; k < SENSORS[sensor].quantities.length; k++) {
        reading.values[k] = bank.reads[sensor] * 10 + k;
        reading.decimals[k] = sensor + 1;
        reading.valid[k] = k !== bank.failing;
      }
    },
  };
  return bank;
}

let port = 1;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** A core client for the broker on `port` (not connected yet) whose queue holds `maximumQueuedMessages`. */
function newCoreClient(maximumQueuedMessages: number): Client {
  const clientOptions = defaultClientOptions("127.0.0.1", port, "mote-telemetry");
  clientOptions.maximumQueuedMessages = maximumQueuedMessages;
  const client = newClient(nodePlatform, newNodeSocket(), clientOptions, clientEvents());
  cleanups.push(() => clientDisconnect(client, false));
  return client;
}

function newSetup(bank: Bank, adjust: (options: TelemetryOptions) => void = () => undefined, maximumQueuedMessages = 64): { client: Client; telemetry: Telemetry } {
  const client = newCoreClient(maximumQueuedMessages);
  const options: TelemetryOptions = {
    prefix: "home",
    deviceId: "00beef",
    sensors: SENSORS,
    qos: 1,
    pendingCapacity: 4,
    topicStoreSize: 512,
    discoveryStoreSize: 4096,
    readSensor: bank.read,
  };
  adjust(options);
  const telemetry = newTelemetry(nodePlatform, client, options);
  expect(telemetry.status).toBe(TelemetryStatus.Success);
  return { client, telemetry };
}

/** A subscriber on the broker that records "topic=payload" for every message, and retained ones apart. */
async function subscriber(broker: RunningAedes, filter: string): Promise<{ client: MqttClient; seen: string[]; retained: Map<string, string> }> {
  const { client } = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`);
  const seen: string[] = [];
  const retained = new Map<string, string>();
  client.on("message", (topic, payload, packet) => {
    if (packet.retain) {
      retained.set(topic, payload.toString("utf8"));
    } else {
      seen.push(`${topic}=${payload.toString("utf8")}`);
    }
  });
  await client.subscribeAsync(filter, { qos: 1 });
  cleanups.push(() => client.endAsync());
  return { client, seen, retained };
}

describe("telemetry schedule", () => {
  it("reads every sensor on the first poll, then each at its own interval", () => {
    const bank = newBank();
    const { telemetry } = newSetup(bank);
    telemetryPoll(telemetry, 5000);
    expect(bank.reads).toEqual([1, 1]);
    telemetryPoll(telemetry, 5999);
    expect(bank.reads).toEqual([1, 1]);
    telemetryPoll(telemetry, 6000);
    expect(bank.reads).toEqual([2, 1]);
    telemetryPoll(telemetry, 8000);
    expect(bank.reads).toEqual([3, 2]);
    expect(telemetry.published).toBe(4 * 2 + 3);
  });

  it("leaves a due sensor due while prepareSensor says it is still measuring, then reads it once", () => {
    const bank = newBank();
    const asked: [number, number][] = [];
    const readyAt = [5000, 5750];
    const { telemetry } = newSetup(bank, (options) => {
      options.prepareSensor = (sensor, nowMs) => {
        asked.push([sensor, nowMs]);
        return nowMs >= readyAt[sensor];
      };
    });
    telemetryPoll(telemetry, 5000);
    expect(bank.reads).toEqual([1, 0]);
    telemetryPoll(telemetry, 5500);
    expect(bank.reads).toEqual([1, 0]);
    telemetryPoll(telemetry, 5750);
    expect(bank.reads).toEqual([1, 1]);
    expect(asked).toEqual([
      [0, 5000],
      [1, 5000],
      [1, 5500],
      [1, 5750],
    ]);
    expect(telemetry.nextDueMs).toEqual([6000, 8000]);
    expect(telemetry.readErrors).toBe(0);
  });

  it("keeps each sensor's period when polls come late, and starts afresh after a stall or a publish-now", () => {
    const bank = newBank();
    const { telemetry } = newSetup(bank);
    telemetryPoll(telemetry, 1000);
    telemetryPoll(telemetry, 2090);
    expect(telemetry.nextDueMs[0]).toBe(3000);
    telemetryPoll(telemetry, 3050);
    expect(telemetry.nextDueMs[0]).toBe(4000);
    telemetryPoll(telemetry, 9000);
    expect(telemetry.nextDueMs[0]).toBe(10000);
    telemetryPublishNow(telemetry, 1);
    telemetryPoll(telemetry, 9500);
    expect(telemetry.nextDueMs[1]).toBe(12500);
    expect(bank.reads).toEqual([4, 3]);
  });

  it("counts a failed quantity and publishes the others", () => {
    const bank = newBank();
    bank.failing = 1;
    const { telemetry } = newSetup(bank);
    telemetryPoll(telemetry, 0);
    expect(telemetry.readErrors).toBe(1);
    expect(telemetry.published).toBe(3);
  });

  it("publishes now on request, for one sensor or all, and refuses an unknown sensor", () => {
    const bank = newBank();
    const { telemetry } = newSetup(bank);
    telemetryPoll(telemetry, 0);
    expect(telemetryPublishNow(telemetry, 1)).toBe(TelemetryStatus.Success);
    telemetryPoll(telemetry, 10);
    expect(bank.reads).toEqual([1, 2]);
    expect(telemetryPublishNow(telemetry, -1)).toBe(TelemetryStatus.Success);
    telemetryPoll(telemetry, 20);
    expect(bank.reads).toEqual([2, 3]);
    expect(telemetryPublishNow(telemetry, 2)).toBe(TelemetryStatus.UnknownSensor);
    expect(telemetryPublishNow(telemetry, -2)).toBe(TelemetryStatus.UnknownSensor);
  });

  it("moves a sensor's next reading when its interval changes, and refuses bad intervals", () => {
    const bank = newBank();
    const { telemetry } = newSetup(bank);
    telemetryPoll(telemetry, 0);
    expect(telemetrySetInterval(telemetry, 1, 10)).toBe(TelemetryStatus.Success);
    telemetryPoll(telemetry, 9999);
    expect(bank.reads[1]).toBe(1);
    telemetryPoll(telemetry, 10000);
    expect(bank.reads[1]).toBe(2);
    expect(telemetrySetInterval(telemetry, 1, 0)).toBe(TelemetryStatus.BadInterval);
    expect(telemetrySetInterval(telemetry, 1, 1.5)).toBe(TelemetryStatus.BadInterval);
    expect(telemetrySetInterval(telemetry, 1, 86401)).toBe(TelemetryStatus.BadInterval);
    expect(telemetrySetInterval(telemetry, 5, 10)).toBe(TelemetryStatus.UnknownSensor);
    expect(telemetry.intervalsMs[1]).toBe(10000);
  });

  it("refuses a sensor interval that is not whole seconds at setup", () => {
    const bank = newBank();
    const telemetry = newTelemetry(nodePlatform, newCoreClient(8), {
      prefix: "home",
      deviceId: "d",
      sensors: [{ name: "s", intervalSeconds: 0, quantities: [{ name: "t" }] }],
      qos: 0,
      pendingCapacity: 1,
      topicStoreSize: 256,
      discoveryStoreSize: 0,
      readSensor: bank.read,
    });
    expect(telemetry.status).toBe(TelemetryStatus.BadInterval);
    telemetryPoll(telemetry, 0);
    expect(bank.reads).toEqual([0, 0]);
  });
});

describe("telemetry through a real broker", () => {
  it("keeps readings while the client's queue is full and sends them all, in order, once connected", async () => {
    const broker = await startAedes({ version: 1 });
    cleanups.push(() => broker.close());
    port = broker.port;
    const watcher = await subscriber(broker, "home/#");
    const bank = newBank();
    const { client, telemetry } = newSetup(bank, () => undefined, 2);
    // Not connected: the client's queue takes 2 messages, the telemetry keeps up to 4 more.
    telemetryPoll(telemetry, 0);
    expect(telemetry.pendingCount).toBe(2);
    telemetryPoll(telemetry, 1000);
    expect(telemetry.pendingCount).toBe(2);
    expect(telemetry.readsPutOff).toBe(1);
    telemetryPoll(telemetry, 3000);
    expect(bank.reads).toEqual([1, 2]);
    expect(telemetry.pendingCount).toBe(3);
    clientConnect(client);
    let now = 3000;
    const tick = setInterval(() => {
      clientPoll(client, nodePlatform.nowMs());
      if (client.state === ClientState.Connected) {
        telemetryPoll(telemetry, now);
      }
    }, 5);
    cleanups.push(() => clearInterval(tick));
    await waitFor(() => watcher.seen.length >= 5 && bank.reads[0] === 2, "the kept readings, and the put-off read");
    now = 4000;
    await waitFor(() => watcher.seen.length >= 11, "the next readings");
    expect(watcher.seen.slice(0, 5)).toEqual([
      "home/00beef/bme280/temperature=1.0",
      "home/00beef/bme280/humidity=1.1",
      "home/00beef/bme280/pressure=1.2",
      "home/00beef/ds18b20/temperature=0.10",
      "home/00beef/ds18b20/temperature=0.20",
    ]);
    expect(watcher.seen.slice(5, 11)).toEqual([
      "home/00beef/bme280/temperature=2.0",
      "home/00beef/bme280/humidity=2.1",
      "home/00beef/bme280/pressure=2.2",
      "home/00beef/bme280/temperature=3.0",
      "home/00beef/bme280/humidity=3.1",
      "home/00beef/bme280/pressure=3.2",
    ]);
    expect(bank.reads).toEqual([3, 2]);
    expect(telemetry.pendingCount).toBe(0);
    expect(telemetry.refused).toBe(0);
  });

  it("announces the retained status and discovery configs after connecting, and its will turns the status offline", async () => {
    const broker = await startAedes({ version: 1 });
    cleanups.push(() => broker.close());
    port = broker.port;
    const bank = newBank();
    const { client, telemetry } = newSetup(bank, (options) => {
      options.discovery = { discoveryPrefix: "homeassistant", name: "Kitchen", model: "ESP32", manufacturer: "Espressif" };
    }, 3);
    clientSetWill(client, telemetryWill(telemetry));
    clientConnect(client);
    telemetryAnnounce(telemetry);
    const tick = setInterval(() => {
      clientPoll(client, nodePlatform.nowMs());
      if (client.state === ClientState.Connected) {
        telemetryPoll(telemetry, 0);
      }
    }, 5);
    cleanups.push(() => clearInterval(tick));
    await waitFor(() => telemetry.announceNext === -1 && telemetry.pendingCount === 0, "the announcements");
    const watcher = await subscriber(broker, "#");
    await waitFor(() => watcher.retained.size >= 5, "the retained messages");
    expect(watcher.retained.get("home/00beef/status")).toBe("online");
    const config = JSON.parse(watcher.retained.get("homeassistant/sensor/00beef_ds18b20_temperature/config") ?? "{}");
    expect(config).toMatchObject({ unique_id: "00beef_ds18b20_temperature", state_topic: "home/00beef/ds18b20/temperature", unit_of_measurement: "°C" });
    expect(bank.reads).toEqual([1, 1]);
    clearInterval(tick);
    const connection = (broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> }).clients["mote-telemetry"];
    connection.conn.destroy();
    await waitFor(() => watcher.seen.includes("home/00beef/status=offline") || watcher.retained.get("home/00beef/status") === "offline", "the will");
  });
});

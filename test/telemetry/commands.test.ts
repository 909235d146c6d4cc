import { afterEach, describe, expect, it } from "vitest";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import { newClient, clientConnect, clientPoll, clientDisconnect } from "../../src/mqtt/client";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import { defaultClientOptions, ClientState } from "../../src/mqtt/client-state";
import type { Client } from "../../src/mqtt/client-state";
import { newEncoder, writePublish } from "../../src/mqtt/codec-encode";
import { newDecoder, decodePacket } from "../../src/mqtt/codec-decode";
import type { PacketView } from "../../src/mqtt/codec-decode";
import { Status } from "../../src/mqtt/status";
import { newTelemetry, TelemetryCommand } from "../../src/telemetry/telemetry-state";
import type { SensorReading, Telemetry } from "../../src/telemetry/telemetry-state";
import { telemetryCommand, telemetryAnswer } from "../../src/telemetry/commands";
import { telemetryPoll } from "../../src/telemetry/schedule";
import { TelemetryStatus } from "../../src/telemetry/status";
import type { SensorSpec } from "../../src/telemetry/sensor-spec";
import { startAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";
import { waitFor } from "../brokers/net-util";
import { clientEvents } from "../client/client-events";

const SENSORS: SensorSpec[] = [
  { name: "bme280", intervalSeconds: 30, quantities: [{ name: "temperature" }, { name: "humidity" }] },
  { name: "ds18b20", intervalSeconds: 60, quantities: [{ name: "temperature" }] },
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

function readNothing(this: void, _sensor: number, reading: SensorReading): void {
  reading.valid[0] = false;
}

function newCoreClient(port: number, version: number, onMessage: (view: PacketView) => void, onSubscribed: () => void = () => undefined): Client {
  const options = defaultClientOptions("127.0.0.1", port, `mote-commands-${version}`);
  options.version = version;
  const client = newClient(nodePlatform, newNodeSocket(), options, clientEvents({
    onMessage: onMessage,
    onSubscribed: onSubscribed,
  }));
  cleanups.push(() => clientDisconnect(client, false));
  return client;
}

function newDevice(client: Client): Telemetry {
  const telemetry = newTelemetry(nodePlatform, client, {
    prefix: "home",
    deviceId: "00beef",
    sensors: SENSORS,
    qos: 0,
    pendingCapacity: 4,
    topicStoreSize: 512,
    discoveryStoreSize: 0,
    readSensor: readNothing,
  });
  expect(telemetry.status).toBe(TelemetryStatus.Success);
  return telemetry;
}

/** A PUBLISH of `payload` on `topic` as the client's decoder would hand it over. */
function received(topic: string, payload: string): PacketView {
  const store = new Uint8Array(512);
  const encoder = newEncoder(nodePlatform, 4);
  const info = { topic, qos: 0, retain: false, dup: false, packetId: 0, payload, payloadOffset: 0, payloadLength: 0, properties: undefined };
  expect(writePublish(encoder, store, 0, store.length, info)).toBe(Status.Success);
  const decoder = newDecoder(4, store);
  expect(decodePacket(decoder, store, 0, encoder.packetSize)).toBe(Status.Success);
  return decoder.view;
}

interface Outcome {
  status: TelemetryStatus;
  reply: string;
  command: TelemetryCommand;
}

function run(telemetry: Telemetry, topic: string, payload: string, replySize = 200): Outcome {
  const store = new Uint8Array(replySize + 8).fill(0x7e);
  const status = telemetryCommand(telemetry, received(topic, payload), store, 4, 4 + replySize);
  const reply = telemetry.replyLength < 0 ? "<no room>" : Buffer.from(store.subarray(4, 4 + telemetry.replyLength)).toString("utf8");
  expect(store[3]).toBe(0x7e);
  expect(store[4 + replySize]).toBe(0x7e);
  return { status, reply, command: telemetry.command };
}

describe("telemetry commands", () => {
  const telemetry = (): Telemetry => newDevice(newCoreClient(1, 4, () => undefined));

  it("sets a sensor's interval", () => {
    const device = telemetry();
    expect(run(device, "home/00beef/cmd/interval", "ds18b20 120")).toEqual({ status: TelemetryStatus.Success, reply: "ok interval ds18b20 120", command: TelemetryCommand.Interval });
    expect(device.intervalsMs).toEqual([30000, 120000]);
    expect(run(device, "home/00beef/cmd/interval", "  bme280\t5\r\n").reply).toBe("ok interval bme280 5");
    expect(device.intervalsMs).toEqual([5000, 120000]);
  });

  it.each([
    ["", TelemetryStatus.BadArgument, "error BadArgument: usage: interval <sensor> <seconds>"],
    ["bme280", TelemetryStatus.BadArgument, "error BadArgument: usage: interval <sensor> <seconds>"],
    ["bme280 5 6", TelemetryStatus.BadArgument, "error BadArgument: usage: interval <sensor> <seconds>"],
    ["sht31 5", TelemetryStatus.UnknownSensor, "error UnknownSensor: sht31"],
    ["bme280 0", TelemetryStatus.BadInterval, "error BadInterval: seconds must be a whole number from 1 to 86400"],
    ["bme280 86401", TelemetryStatus.BadInterval, "error BadInterval: seconds must be a whole number from 1 to 86400"],
    ["bme280 1.5", TelemetryStatus.BadInterval, "error BadInterval: seconds must be a whole number from 1 to 86400"],
    ["bme280 -5", TelemetryStatus.BadInterval, "error BadInterval: seconds must be a whole number from 1 to 86400"],
    ["bme280 99999999999999999999", TelemetryStatus.BadInterval, "error BadInterval: seconds must be a whole number from 1 to 86400"],
  ])("refuses interval %j, changing nothing", (payload, status, reply) => {
    const device = telemetry();
    const outcome = run(device, "home/00beef/cmd/interval", payload);
    expect(outcome.status).toBe(status);
    expect(outcome.reply).toBe(reply);
    expect(device.intervalsMs).toEqual([30000, 60000]);
  });

  it("asks for one sensor or all to publish now", () => {
    const device = telemetry();
    expect(run(device, "home/00beef/cmd/publish-now", "")).toMatchObject({ status: TelemetryStatus.Success, reply: "ok publish-now all" });
    expect(device.publishNow).toEqual([true, true]);
    device.publishNow.fill(false);
    expect(run(device, "home/00beef/cmd/publish-now", "ds18b20").reply).toBe("ok publish-now ds18b20");
    expect(device.publishNow).toEqual([false, true]);
    expect(run(device, "home/00beef/cmd/publish-now", "nope")).toMatchObject({ status: TelemetryStatus.UnknownSensor, reply: "error UnknownSensor: nope" });
    expect(run(device, "home/00beef/cmd/publish-now", "a b").status).toBe(TelemetryStatus.BadArgument);
  });

  it("reports reboot for the caller to carry out, and status with the counters", () => {
    const device = telemetry();
    expect(run(device, "home/00beef/cmd/reboot", "")).toEqual({ status: TelemetryStatus.Success, reply: "ok reboot", command: TelemetryCommand.Reboot });
    expect(run(device, "home/00beef/cmd/reboot", "now")).toMatchObject({ status: TelemetryStatus.BadArgument, reply: "error BadArgument: usage: reboot" });
    telemetryPoll(device, 0);
    expect(run(device, "home/00beef/cmd/status", "")).toEqual({
      status: TelemetryStatus.Success,
      reply: "ok status sensors 2 published 0 waiting 0 deferred 0 put-off 0 read-errors 3 refused 0",
      command: TelemetryCommand.Status,
    });
  });

  it("answers an unknown command with an error naming it", () => {
    const device = telemetry();
    expect(run(device, "home/00beef/cmd/format-flash", "")).toEqual({ status: TelemetryStatus.UnknownCommand, reply: "error UnknownCommand: format-flash", command: TelemetryCommand.None });
  });

  it.each(["home/00beef/cmd/", "home/00beef/cmd/interval/x", "home/00beef/status", "home/other/cmd/reboot", "home/00beef/cmdx/reboot", "x"])(
    "leaves %j alone: not a command",
    (topic) => {
      const outcome = run(telemetry(), topic, "bme280 5");
      expect(outcome.status).toBe(TelemetryStatus.NotACommand);
      expect(outcome.reply).toBe("");
    },
  );

  it("says when the reply does not fit, and writes nothing past the end", () => {
    const device = telemetry();
    const outcome = run(device, "home/00beef/cmd/interval", "ds18b20 120", 10);
    expect(outcome.status).toBe(TelemetryStatus.Success);
    expect(outcome.reply).toBe("<no room>");
    expect(device.intervalsMs[1]).toBe(120000);
  });
});

describe("telemetry commands through a real MQTT 5 broker", () => {
  it("answers on the request's response topic with its correlation data", async () => {
    const broker = await startAedes({ version: 2 });
    cleanups.push(() => broker.close());
    const reply = new Uint8Array(128);
    let device: Telemetry | undefined;
    const answers: Status[] = [];
    let subscribed = false;
    const client = newCoreClient(
      broker.port,
      5,
      (view) => {
        if (device !== undefined && telemetryCommand(device, view, reply, 0, reply.length) !== TelemetryStatus.NotACommand) {
          answers.push(telemetryAnswer(device, view, 1));
        }
      },
      () => {
        subscribed = true;
      },
    );
    device = newDevice(client);
    clientConnect(client);
    const tick = setInterval(() => clientPoll(client, nodePlatform.nowMs()), 5);
    cleanups.push(() => clearInterval(tick));
    await waitFor(() => client.state === ClientState.Connected, "CONNACK");
    expect(clientSubscribe(client, device.commandFilter, 1, false, false, 0, undefined)).toBe(Status.Success);
    const { client: requester } = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
    cleanups.push(() => requester.endAsync());
    const replies: { payload: string; correlation: string }[] = [];
    requester.on("message", (_topic, payload, packet) => {
      replies.push({ payload: payload.toString("utf8"), correlation: Buffer.from(packet.properties?.correlationData ?? []).toString("utf8") });
    });
    await requester.subscribeAsync("replies/mote", { qos: 1 });
    await waitFor(() => subscribed, "the SUBACK");
    await requester.publishAsync("home/00beef/cmd/interval", "ds18b20 15", { qos: 1, properties: { responseTopic: "replies/mote", correlationData: Buffer.from("req-1") } });
    await requester.publishAsync("home/00beef/cmd/interval", "nope 15", { qos: 1, properties: { responseTopic: "replies/mote", correlationData: Buffer.from("req-2") } });
    await waitFor(() => replies.length >= 2, "both replies");
    expect(replies).toEqual([
      { payload: "ok interval ds18b20 15", correlation: "req-1" },
      { payload: "error UnknownSensor: nope", correlation: "req-2" },
    ]);
    expect(answers).toEqual([Status.Success, Status.Success]);
    expect(device.intervalsMs[1]).toBe(15000);
  });
});

/**
 * What the end-to-end tests run a firmware in: a simulator board's firmware (built for a shipped
 * board, or for a changed copy of one in a temporary folder) booted on simulated devices
 * (hal/sim/fleet.ts) against a real aedes broker on 127.0.0.1, with a subscriber that records
 * every message and every retained one, a console to type on, and a broker that can be
 * restarted on its port with its persistence kept (as a broker with a disk would).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { MqttClient } from "mqtt";
import { BOARDS_FOLDER, loadBoard, parseBoard } from "../../tools/build/board";
import type { Board } from "../../tools/build/board";
import { buildFirmware, firmwareFile } from "../../tools/build/firmware";
import { startFleet } from "../../hal/sim/fleet";
import type { Fleet, SimulatedDevice } from "../../hal/sim/fleet";
import type { NetworkConditions } from "../../hal/sim/network-conditions";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";
import { waitFor } from "../brokers/net-util";

/** One message as the subscriber saw it. */
export interface Seen {
  topic: string;
  payload: string;
  retain: boolean;
}

/** What a rig is made from. */
export interface RigOptions {
  /** A shipped board's id. */
  board: string;
  /** Changes to the board file before building (then the firmware is built into a temporary folder). */
  edit?: (board: Record<string, any>) => void;
  /** 1: aedes 1.2 (MQTT 3.1.1); 2: aedes 2 (MQTT 5 too). */
  brokerVersion: 1 | 2;
  devices?: number;
  network?: Partial<NetworkConditions>;
}

/** A running rig. */
export interface Rig {
  board: Board;
  fleet: Fleet;
  device: SimulatedDevice;
  /** Device 0's flash folder. */
  flashFolder: string;
  broker(): RunningAedes;
  subscriber: MqttClient;
  /** Every message the subscriber got, in order, and the last payload of each topic. */
  seen: Seen[];
  last: Map<string, string>;
  /** What a subscriber that comes now finds retained under `filter`: topic -> payload. */
  retainedNow(filter: string): Promise<Map<string, string>>;
  /** Payloads on `topic` in arrival order (retained ones left out). */
  payloads(topic: string): string[];
  /** Types `line` and a CR on device 0's console; resolves with what the device wrote until its next prompt. */
  command(line: string): Promise<string>;
  /** Stops the broker and starts a new one on the same port with the same persistence. */
  restartBroker(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the firmware of the rig's board (changed by `edit` when given) and returns the board and the file. */
async function firmwareOf(options: RigOptions): Promise<{ board: Board; artefact: string }> {
  if (options.edit === undefined) {
    const board = loadBoard(options.board);
    return { board, artefact: firmwareFile(board) };
  }
  const raw = JSON.parse(fs.readFileSync(path.join(BOARDS_FOLDER, `${options.board}.json`), "utf8")) as Record<string, any>;
  options.edit(raw);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-rig-"));
  const file = path.join(folder, `${raw.id as string}.json`);
  fs.writeFileSync(file, JSON.stringify(raw));
  const firmware = await buildFirmware(file, folder);
  return { board: parseBoard(JSON.stringify(raw), file), artefact: firmware.outFile };
}

/** Starts a rig (see the module comment): broker, recording subscriber, then the devices. */
export async function startRig(options: RigOptions): Promise<Rig> {
  const { board, artefact } = await firmwareOf(options);
  let broker = await startAedes({ version: options.brokerVersion });
  const persistence = (broker.broker as unknown as { persistence: unknown }).persistence;
  const port = broker.port;
  const { client: subscriber } = await connectMqtt(`mqtt://127.0.0.1:${port}`, {
    clientId: "mote-e2e-watcher",
    clean: false,
    reconnectPeriod: 100,
    protocolVersion: options.brokerVersion === 2 ? 5 : 4,
  });
  const seen: Seen[] = [];
  const last = new Map<string, string>();
  subscriber.on("message", (topic, payload, packet) => {
    const text = payload.toString("utf8");
    seen.push({ topic, payload: text, retain: packet.retain });
    last.set(topic, text);
  });
  await subscriber.subscribeAsync("#", { qos: 1 });
  const flashRoot = fs.mkdtempSync(path.join(os.tmpdir(), "mote-rig-flash-"));
  const fleet = startFleet({
    board,
    artefact,
    devices: options.devices ?? 1,
    flashRoot,
    route: (host, asked) => (host === board.mqtt.host && asked === board.mqtt.port ? { host: "127.0.0.1", port } : { host, port: asked }),
    network: options.network,
  });
  const device = fleet.devices[0];
  return {
    board,
    fleet,
    device,
    flashFolder: path.join(flashRoot, String(device.serialNumber)),
    broker: () => broker,
    subscriber,
    seen,
    last,
    retainedNow: async (filter) => {
      const { client } = await connectMqtt(`mqtt://127.0.0.1:${port}`, { protocolVersion: options.brokerVersion === 2 ? 5 : 4 });
      const found = new Map<string, string>();
      client.on("message", (topic, payload, packet) => {
        if (packet.retain) found.set(topic, payload.toString("utf8"));
      });
      await client.subscribeAsync(filter, { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.endAsync(true);
      return found;
    },
    payloads: (topic) => seen.filter((message) => message.topic === topic && !message.retain).map((message) => message.payload),
    command: async (line) => {
      const before = device.output().length;
      device.type(`${line}\r`);
      await waitFor(() => device.output().slice(before).includes("\r\n> "), `the console's answer to ${line}`, 15000);
      return device.output().slice(before);
    },
    restartBroker: async (downMs) => {
      await broker.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      broker = await startAedes({ version: options.brokerVersion, aedes: { persistence } as never, port });
    },
    stop: async () => {
      fleet.stop();
      await subscriber.endAsync(true);
      await broker.close();
      fs.rmSync(flashRoot, { recursive: true, force: true });
    },
  };
}

/** The `readings: N published, M waiting, F failed reads` counters of a `status` answer. */
export function readingCounters(status: string): { published: number; waiting: number; failed: number } {
  const match = /readings: (\d+) published, (\d+) waiting, (\d+) failed reads/.exec(status);
  if (match === null) throw new Error(`no readings line in: ${status}`);
  return { published: Number(match[1]), waiting: Number(match[2]), failed: Number(match[3]) };
}

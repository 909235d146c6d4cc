/**
 * What the device host tests share: aedes on 127.0.0.1 for the file's tests, a folder holding the
 * application written as an artefact and the devices' flash folders, clean-ups run after each test,
 * and an MQTT.js subscriber recording what the devices publish.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";

/** The rig of one test file (ready from `beforeAll` on). */
export interface DeviceRig {
  readonly broker: RunningAedes;
  /** The application's artefact file. */
  readonly artefact: string;
  /** Runs `cleanup` after the current test (clean-ups run last first). */
  afterTest(cleanup: () => void | Promise<void>): void;
  /** A new empty folder for a device's flash. */
  newFlash(): string;
  /** An MQTT.js subscriber to `filter` (QoS 1), recording "topic payload" lines; ended after the test. */
  subscriber(filter: string): Promise<string[]>;
}

/**
 * Registers the file's hooks and returns its rig: the broker started, `application(port)` written
 * to `artefactName` in a fresh folder; both gone after the file's tests.
 */
export function deviceRig(artefactName: string, application: (port: number) => string): DeviceRig {
  let broker: RunningAedes | undefined;
  let folder = "";
  const cleanups: (() => void | Promise<void>)[] = [];
  beforeAll(async () => {
    broker = await startAedes({ version: 1 });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-device-"));
    fs.writeFileSync(path.join(folder, artefactName), application(broker.port));
  });
  afterAll(async () => {
    await broker?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const rig: DeviceRig = {
    get broker() {
      return broker as RunningAedes;
    },
    get artefact() {
      return path.join(folder, artefactName);
    },
    afterTest: (cleanup) => void cleanups.push(cleanup),
    newFlash: () => fs.mkdtempSync(path.join(folder, "flash-")),
    subscriber: async (filter) => {
      const { client } = await connectMqtt(`mqtt://127.0.0.1:${rig.broker.port}`, { protocolVersion: 4 });
      rig.afterTest(() => void client.end(true));
      const received: string[] = [];
      client.on("message", (topic, payload) => received.push(`${topic} ${payload.toString("latin1")}`));
      await client.subscribeAsync(filter, { qos: 1 });
      return received;
    },
  };
  return rig;
}

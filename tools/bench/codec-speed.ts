/**
 * Encode+decode speed of one PUBLISH, ours against mqtt-packet, for the benchmark's two packets:
 * a 3.1.1 QoS 0 PUBLISH and a 5.0 QoS 1 PUBLISH with three properties, both on the topic
 * home/ground/livingroom/temperature with a 32-byte payload.
 *
 * Both run in a child Node process from one esbuild bundle, as our code ships: bundled, so the
 * const enums and build-time switches are inlined (a per-file transform such as tsx's leaves them
 * as object lookups and variable reads).
 */
import { runBundledChild } from "./child";

/** Both figures for one packet, in operations per second. */
export interface SpeedFigures {
  ours: number;
  reference: number;
}

/** The child's program: times our round trip, then mqtt-packet's on the same PUBLISH. */
const CHILD_SOURCE = `
import mqttPacket from "mqtt-packet";
import { nodePlatform } from "./hal/sim/node-platform";
import { newWorkload, runPublishes } from "./test/alloc/workload";
import { operationsPerSecond } from "./tools/bench/rounds";

const version = Number(process.env.MOTE_VERSION);
const workload = newWorkload(nodePlatform, version);
const ours = operationsPerSecond((count) => {
  if (runPublishes(workload, count) !== count) throw new Error("our codec failed a round trip");
});

const payload = Buffer.alloc(32);
for (let index = 0; index < 32; index++) payload[index] = 0x30 + (index % 10);
const isVersion5 = version === 5;
const packet = {
  cmd: "publish",
  topic: "home/ground/livingroom/temperature",
  payload,
  qos: isVersion5 ? 1 : 0,
  dup: false,
  retain: false,
  messageId: 1,
  properties: isVersion5 ? { payloadFormatIndicator: true, messageExpiryInterval: 3600, contentType: "text/plain" } : undefined,
};
const parser = mqttPacket.parser({ protocolVersion: version });
let parsed = 0;
parser.on("packet", () => { parsed = parsed + 1; });
const reference = operationsPerSecond((count) => {
  parsed = 0;
  for (let index = 0; index < count; index++) {
    packet.messageId = (index % 65535) + 1;
    parser.parse(mqttPacket.generate(packet, { protocolVersion: version }));
  }
  if (parsed !== count) throw new Error("mqtt-packet failed a round trip");
});
process.stdout.write(JSON.stringify({ ours, reference }));
`;

/** Measures encode+decode operations per second for protocol `version`, ours and mqtt-packet's, in a child process. */
export async function measureCodecSpeed(version: number): Promise<SpeedFigures> {
  const printed = await runBundledChild(CHILD_SOURCE, { MOTE_VERSION: String(version) }, []);
  return JSON.parse(printed) as SpeedFigures;
}

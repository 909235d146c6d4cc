/**
 * Encode+decode speed of one PUBLISH, ours against mqtt-packet, for the benchmark's two packets:
 * a 3.1.1 QoS 0 PUBLISH and a 5.0 QoS 1 PUBLISH with three properties, both on the topic
 * home/ground/livingroom/temperature with a 32-byte payload.
 */
import mqttPacket from "mqtt-packet";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newWorkload, runPublishes } from "../../test/alloc/workload";
import { operationsPerSecond } from "./rounds";

/** Both figures for one packet. */
export interface SpeedFigures {
  ours: number;
  reference: number;
}

/** The same PUBLISH as test/alloc/workload.ts builds, as mqtt-packet describes it. */
function referencePacket(version: number): mqttPacket.IPublishPacket {
  const payload = Buffer.alloc(32);
  for (let index = 0; index < 32; index++) payload[index] = 0x30 + (index % 10);
  const isVersion5 = version === 5;
  return {
    cmd: "publish",
    topic: "home/ground/livingroom/temperature",
    payload,
    qos: isVersion5 ? 1 : 0,
    dup: false,
    retain: false,
    messageId: 1,
    properties: isVersion5 ? { payloadFormatIndicator: true, messageExpiryInterval: 3600, contentType: "text/plain" } : undefined,
  };
}

/** Measures encode+decode operations per second for protocol `version`, ours and mqtt-packet's. */
export function measureCodecSpeed(version: number): SpeedFigures {
  const workload = newWorkload(nodePlatform, version);
  const ours = operationsPerSecond((count) => {
    if (runPublishes(workload, count) !== count) throw new Error("our codec failed a round trip");
  });
  const packet = referencePacket(version);
  const parser = mqttPacket.parser({ protocolVersion: version });
  let parsed = 0;
  parser.on("packet", () => {
    parsed = parsed + 1;
  });
  const reference = operationsPerSecond((count) => {
    parsed = 0;
    for (let index = 0; index < count; index++) {
      packet.messageId = (index % 65535) + 1;
      parser.parse(mqttPacket.generate(packet, { protocolVersion: version }));
    }
    if (parsed !== count) throw new Error("mqtt-packet failed a round trip");
  });
  return { ours, reference };
}

/**
 * The hot-path workloads that the allocation tests and the benchmark measure, in the subset so
 * the very same loop runs on Node and, compiled to Lua, on the Lua bundle: encode a PUBLISH into a
 * store, feed those bytes to the stream decoder, and answer with an ack; PINGREQ/PINGRESP too.
 * Everything is created in `newWorkload`; `runWorkload` must not allocate.
 */
import type { Platform } from "../../hal/api";
import { newEncoder, writePublish, writeAck, writePing, newStreamDecoder, feedStream } from "mote";
import type { Bytes, Encoder, PublishInfo, StreamDecoder } from "mote";
import { Status } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";

/** The benchmark's topic (DESIGN.md's example) and payload size. */
const TOPIC = "home/ground/livingroom/temperature";
const PAYLOAD_LENGTH = 32;
const STORE_SIZE = 256;

/** Everything one workload touches, made once. */
export interface Workload {
  encoder: Encoder;
  stream: StreamDecoder;
  store: Bytes;
  publish: PublishInfo;
}

/**
 * Makes a workload: `version` 4 sends a QoS 0 PUBLISH; `version` 5 a QoS 1 PUBLISH with three
 * properties (payload format, message expiry, content type) answered by a PUBACK.
 */
export function newWorkload(platform: Platform, version: number): Workload {
  const payload = platform.newBytes(PAYLOAD_LENGTH);
  for (let index = 0; index < PAYLOAD_LENGTH; index++) {
    payload[index] = 0x30 + (index % 10);
  }
  const isVersion5 = version === 5;
  return {
    encoder: newEncoder(platform, version),
    stream: newStreamDecoder(platform, version, STORE_SIZE),
    store: platform.newBytes(STORE_SIZE),
    publish: {
      topic: TOPIC,
      qos: isVersion5 ? 1 : 0,
      retain: false,
      dup: false,
      packetId: 1,
      payload: payload,
      payloadOffset: 0,
      payloadLength: PAYLOAD_LENGTH,
      properties: isVersion5 ? { payloadFormatIndicator: 1, messageExpiryInterval: 3600, contentType: "text/plain" } : undefined,
    },
  };
}

/** Feeds the packet in the workload's store to its stream decoder; true when it decoded. @hotpath */
function roundTrip(workload: Workload): boolean {
  const stream = workload.stream;
  const size = workload.encoder.packetSize;
  let offset = 0;
  while (offset < size) {
    offset = offset + feedStream(stream, workload.store, offset, size - offset);
    if (stream.status !== Status.Success && stream.status !== Status.NeedMoreBytes) {
      return false;
    }
  }
  return stream.status === Status.Success;
}

/**
 * Encodes the workload's PUBLISH and decodes it again, `iterations` times; returns how many
 * decoded. This is the benchmark's unit of work. Never allocates.
 * @hotpath
 */
export function runPublishes(workload: Workload, iterations: number): number {
  const publish = workload.publish;
  let decoded = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    publish.packetId = (iteration % 65535) + 1;
    if (writePublish(workload.encoder, workload.store, 0, STORE_SIZE, publish) === Status.Success && roundTrip(workload)) {
      decoded = decoded + 1;
    }
  }
  return decoded;
}

/**
 * Runs `iterations` exchanges and returns how many packets decoded (so a broken codec shows):
 * PUBLISH out and back in, its PUBACK for QoS 1, and every 16th time a PINGREQ and PINGRESP.
 * Never allocates.
 * @hotpath
 */
export function runWorkload(workload: Workload, iterations: number): number {
  const publish = workload.publish;
  const end = STORE_SIZE;
  let decoded = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    decoded = decoded + runPublishes(workload, 1);
    publish.packetId = (iteration % 65535) + 1;
    if (publish.qos > 0 && writeAck(workload.encoder, workload.store, 0, end, PacketType.Puback, publish.packetId, 0, undefined) === Status.Success && roundTrip(workload)) {
      decoded = decoded + 1;
    }
    if (iteration % 16 === 0) {
      if (writePing(workload.encoder, workload.store, 0, end, PacketType.Pingreq) === Status.Success && roundTrip(workload)) {
        decoded = decoded + 1;
      }
      if (writePing(workload.encoder, workload.store, 0, end, PacketType.Pingresp) === Status.Success && roundTrip(workload)) {
        decoded = decoded + 1;
      }
    }
  }
  return decoded;
}

/** How many packets `runWorkload(workload, iterations)` decodes when all is well. */
export function expectedPackets(workload: Workload, iterations: number): number {
  const pings = (iterations - (iterations % 16)) / 16 + (iterations % 16 === 0 ? 0 : 1);
  return iterations * (workload.publish.qos > 0 ? 2 : 1) + pings * 2;
}

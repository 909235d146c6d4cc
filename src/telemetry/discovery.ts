/**
 * Home Assistant MQTT discovery: for each quantity a retained config message on
 * `<discovery-prefix>/sensor/<device-id>_<sensor>_<quantity>/config` whose JSON payload names the
 * entity, its state topic, unit and device class, the device it belongs to, and the status topic
 * as its availability ("online"/"offline"). Written once at setup into one caller store.
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { TelemetryStatus } from "./status";
import type { SensorSpec } from "./sensor-spec";
import type { TelemetryTopics } from "./topics";
import { isTopicPrefix } from "./topics";
import { knownQuantityUnit, quantityDeviceClass } from "./quantities";
import {
  newTextWriter,
  writeRaw,
  writeRawBytes,
  jsonEscapedBytes,
  jsonTextMember,
  jsonBytesMember,
  jsonCodesMember,
} from "./text-writer";
import type { TextWriter } from "./text-writer";

/** The device as Home Assistant shows it, and where its discovery topics go. */
export interface DiscoveryDevice {
  /** Home Assistant's discovery prefix, "homeassistant" unless changed there. */
  discoveryPrefix: string;
  name: string;
  model: string;
  manufacturer: string;
}

/** The config messages, one per quantity (in the topics' order), as byte ranges of `store`. */
export interface DiscoveryMessages {
  /** Success, BadPrefix (the discovery prefix), BadDiscoveryId, or NoRoom. */
  status: TelemetryStatus;
  /** The quantity whose message met the problem; -1 when none. */
  failedQuantity: number;
  store: Bytes;
  capacity: number;
  used: number;
  topicOffsets: number[];
  topicLengths: number[];
  payloadOffsets: number[];
  payloadLengths: number[];
}

/** Whether a byte may be in a Home Assistant object id: a-z, A-Z, 0-9, `_` or `-`. */
function isObjectIdByte(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x5f || byte === 0x2d;
}

/** Whether every byte of the range may be in an object id. */
function isObjectIdPart(store: Bytes, offset: number, length: number): boolean {
  for (let index = offset; index < offset + length; index++) {
    if (!isObjectIdByte(store[index])) {
      return false;
    }
  }
  return true;
}

/** Writes `<device-id>_<sensor>_<quantity>` for quantity `q`, unescaped (its bytes are checked first). */
function writeObjectId(writer: TextWriter, topics: TelemetryTopics, q: number): void {
  const s = topics.quantitySensors[q];
  writeRawBytes(writer, topics.store, topics.deviceIdOffset, topics.deviceIdLength);
  writeRaw(writer, "_");
  writeRawBytes(writer, topics.store, topics.sensorNameOffsets[s], topics.sensorNameLengths[s]);
  writeRaw(writer, "_");
  writeRawBytes(writer, topics.store, topics.quantityNameOffsets[q], topics.quantityNameLengths[q]);
}

/** Writes quantity `q`'s config payload (see the module comment). */
function writeConfigPayload(writer: TextWriter, topics: TelemetryTopics, sensors: SensorSpec[], device: DiscoveryDevice, q: number): void {
  const s = topics.quantitySensors[q];
  const quantity = sensors[s].quantities[q - topics.sensorFirstQuantity[s]];
  writeRaw(writer, "{\"name\":\"");
  jsonEscapedBytes(writer, topics.store, topics.sensorNameOffsets[s], topics.sensorNameLengths[s]);
  writeRaw(writer, " ");
  jsonEscapedBytes(writer, topics.store, topics.quantityNameOffsets[q], topics.quantityNameLengths[q]);
  writeRaw(writer, "\",\"unique_id\":\"");
  writeObjectId(writer, topics, q);
  writeRaw(writer, "\"");
  jsonBytesMember(writer, "state_topic", topics.store, topics.readingOffsets[q], topics.readingLengths[q], false);
  if (quantity.unit !== undefined) {
    jsonTextMember(writer, "unit_of_measurement", quantity.unit, false);
  } else if (knownQuantityUnit(quantity.name).length > 0) {
    jsonCodesMember(writer, "unit_of_measurement", knownQuantityUnit(quantity.name), false);
  }
  const deviceClass = quantityDeviceClass(quantity);
  if (deviceClass !== "") {
    jsonTextMember(writer, "device_class", deviceClass, false);
  }
  jsonTextMember(writer, "state_class", "measurement", false);
  jsonBytesMember(writer, "availability_topic", topics.store, topics.statusOffset, topics.statusLength, false);
  jsonTextMember(writer, "payload_available", "online", false);
  jsonTextMember(writer, "payload_not_available", "offline", false);
  writeRaw(writer, ",\"device\":{\"identifiers\":[\"");
  jsonEscapedBytes(writer, topics.store, topics.deviceIdOffset, topics.deviceIdLength);
  writeRaw(writer, "\"]");
  jsonTextMember(writer, "name", device.name, false);
  jsonTextMember(writer, "model", device.model, false);
  jsonTextMember(writer, "manufacturer", device.manufacturer, false);
  writeRaw(writer, "}}");
}

/** Checks that quantity `q`'s object id parts are object-id bytes. */
function hasValidObjectId(topics: TelemetryTopics, q: number): boolean {
  const s = topics.quantitySensors[q];
  return (
    isObjectIdPart(topics.store, topics.deviceIdOffset, topics.deviceIdLength) &&
    isObjectIdPart(topics.store, topics.sensorNameOffsets[s], topics.sensorNameLengths[s]) &&
    isObjectIdPart(topics.store, topics.quantityNameOffsets[q], topics.quantityNameLengths[q])
  );
}

/**
 * Builds the discovery config topic and payload of every quantity in `topics` (built from
 * `sensors` with status Success) into a new store of `capacity` bytes. The result's status is
 * Success; BadPrefix when `device.discoveryPrefix` is not a topic prefix; BadDiscoveryId when a
 * device id, sensor or quantity name holds a byte an object id may not; NoRoom when `capacity`
 * is too small (failedQuantity says where). Allocates the store and the tables: call at setup.
 */
export function buildDiscoveryMessages(platform: Platform, topics: TelemetryTopics, sensors: SensorSpec[], device: DiscoveryDevice, capacity: number): DiscoveryMessages {
  const messages: DiscoveryMessages = {
    status: TelemetryStatus.Success,
    failedQuantity: -1,
    store: platform.newBytes(capacity),
    capacity: capacity,
    used: 0,
    topicOffsets: [],
    topicLengths: [],
    payloadOffsets: [],
    payloadLengths: [],
  };
  const writer = newTextWriter(platform, messages.store, 0, capacity);
  writeRaw(writer, device.discoveryPrefix);
  if (!writer.fits || !isTopicPrefix(messages.store, 0, writer.position)) {
    messages.status = writer.fits ? TelemetryStatus.BadPrefix : TelemetryStatus.NoRoom;
    return messages;
  }
  const prefixLength = writer.position;
  for (let q = 0; q < topics.readingOffsets.length; q++) {
    if (!hasValidObjectId(topics, q)) {
      messages.status = TelemetryStatus.BadDiscoveryId;
      messages.failedQuantity = q;
      return messages;
    }
    const topicStart = writer.position;
    writeRawBytes(writer, messages.store, 0, prefixLength);
    writeRaw(writer, "/sensor/");
    writeObjectId(writer, topics, q);
    writeRaw(writer, "/config");
    const payloadStart = writer.position;
    writeConfigPayload(writer, topics, sensors, device, q);
    if (!writer.fits) {
      messages.status = TelemetryStatus.NoRoom;
      messages.failedQuantity = q;
      return messages;
    }
    messages.topicOffsets.push(topicStart);
    messages.topicLengths.push(payloadStart - topicStart);
    messages.payloadOffsets.push(payloadStart);
    messages.payloadLengths.push(writer.position - payloadStart);
    messages.used = writer.position;
  }
  return messages;
}

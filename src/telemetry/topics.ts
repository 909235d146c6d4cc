/**
 * The telemetry topics, written once at setup into one caller store: a reading topic
 * `<prefix>/<device-id>/<sensor>/<quantity>` per quantity, the status topic
 * `<prefix>/<device-id>/status` and the command filter `<prefix>/<device-id>/cmd/+`. Each name is
 * checked as it is written, so a name that would break a topic is refused with a status naming it.
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { validateTopicName } from "../mqtt/topic";
import { Status } from "../mqtt/status";
import { copyBytes } from "../mqtt/wire";
import { TelemetryStatus } from "./status";
import type { SensorSpec } from "./sensor-spec";

const SLASH = 0x2f;
const DOLLAR = 0x24;

/** The prebuilt topics: byte ranges of `store`, and where each name lies inside them. */
export interface TelemetryTopics {
  /** Success, or the first problem met (the ranges after it are not filled). */
  status: TelemetryStatus;
  /** Which sensor (index into the specs) the problem is in; -1 when none or not a sensor's. */
  failedSensor: number;
  store: Bytes;
  capacity: number;
  used: number;
  /** Where `<prefix>/<device-id>` lies (the start of every topic here). */
  baseOffset: number;
  baseLength: number;
  /** Where the device id lies (inside the base). */
  deviceIdOffset: number;
  deviceIdLength: number;
  statusOffset: number;
  statusLength: number;
  /** The command filter `<prefix>/<device-id>/cmd/+`; its first length - 1 bytes are every command topic's start. */
  commandOffset: number;
  commandLength: number;
  /** Per sensor: its name's bytes, its first quantity's index, and how many quantities it has. */
  sensorNameOffsets: number[];
  sensorNameLengths: number[];
  sensorFirstQuantity: number[];
  sensorQuantityCount: number[];
  /** Per quantity, sensor by sensor: its reading topic, and its own name's bytes inside it. */
  readingOffsets: number[];
  readingLengths: number[];
  quantityNameOffsets: number[];
  quantityNameLengths: number[];
  quantitySensors: number[];
}

/**
 * Writes `text` at the end of the topics' store; returns where it starts, or -1 (writing
 * nothing, status NoRoom) when it does not fit.
 */
function appendText(platform: Platform, topics: TelemetryTopics, text: string): number {
  const length = platform.textByteLength(text);
  if (topics.used + length > topics.capacity) {
    topics.status = TelemetryStatus.NoRoom;
    return -1;
  }
  const start = topics.used;
  topics.used = topics.used + platform.writeText(text, topics.store, start);
  return start;
}

/** Writes a copy of `length` bytes of the topics' own store from `offset` at its end; false (status NoRoom) when it does not fit. */
function appendCopy(topics: TelemetryTopics, offset: number, length: number): boolean {
  if (topics.used + length > topics.capacity) {
    topics.status = TelemetryStatus.NoRoom;
    return false;
  }
  topics.used = copyBytes(topics.store, offset, topics.store, topics.used, length);
  return true;
}

/**
 * Whether `length` bytes at `offset` make one topic level a device may publish under: at least
 * one byte of UTF-8 without U+0000, `+`, `#` or `/`. Never allocates.
 * @hotpath
 */
export function isTopicLevel(store: Bytes, offset: number, length: number): boolean {
  if (validateTopicName(store, offset, length) !== Status.Success) {
    return false;
  }
  for (let index = offset; index < offset + length; index++) {
    if (store[index] === SLASH) {
      return false;
    }
  }
  return true;
}

/**
 * Whether `length` bytes at `offset` make a topic prefix: one or more topic levels joined by
 * `/`, not starting with `$` (the broker's own topics). Never allocates.
 * @hotpath
 */
export function isTopicPrefix(store: Bytes, offset: number, length: number): boolean {
  if (length < 1 || store[offset] === DOLLAR || validateTopicName(store, offset, length) !== Status.Success) {
    return false;
  }
  let levelStart = offset;
  for (let index = offset; index <= offset + length; index++) {
    if (index === offset + length || store[index] === SLASH) {
      if (index === levelStart) {
        return false;
      }
      levelStart = index + 1;
    }
  }
  return true;
}

/** Whether two byte ranges of `store` hold the same bytes. Never allocates. @hotpath */
export function sameBytes(store: Bytes, offset: number, length: number, otherStore: Bytes, otherOffset: number, otherLength: number): boolean {
  if (length !== otherLength) {
    return false;
  }
  for (let index = 0; index < length; index++) {
    if (store[offset + index] !== otherStore[otherOffset + index]) {
      return false;
    }
  }
  return true;
}

/** Appends `/` and a level; returns where the level starts, or -1 (status set) when it does not fit or is not a level. */
function appendLevel(platform: Platform, topics: TelemetryTopics, text: string, problem: TelemetryStatus): number {
  if (appendText(platform, topics, "/") < 0) {
    return -1;
  }
  const start = appendText(platform, topics, text);
  if (start < 0) {
    return -1;
  }
  if (!isTopicLevel(topics.store, start, topics.used - start)) {
    topics.status = problem;
    return -1;
  }
  return start;
}

/** Writes one sensor's reading topics; false (status and failedSensor set) on the first problem. */
function appendSensorTopics(platform: Platform, topics: TelemetryTopics, sensor: SensorSpec, sensorIndex: number): boolean {
  topics.failedSensor = sensorIndex;
  topics.sensorFirstQuantity.push(topics.readingOffsets.length);
  topics.sensorQuantityCount.push(sensor.quantities.length);
  for (let k = 0; k < sensor.quantities.length; k++) {
    const topicStart = topics.used;
    if (!appendCopy(topics, topics.baseOffset, topics.baseLength)) {
      return false;
    }
    const nameStart = appendLevel(platform, topics, sensor.name, TelemetryStatus.BadSensorName);
    if (nameStart < 0) {
      return false;
    }
    const nameLength = topics.used - nameStart;
    if (k === 0) {
      for (let other = 0; other < sensorIndex; other++) {
        if (sameBytes(topics.store, topics.sensorNameOffsets[other], topics.sensorNameLengths[other], topics.store, nameStart, nameLength)) {
          topics.status = TelemetryStatus.DuplicateName;
          return false;
        }
      }
      topics.sensorNameOffsets.push(nameStart);
      topics.sensorNameLengths.push(nameLength);
    }
    const quantityStart = appendLevel(platform, topics, sensor.quantities[k].name, TelemetryStatus.BadQuantityName);
    if (quantityStart < 0) {
      return false;
    }
    const quantityLength = topics.used - quantityStart;
    const first = topics.sensorFirstQuantity[sensorIndex];
    for (let other = first; other < topics.readingOffsets.length; other++) {
      if (sameBytes(topics.store, topics.quantityNameOffsets[other], topics.quantityNameLengths[other], topics.store, quantityStart, quantityLength)) {
        topics.status = TelemetryStatus.DuplicateName;
        return false;
      }
    }
    topics.readingOffsets.push(topicStart);
    topics.readingLengths.push(topics.used - topicStart);
    topics.quantityNameOffsets.push(quantityStart);
    topics.quantityNameLengths.push(quantityLength);
    topics.quantitySensors.push(sensorIndex);
  }
  topics.failedSensor = -1;
  return true;
}

/** Writes `<prefix>/<device-id>`, the status topic and the command filter; false (status set) on the first problem. */
function appendDeviceTopics(platform: Platform, topics: TelemetryTopics, prefix: string, deviceId: string): boolean {
  const prefixStart = appendText(platform, topics, prefix);
  if (prefixStart < 0) {
    return false;
  }
  if (!isTopicPrefix(topics.store, prefixStart, topics.used - prefixStart)) {
    topics.status = TelemetryStatus.BadPrefix;
    return false;
  }
  const deviceIdStart = appendLevel(platform, topics, deviceId, TelemetryStatus.BadDeviceId);
  if (deviceIdStart < 0) {
    return false;
  }
  topics.deviceIdOffset = deviceIdStart;
  topics.deviceIdLength = topics.used - deviceIdStart;
  topics.baseOffset = prefixStart;
  topics.baseLength = topics.used - prefixStart;
  topics.statusOffset = topics.baseOffset;
  if (appendText(platform, topics, "/status") < 0) {
    return false;
  }
  topics.statusLength = topics.used - topics.statusOffset;
  topics.commandOffset = topics.used;
  if (!appendCopy(topics, topics.baseOffset, topics.baseLength) || appendText(platform, topics, "/cmd/+") < 0) {
    return false;
  }
  topics.commandLength = topics.used - topics.commandOffset;
  return true;
}

/**
 * The bytes buildTelemetryTopics takes for `prefix`, `deviceId` and `sensors`: `<prefix>/<id>`,
 * `/status`, the command filter, and every reading topic whole. Allocates nothing.
 */
export function telemetryTopicsSize(platform: Platform, prefix: string, deviceId: string, sensors: SensorSpec[]): number {
  const base = platform.textByteLength(prefix) + 1 + platform.textByteLength(deviceId);
  let size = base + platform.textByteLength("/status") + base + platform.textByteLength("/cmd/+");
  for (let s = 0; s < sensors.length; s++) {
    for (let k = 0; k < sensors[s].quantities.length; k++) {
      size = size + base + 1 + platform.textByteLength(sensors[s].name) + 1 + platform.textByteLength(sensors[s].quantities[k].name);
    }
  }
  return size;
}

/**
 * Builds every telemetry topic for `prefix`, `deviceId` and `sensors` into a new store of
 * `capacity` bytes. The result's status is Success, or the first problem: BadPrefix,
 * BadDeviceId, BadSensorName or BadQuantityName (with failedSensor), DuplicateName (two sensors,
 * or two quantities of one sensor, with one name), or NoRoom when `capacity` is too small.
 * The status topic shares the prefix's bytes: it is `<prefix>/<device-id>` followed by `/status`.
 * Allocates the store and the tables: call at setup.
 */
export function buildTelemetryTopics(platform: Platform, prefix: string, deviceId: string, sensors: SensorSpec[], capacity: number): TelemetryTopics {
  const topics: TelemetryTopics = {
    status: TelemetryStatus.Success,
    failedSensor: -1,
    store: platform.newBytes(capacity),
    capacity: capacity,
    used: 0,
    baseOffset: 0,
    baseLength: 0,
    deviceIdOffset: 0,
    deviceIdLength: 0,
    statusOffset: 0,
    statusLength: 0,
    commandOffset: 0,
    commandLength: 0,
    sensorNameOffsets: [],
    sensorNameLengths: [],
    sensorFirstQuantity: [],
    sensorQuantityCount: [],
    readingOffsets: [],
    readingLengths: [],
    quantityNameOffsets: [],
    quantityNameLengths: [],
    quantitySensors: [],
  };
  if (!appendDeviceTopics(platform, topics, prefix, deviceId)) {
    return topics;
  }
  for (let s = 0; s < sensors.length; s++) {
    if (!appendSensorTopics(platform, topics, sensors[s], s)) {
      return topics;
    }
  }
  return topics;
}

/**
 * Makes the string of one topic range of the topics' store (for clientPublish and
 * clientSubscribe, which take topics as strings). Allocates the string: call at setup.
 */
export function topicText(platform: Platform, topics: TelemetryTopics, offset: number, length: number): string {
  return platform.readText(topics.store, offset, length);
}

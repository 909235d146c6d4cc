/**
 * The telemetry loop, driven by polls (no timer per sensor): each poll announces what is left to
 * announce after a connection, sends readings that waited for room in the client's queue, then
 * reads every sensor that is due and publishes its readings as decimal text. A reading the
 * client's queue has no room for waits (in order) for a later poll; a sensor is read only when
 * all of its readings could wait, so nothing read is ever lost.
 * @hotpath-module
 */
import { Status } from "../mqtt/status";
import { clientPublish } from "../mqtt/client-publish";
import { TelemetryStatus } from "./status";
import { isValidInterval } from "./sensor-spec";
import { writeFixedPoint } from "./fixed-point";
import { PAYLOAD_SIZE } from "./telemetry-state";
import type { Telemetry } from "./telemetry-state";

/** Announcements (the status and discovery configs) go with QoS 1, retained. */
const ANNOUNCE_QOS = 1;

/** Whether a client status means "no room now, try later" rather than "never". Never allocates. */
function isTransient(status: Status): boolean {
  return status === Status.QueueFull || status === Status.TableFull;
}

/**
 * Queues the status "online" and every discovery config again, to go out on the next polls
 * (retained, QoS 1): call after each connection is made, and set the client's will to "offline"
 * on `telemetry.statusTopic` before connecting. Never allocates.
 */
export function telemetryAnnounce(telemetry: Telemetry): void {
  telemetry.announceNext = 0;
}

/** Publishes what is left to announce; true when all of it is queued. */
function announce(telemetry: Telemetry): boolean {
  const discovery = telemetry.discovery;
  const count = discovery === undefined ? 0 : discovery.topicOffsets.length;
  while (telemetry.announceNext >= 0 && telemetry.announceNext <= count) {
    const next = telemetry.announceNext;
    let status = Status.Success;
    if (next === 0) {
      status = clientPublish(telemetry.client, telemetry.statusTopic, telemetry.online, 0, telemetry.onlineLength, ANNOUNCE_QOS, true, undefined);
    } else if (discovery !== undefined) {
      status = clientPublish(telemetry.client, telemetry.discoveryTopics[next - 1], discovery.store, discovery.payloadOffsets[next - 1], discovery.payloadLengths[next - 1], ANNOUNCE_QOS, true, undefined);
    }
    if (isTransient(status)) {
      return false;
    }
    telemetry.announceNext = next + 1;
  }
  telemetry.announceNext = -1;
  return true;
}

/**
 * Formats one reading of quantity `quantity` and publishes it on its reading topic. Returns
 * Success, Deferred when the client's queue has no room now (nothing queued: keep the reading),
 * or BadReading when the value or decimals are out of range or the client refused the message
 * for good (telemetry.lastRefusal says why). Never allocates.
 */
export function telemetryPublishReading(telemetry: Telemetry, quantity: number, value: number, decimals: number): TelemetryStatus {
  const end = writeFixedPoint(telemetry.payload, 0, PAYLOAD_SIZE, value, decimals);
  if (end < 0) {
    telemetry.refused = telemetry.refused + 1;
    return TelemetryStatus.BadReading;
  }
  const status = clientPublish(telemetry.client, telemetry.readingTopics[quantity], telemetry.payload, 0, end, telemetry.qos, false, undefined);
  if (status === Status.Success) {
    telemetry.published = telemetry.published + 1;
    return TelemetryStatus.Success;
  }
  if (isTransient(status)) {
    return TelemetryStatus.Deferred;
  }
  telemetry.refused = telemetry.refused + 1;
  telemetry.lastRefusal = status;
  return TelemetryStatus.BadReading;
}

/** Sends waiting readings, oldest first, until the queue is full; true when none is left. */
function sendPending(telemetry: Telemetry): boolean {
  while (telemetry.pendingCount > 0) {
    const slot = telemetry.pendingFirst;
    const status = telemetryPublishReading(telemetry, telemetry.pendingQuantities[slot], telemetry.pendingValues[slot], telemetry.pendingDecimals[slot]);
    if (status === TelemetryStatus.Deferred) {
      return false;
    }
    telemetry.pendingFirst = (slot + 1) % telemetry.pendingCapacity;
    telemetry.pendingCount = telemetry.pendingCount - 1;
  }
  return true;
}

/** Keeps a reading for a later poll (the caller checked the room). */
function keepPending(telemetry: Telemetry, quantity: number, value: number, decimals: number): void {
  const slot = (telemetry.pendingFirst + telemetry.pendingCount) % telemetry.pendingCapacity;
  telemetry.pendingQuantities[slot] = quantity;
  telemetry.pendingValues[slot] = value;
  telemetry.pendingDecimals[slot] = decimals;
  telemetry.pendingCount = telemetry.pendingCount + 1;
  telemetry.deferred = telemetry.deferred + 1;
}

/**
 * Reads sensor `sensor` and publishes (or, when `blocked` or the queue is full, keeps) each good
 * quantity; returns whether later readings must wait behind kept ones.
 */
function readAndPublish(telemetry: Telemetry, sensor: number, blocked: boolean): boolean {
  const topics = telemetry.topics;
  const reading = telemetry.reading;
  const first = topics.sensorFirstQuantity[sensor];
  const count = topics.sensorQuantityCount[sensor];
  for (let k = 0; k < count; k++) {
    reading.valid[k] = false;
  }
  telemetry.readSensor(sensor, reading);
  let waiting = blocked;
  for (let k = 0; k < count; k++) {
    if (!reading.valid[k]) {
      telemetry.readErrors = telemetry.readErrors + 1;
    } else if (waiting || telemetryPublishReading(telemetry, first + k, reading.values[k], reading.decimals[k]) === TelemetryStatus.Deferred) {
      keepPending(telemetry, first + k, reading.values[k], reading.decimals[k]);
      waiting = true;
    }
  }
  return waiting;
}

/**
 * When a sensor read at `nowMs` is next due: one interval after it was due, so that readings keep
 * their period however late each poll comes; one interval from now when that has passed already
 * (a long stall) or the reading came before it was due (publish-now). Never allocates.
 */
function nextDue(dueMs: number, intervalMs: number, nowMs: number): number {
  const following = dueMs + intervalMs;
  return nowMs - dueMs < 0 || following - nowMs <= 0 ? nowMs + intervalMs : following;
}

/**
 * The telemetry loop's step at `nowMs` (the platform's milliseconds): announces, sends waiting
 * readings, then reads every sensor that is due (its interval has passed, or publish-now asked
 * for it) and publishes its readings. A due sensor whose readings could not all wait stays due
 * (counted in readsPutOff) until there is room, and one still measuring (TelemetryOptions.
 * prepareSensor) stays due until it is done. The first poll reads every sensor. Does nothing
 * when setup failed. Never allocates.
 */
export function telemetryPoll(telemetry: Telemetry, nowMs: number): void {
  if (telemetry.status !== TelemetryStatus.Success) {
    return;
  }
  const topics = telemetry.topics;
  const sensorCount = telemetry.intervalsMs.length;
  if (!telemetry.started) {
    telemetry.started = true;
    for (let s = 0; s < sensorCount; s++) {
      telemetry.nextDueMs[s] = nowMs;
    }
  }
  let blocked = !announce(telemetry) || !sendPending(telemetry);
  for (let s = 0; s < sensorCount; s++) {
    if (telemetry.publishNow[s] || nowMs - telemetry.nextDueMs[s] >= 0) {
      if (telemetry.pendingCapacity - telemetry.pendingCount < topics.sensorQuantityCount[s]) {
        telemetry.readsPutOff = telemetry.readsPutOff + 1;
      } else if (telemetry.prepareSensor(s, nowMs)) {
        blocked = readAndPublish(telemetry, s, blocked);
        telemetry.publishNow[s] = false;
        telemetry.nextDueMs[s] = nextDue(telemetry.nextDueMs[s], telemetry.intervalsMs[s], nowMs);
      }
    }
  }
}

/**
 * Asks for sensor `sensor` (or every sensor when -1) to be read and published on the next poll.
 * Returns Success, or UnknownSensor for any other index. Never allocates.
 */
export function telemetryPublishNow(telemetry: Telemetry, sensor: number): TelemetryStatus {
  const count = telemetry.publishNow.length;
  if (sensor < -1 || sensor >= count || sensor % 1 !== 0) {
    return TelemetryStatus.UnknownSensor;
  }
  for (let s = 0; s < count; s++) {
    if (sensor === -1 || s === sensor) {
      telemetry.publishNow[s] = true;
    }
  }
  return TelemetryStatus.Success;
}

/**
 * Sets sensor `sensor`'s interval to `seconds`, counted from its last reading. Returns Success,
 * UnknownSensor, or BadInterval (changing nothing) for seconds that are not a whole number from 1
 * to MAX_INTERVAL_SECONDS. Never allocates.
 */
export function telemetrySetInterval(telemetry: Telemetry, sensor: number, seconds: number): TelemetryStatus {
  if (sensor < 0 || sensor >= telemetry.intervalsMs.length || sensor % 1 !== 0) {
    return TelemetryStatus.UnknownSensor;
  }
  if (!isValidInterval(seconds)) {
    return TelemetryStatus.BadInterval;
  }
  const intervalMs = seconds * 1000;
  telemetry.nextDueMs[sensor] = telemetry.nextDueMs[sensor] - telemetry.intervalsMs[sensor] + intervalMs;
  telemetry.intervalsMs[sensor] = intervalMs;
  return TelemetryStatus.Success;
}

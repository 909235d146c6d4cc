/**
 * The telemetry layer's state: the topics and discovery messages built at setup, each sensor's
 * schedule, the readings waiting for room in the client's queue, and counters. Everything is
 * made by `newTelemetry`; polling, publishing and commands only change numbers in it.
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import type { Client } from "../mqtt/client-state";
import type { WillInfo } from "../mqtt/packets";
import { Status } from "../mqtt/status";
import { TelemetryStatus } from "./status";
import type { SensorSpec } from "./sensor-spec";
import { isValidInterval } from "./sensor-spec";
import { buildTelemetryTopics, topicText } from "./topics";
import type { TelemetryTopics } from "./topics";
import { buildDiscoveryMessages } from "./discovery";
import type { DiscoveryDevice, DiscoveryMessages } from "./discovery";
import { newTextWriter } from "./text-writer";
import type { TextWriter } from "./text-writer";

/** Bytes for one reading's text: the longest, "-2.147483647", takes 12. */
export const PAYLOAD_SIZE = 16;

/** One reading of one sensor, filled by the reader: per quantity (the spec's order) a value, its decimals, and whether it is good. */
export interface SensorReading {
  values: number[];
  decimals: number[];
  /** False for a quantity the sensor failed to read (or read implausibly): it is not published. */
  valid: boolean[];
}

/** What `newTelemetry` needs. */
export interface TelemetryOptions {
  prefix: string;
  deviceId: string;
  sensors: SensorSpec[];
  /** QoS of the readings (0 or 1 make sense for telemetry). */
  qos: number;
  /** How many readings may wait for room in the client's queue. */
  pendingCapacity: number;
  /** Bytes for all the topics (see buildTelemetryTopics). */
  topicStoreSize: number;
  /** The device as Home Assistant shows it; left out, no discovery messages are sent. */
  discovery?: DiscoveryDevice;
  /** Bytes for all the discovery messages (see buildDiscoveryMessages). */
  discoveryStoreSize: number;
  /** Reads sensor `sensor` into `reading` (see SensorReading). Called from `telemetryPoll`. Never allocates. */
  readSensor: (this: void, sensor: number, reading: SensorReading) => void;
  /**
   * Called from `telemetryPoll` for a due sensor before `readSensor`: returns true when it can
   * be read now. A sensor that needs time to measure starts its measurement on the first call
   * and answers true once it is done; until then it stays due. Left out, every sensor is read as
   * soon as it is due. Never allocates.
   */
  prepareSensor?: (this: void, sensor: number, nowMs: number) => boolean;
}

/** The result of the last command (see telemetryCommand). */
export const enum TelemetryCommand {
  None = 0,
  Interval = 1,
  PublishNow = 2,
  Reboot = 3,
  Status = 4,
}

/** The telemetry layer (see the module comment). */
export interface Telemetry {
  /** Success, or why setup failed (then nothing is published; see topics and discovery for where). */
  status: TelemetryStatus;
  platform: Platform;
  client: Client;
  topics: TelemetryTopics;
  discovery: DiscoveryMessages | undefined;
  /** Strings made once at setup, for clientPublish: one per quantity, the status topic, the command filter, one per discovery message. */
  readingTopics: string[];
  statusTopic: string;
  commandFilter: string;
  discoveryTopics: string[];
  qos: number;
  /** Per sensor: interval, when it is next due, and whether it was asked to publish now. */
  intervalsMs: number[];
  nextDueMs: number[];
  publishNow: boolean[];
  /** False until the first poll, which makes every sensor due. */
  started: boolean;
  /** Reads a sensor (TelemetryOptions.readSensor). Never allocates. */
  readSensor: (this: void, sensor: number, reading: SensorReading) => void;
  /** Whether a due sensor can be read now (TelemetryOptions.prepareSensor). Never allocates. */
  prepareSensor: (this: void, sensor: number, nowMs: number) => boolean;
  reading: SensorReading;
  /** Readings waiting for room in the client's queue, oldest first: a ring of quantity, value and decimals. */
  pendingQuantities: number[];
  pendingValues: number[];
  pendingDecimals: number[];
  pendingFirst: number;
  pendingCount: number;
  pendingCapacity: number;
  /** What is left to announce after a connection: 0 the status "online", then discovery message n at n + 1; -1 when done. */
  announceNext: number;
  payload: Bytes;
  online: Bytes;
  onlineLength: number;
  /** Counters: readings published, readings that waited, reads put off for want of room, failed reads, readings refused. */
  published: number;
  deferred: number;
  readsPutOff: number;
  readErrors: number;
  refused: number;
  /** The client's status for the last reading it refused (Success when none was). */
  lastRefusal: Status;
  /** The command words ("interval", "publish-now", "reboot", "status") as bytes, and where each lies. */
  commandWords: Bytes;
  commandWordOffsets: number[];
  commandWordLengths: number[];
  /** The last command's kind, where its reply starts in the caller's store and how long it is (-1 when it did not fit). */
  command: TelemetryCommand;
  replyOffset: number;
  replyLength: number;
  reply: TextWriter;
  /** The last command's arguments: where the first MAX_ARGUMENTS lie in the message's store, and how many there were in all. */
  argumentOffsets: number[];
  argumentLengths: number[];
  argumentCount: number;
}

/** The most arguments a command takes ("interval <sensor> <seconds>"). */
export const MAX_ARGUMENTS = 2;

/** The command words, in TelemetryCommand order from Interval. */
const COMMAND_WORDS = ["interval", "publish-now", "reboot", "status"];

/** How many bytes the command words take. */
function commandWordsSize(platform: Platform): number {
  let size = 0;
  for (let w = 0; w < COMMAND_WORDS.length; w++) {
    size = size + platform.textByteLength(COMMAND_WORDS[w]);
  }
  return size;
}

/** The most quantities any sensor has. */
function mostQuantities(sensors: SensorSpec[]): number {
  let most = 0;
  for (let s = 0; s < sensors.length; s++) {
    most = sensors[s].quantities.length > most ? sensors[s].quantities.length : most;
  }
  return most;
}

/** Every sensor can be read as soon as it is due (when TelemetryOptions.prepareSensor is left out). Never allocates. */
function alwaysReady(this: void, _sensor: number, _nowMs: number): boolean {
  return true;
}

/** The first sensor whose interval is not valid, or -1. */
function badInterval(sensors: SensorSpec[]): number {
  for (let s = 0; s < sensors.length; s++) {
    if (!isValidInterval(sensors[s].intervalSeconds)) {
      return s;
    }
  }
  return -1;
}

/** Makes the per-sensor, per-quantity and per-reading tables. */
function fillTables(telemetry: Telemetry, options: TelemetryOptions): void {
  const platform = telemetry.platform;
  const topics = telemetry.topics;
  for (let q = 0; q < topics.readingOffsets.length; q++) {
    telemetry.readingTopics.push(topicText(platform, topics, topics.readingOffsets[q], topics.readingLengths[q]));
  }
  for (let s = 0; s < options.sensors.length; s++) {
    telemetry.intervalsMs.push(options.sensors[s].intervalSeconds * 1000);
    telemetry.nextDueMs.push(0);
    telemetry.publishNow.push(false);
  }
  const most = mostQuantities(options.sensors);
  for (let k = 0; k < most; k++) {
    telemetry.reading.values.push(0);
    telemetry.reading.decimals.push(0);
    telemetry.reading.valid.push(false);
  }
  for (let p = 0; p < options.pendingCapacity; p++) {
    telemetry.pendingQuantities.push(0);
    telemetry.pendingValues.push(0);
    telemetry.pendingDecimals.push(0);
  }
  let used = 0;
  for (let w = 0; w < COMMAND_WORDS.length; w++) {
    telemetry.commandWordOffsets.push(used);
    telemetry.commandWordLengths.push(platform.writeText(COMMAND_WORDS[w], telemetry.commandWords, used));
    used = used + telemetry.commandWordLengths[w];
  }
  telemetry.onlineLength = platform.writeText("online", telemetry.online, 0);
  for (let a = 0; a < MAX_ARGUMENTS; a++) {
    telemetry.argumentOffsets.push(0);
    telemetry.argumentLengths.push(0);
  }
}

/** Builds the discovery messages and their topic strings when options ask for them; false (status set) on a problem. */
function setUpDiscovery(telemetry: Telemetry, options: TelemetryOptions): boolean {
  if (options.discovery === undefined) {
    return true;
  }
  const discovery = buildDiscoveryMessages(telemetry.platform, telemetry.topics, options.sensors, options.discovery, options.discoveryStoreSize);
  telemetry.discovery = discovery;
  if (discovery.status !== TelemetryStatus.Success) {
    telemetry.status = discovery.status;
    return false;
  }
  for (let m = 0; m < discovery.topicOffsets.length; m++) {
    telemetry.discoveryTopics.push(telemetry.platform.readText(discovery.store, discovery.topicOffsets[m], discovery.topicLengths[m]));
  }
  return true;
}

/**
 * Sets telemetry up over `client`: builds the topics (and the discovery messages when
 * `options.discovery` is given), the topic strings clientPublish takes, each sensor's schedule,
 * and room for `options.pendingCapacity` waiting readings. The result's status is Success, the
 * topics' or discovery's problem (see buildTelemetryTopics, buildDiscoveryMessages), or
 * BadInterval. Does not subscribe or publish: see telemetryAnnounce and telemetryPoll. Allocates:
 * call at setup.
 */
export function newTelemetry(platform: Platform, client: Client, options: TelemetryOptions): Telemetry {
  const telemetry: Telemetry = {
    status: TelemetryStatus.Success,
    platform: platform,
    client: client,
    topics: buildTelemetryTopics(platform, options.prefix, options.deviceId, options.sensors, options.topicStoreSize),
    discovery: undefined,
    readingTopics: [],
    statusTopic: "",
    commandFilter: "",
    discoveryTopics: [],
    qos: options.qos,
    intervalsMs: [],
    nextDueMs: [],
    publishNow: [],
    started: false,
    readSensor: options.readSensor,
    prepareSensor: options.prepareSensor !== undefined ? options.prepareSensor : alwaysReady,
    reading: { values: [], decimals: [], valid: [] },
    pendingQuantities: [],
    pendingValues: [],
    pendingDecimals: [],
    pendingFirst: 0,
    pendingCount: 0,
    pendingCapacity: options.pendingCapacity,
    announceNext: -1,
    payload: platform.newBytes(PAYLOAD_SIZE),
    online: platform.newBytes(platform.textByteLength("online")),
    onlineLength: 0,
    published: 0,
    deferred: 0,
    readsPutOff: 0,
    readErrors: 0,
    refused: 0,
    lastRefusal: Status.Success,
    commandWords: platform.newBytes(commandWordsSize(platform)),
    commandWordOffsets: [],
    commandWordLengths: [],
    command: TelemetryCommand.None,
    replyOffset: 0,
    replyLength: 0,
    reply: newTextWriter(platform, platform.newBytes(0), 0, 0),
    argumentOffsets: [],
    argumentLengths: [],
    argumentCount: 0,
  };
  const topics = telemetry.topics;
  if (topics.status !== TelemetryStatus.Success) {
    telemetry.status = topics.status;
    return telemetry;
  }
  if (badInterval(options.sensors) >= 0) {
    telemetry.status = TelemetryStatus.BadInterval;
    return telemetry;
  }
  telemetry.statusTopic = topicText(platform, topics, topics.statusOffset, topics.statusLength);
  telemetry.commandFilter = topicText(platform, topics, topics.commandOffset, topics.commandLength);
  fillTables(telemetry, options);
  setUpDiscovery(telemetry, options);
  return telemetry;
}

/**
 * The will that turns the retained status to "offline" (QoS 1, retained) when the device drops
 * off without a DISCONNECT: hand it to clientSetWill before connecting, so that Home Assistant's
 * availability follows the device. Allocates the record: call at setup.
 */
export function telemetryWill(telemetry: Telemetry): WillInfo {
  return { topic: telemetry.statusTopic, payload: "offline", payloadOffset: 0, payloadLength: 0, qos: 1, retain: true, properties: undefined };
}

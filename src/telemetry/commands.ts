/**
 * Commands from the broker on `<prefix>/<device-id>/cmd/<name>`, arguments in the payload
 * separated by spaces: `interval <sensor> <seconds>`, `publish-now [sensor]`, `reboot`, `status`.
 * Each is checked, carried out, and answered with a short text ("ok ..." or "error <status> ...")
 * written into a caller store; a bad command changes nothing and never throws.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { PacketView } from "../mqtt/codec-decode";
import { Status } from "../mqtt/status";
import { clientRespond } from "../mqtt/client-respond";
import { decimalLength, writeDecimal } from "../bytes/ascii";
import { TelemetryStatus, telemetryStatusName } from "./status";
import { MAX_INTERVAL_SECONDS } from "./sensor-spec";
import { sameBytes } from "./topics";
import { writeRaw, writeRawBytes } from "./text-writer";
import { TelemetryCommand, MAX_ARGUMENTS } from "./telemetry-state";
import type { Telemetry } from "./telemetry-state";
import { telemetryPublishNow, telemetrySetInterval } from "./schedule";

const SLASH = 0x2f;
const SPACE = 0x20;
const DIGIT_ZERO = 0x30;
/** Interval arguments longer than this many digits are out of range anyway (and would overflow). */
const MAX_INTERVAL_DIGITS = 6;

/** Whether `byte` separates arguments: space, tab, CR or LF. */
function isSeparator(byte: number): boolean {
  return byte === SPACE || byte === 0x09 || byte === 0x0d || byte === 0x0a;
}

/** Splits the message's payload into arguments (see Telemetry.argumentOffsets). */
function splitArguments(telemetry: Telemetry, message: PacketView): void {
  const store = message.store;
  const end = message.payloadOffset + message.payloadLength;
  let index = message.payloadOffset;
  telemetry.argumentCount = 0;
  while (index < end) {
    while (index < end && isSeparator(store[index])) {
      index = index + 1;
    }
    const start = index;
    while (index < end && !isSeparator(store[index])) {
      index = index + 1;
    }
    if (index > start) {
      if (telemetry.argumentCount < MAX_ARGUMENTS) {
        telemetry.argumentOffsets[telemetry.argumentCount] = start;
        telemetry.argumentLengths[telemetry.argumentCount] = index - start;
      }
      telemetry.argumentCount = telemetry.argumentCount + 1;
    }
  }
}

/** The index of the sensor named by argument `a`, or -1. */
function findSensor(telemetry: Telemetry, store: Bytes, a: number): number {
  const topics = telemetry.topics;
  for (let s = 0; s < topics.sensorNameOffsets.length; s++) {
    if (sameBytes(topics.store, topics.sensorNameOffsets[s], topics.sensorNameLengths[s], store, telemetry.argumentOffsets[a], telemetry.argumentLengths[a])) {
      return s;
    }
  }
  return -1;
}

/** Argument `a` as a number of seconds, or -1 when it is not 1 to MAX_INTERVAL_DIGITS decimal digits. */
function secondsArgument(telemetry: Telemetry, store: Bytes, a: number): number {
  const offset = telemetry.argumentOffsets[a];
  const length = telemetry.argumentLengths[a];
  if (length > MAX_INTERVAL_DIGITS) {
    return -1;
  }
  let value = 0;
  for (let index = offset; index < offset + length; index++) {
    const digit = store[index] - DIGIT_ZERO;
    if (digit < 0 || digit > 9) {
      return -1;
    }
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Which command the message's topic names: the TelemetryCommand, None when the topic is this
 * device's command topic but the name is not a command word, or -1 when it is not a command topic.
 */
function commandOf(telemetry: Telemetry, message: PacketView): number {
  const topics = telemetry.topics;
  const prefixLength = topics.commandLength - 1;
  const nameLength = message.topicLength - prefixLength;
  if (nameLength < 1 || !sameBytes(topics.store, topics.commandOffset, prefixLength, message.store, message.topicOffset, prefixLength)) {
    return -1;
  }
  const nameOffset = message.topicOffset + prefixLength;
  for (let index = nameOffset; index < nameOffset + nameLength; index++) {
    if (message.store[index] === SLASH) {
      return -1;
    }
  }
  for (let w = 0; w < telemetry.commandWordOffsets.length; w++) {
    if (sameBytes(telemetry.commandWords, telemetry.commandWordOffsets[w], telemetry.commandWordLengths[w], message.store, nameOffset, nameLength)) {
      return w + 1;
    }
  }
  return TelemetryCommand.None;
}

/** Writes `label` and then `value` (a non-negative integer) to the reply. */
function replyNumber(telemetry: Telemetry, label: string, value: number): void {
  const reply = telemetry.reply;
  writeRaw(reply, label);
  const length = decimalLength(value);
  if (!reply.fits || reply.position + length > reply.end) {
    reply.fits = false;
    return;
  }
  reply.position = writeDecimal(reply.store, reply.position, value);
}

/** Writes "error <status>: <detail>" to the reply; returns `status`. */
function replyError(telemetry: Telemetry, status: TelemetryStatus, detail: string): TelemetryStatus {
  writeRaw(telemetry.reply, "error ");
  writeRaw(telemetry.reply, telemetryStatusName(status));
  writeRaw(telemetry.reply, ": ");
  writeRaw(telemetry.reply, detail);
  return status;
}

/** Writes argument `a` (as received) to the reply. */
function replyArgument(telemetry: Telemetry, message: PacketView, a: number): void {
  writeRawBytes(telemetry.reply, message.store, telemetry.argumentOffsets[a], telemetry.argumentLengths[a]);
}

/** The sensor the first argument names; when none, writes "error UnknownSensor: <argument>" and returns -1. */
function sensorArgument(telemetry: Telemetry, message: PacketView): number {
  const sensor = findSensor(telemetry, message.store, 0);
  if (sensor < 0) {
    replyError(telemetry, TelemetryStatus.UnknownSensor, "");
    replyArgument(telemetry, message, 0);
  }
  return sensor;
}

/** Carries out `interval <sensor> <seconds>`. */
function intervalCommand(telemetry: Telemetry, message: PacketView): TelemetryStatus {
  if (telemetry.argumentCount !== 2) {
    return replyError(telemetry, TelemetryStatus.BadArgument, "usage: interval <sensor> <seconds>");
  }
  const sensor = sensorArgument(telemetry, message);
  if (sensor < 0) {
    return TelemetryStatus.UnknownSensor;
  }
  const seconds = secondsArgument(telemetry, message.store, 1);
  const status = seconds < 0 ? TelemetryStatus.BadInterval : telemetrySetInterval(telemetry, sensor, seconds);
  if (status !== TelemetryStatus.Success) {
    replyError(telemetry, status, "seconds must be a whole number from 1 to ");
    replyNumber(telemetry, "", MAX_INTERVAL_SECONDS);
    return status;
  }
  writeRaw(telemetry.reply, "ok interval ");
  replyArgument(telemetry, message, 0);
  replyNumber(telemetry, " ", seconds);
  return TelemetryStatus.Success;
}

/** Carries out `publish-now [sensor]`. */
function publishNowCommand(telemetry: Telemetry, message: PacketView): TelemetryStatus {
  if (telemetry.argumentCount > 1) {
    return replyError(telemetry, TelemetryStatus.BadArgument, "usage: publish-now [sensor]");
  }
  if (telemetry.argumentCount === 0) {
    telemetryPublishNow(telemetry, -1);
    writeRaw(telemetry.reply, "ok publish-now all");
    return TelemetryStatus.Success;
  }
  const sensor = sensorArgument(telemetry, message);
  if (sensor < 0) {
    return TelemetryStatus.UnknownSensor;
  }
  telemetryPublishNow(telemetry, sensor);
  writeRaw(telemetry.reply, "ok publish-now ");
  replyArgument(telemetry, message, 0);
  return TelemetryStatus.Success;
}

/** Writes the `status` reply: the counters, sensors and waiting readings. */
function statusReply(telemetry: Telemetry): TelemetryStatus {
  writeRaw(telemetry.reply, "ok status");
  replyNumber(telemetry, " sensors ", telemetry.intervalsMs.length);
  replyNumber(telemetry, " published ", telemetry.published);
  replyNumber(telemetry, " waiting ", telemetry.pendingCount);
  replyNumber(telemetry, " deferred ", telemetry.deferred);
  replyNumber(telemetry, " put-off ", telemetry.readsPutOff);
  replyNumber(telemetry, " read-errors ", telemetry.readErrors);
  replyNumber(telemetry, " refused ", telemetry.refused);
  return TelemetryStatus.Success;
}

/** Carries out the command `command` (known to be one) with its arguments split. */
function runCommand(telemetry: Telemetry, message: PacketView, command: TelemetryCommand): TelemetryStatus {
  if (command === TelemetryCommand.Interval) {
    return intervalCommand(telemetry, message);
  }
  if (command === TelemetryCommand.PublishNow) {
    return publishNowCommand(telemetry, message);
  }
  if (telemetry.argumentCount > 0) {
    return replyError(telemetry, TelemetryStatus.BadArgument, command === TelemetryCommand.Reboot ? "usage: reboot" : "usage: status");
  }
  if (command === TelemetryCommand.Reboot) {
    writeRaw(telemetry.reply, "ok reboot");
    return TelemetryStatus.Success;
  }
  return statusReply(telemetry);
}

/**
 * Handles `message` (as handed to onMessage) if it is on this device's command topic: carries the
 * command out and writes its reply into `replyStore[replyOffset .. replyEnd)`. Returns Success;
 * NotACommand (nothing done, no reply) for any other topic; UnknownCommand, UnknownSensor,
 * BadInterval or BadArgument, changing nothing, with an "error ..." reply. Afterwards
 * `telemetry.command` says which command it was (Reboot: the caller restarts the device once the
 * answer is sent), and `telemetry.replyLength` how long the reply is (-1 when it did not fit).
 * Never allocates.
 */
export function telemetryCommand(telemetry: Telemetry, message: PacketView, replyStore: Bytes, replyOffset: number, replyEnd: number): TelemetryStatus {
  const reply = telemetry.reply;
  reply.store = replyStore;
  reply.position = replyOffset;
  reply.end = replyEnd;
  reply.fits = true;
  telemetry.replyOffset = replyOffset;
  telemetry.replyLength = 0;
  telemetry.command = TelemetryCommand.None;
  const command = telemetry.status === TelemetryStatus.Success ? commandOf(telemetry, message) : -1;
  if (command < 0) {
    return TelemetryStatus.NotACommand;
  }
  let status = TelemetryStatus.UnknownCommand;
  if (command === TelemetryCommand.None) {
    replyError(telemetry, status, "");
    writeRawBytes(reply, message.store, message.topicOffset + telemetry.topics.commandLength - 1, message.topicLength - telemetry.topics.commandLength + 1);
  } else {
    telemetry.command = command;
    splitArguments(telemetry, message);
    status = runCommand(telemetry, message, command);
  }
  telemetry.replyLength = reply.fits ? reply.position - replyOffset : -1;
  return status;
}

/**
 * Sends the last command's reply as the MQTT 5 answer to `request` (on its Response Topic, with
 * its Correlation Data) with `qos`. Returns the client's status: BadParameter when the request
 * has no Response Topic (MQTT 3.1.1 requests never do) or there is no reply to send.
 * Allocates the response topic's string (clientRespond does).
 */
export function telemetryAnswer(telemetry: Telemetry, request: PacketView, qos: number): Status {
  if (telemetry.replyLength < 0) {
    return Status.BadParameter;
  }
  return clientRespond(telemetry.client, request, telemetry.reply.store, telemetry.replyOffset, telemetry.replyLength, qos);
}

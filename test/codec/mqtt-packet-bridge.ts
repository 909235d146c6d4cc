/**
 * Conversion both ways between our vector fields (test/vectors/adapter.ts: the canonical JSON the
 * adapter writes for a decoded packet) and mqtt-packet (v9) packet objects, for every packet type
 * in MQTT 3.1 (level 3), 3.1.1 (4) and 5.0 (5), with every property. Plain Node test code: it
 * allocates freely and is not in the subset.
 *
 * Name mappings are tables (PACKET_COMMANDS, PROPERTY_MAP, SUBSCRIPTION_OPTION_MAP); the packet
 * functions below only add the per-type fields that differ in shape.
 *
 * Lossy spots, and what `normalizeFields` does about them:
 *  - User properties. Ours are a flat list [name, value, name, value ...] in wire order.
 *    mqtt-packet keeps an object {name: value | value[]}: the order *between* different names is
 *    lost (and object key order puts integer-like names such as "7" first), so only the order of
 *    the values of one name survives. `normalizeFields` regroups every user property list by name
 *    (names sorted, values of a name in their original order) before two sides are compared.
 *  - mqtt-packet's parser folds a repeated name into an array by testing the stored value for
 *    truthiness, so a first value "" followed by the same name again is overwritten and lost
 *    (parser.js `_parseProperties`). Arbitraries that feed mqtt-packet's parser avoid that case.
 *  - Subscription Identifier: ours is always a list; mqtt-packet gives a number for one and an
 *    array for several. Converted both ways here; nothing is lost.
 *  - Byte-valued flag properties (Payload Format Indicator, Request Problem/Response Information,
 *    Retain/Wildcard/Subscription Identifier/Shared Subscription Available) are 0/1 numbers for us
 *    and booleans for mqtt-packet, whose parser turns any non-zero byte into `true` (so a value of
 *    2 would read back as 1: only 0/1, the spec's range, survive). Maximum QoS is a number on both.
 *  - Four-byte integers are signed 32-bit for us (0xFFFFFFFF is -1) and unsigned for mqtt-packet.
 *  - Binary data (Correlation Data, Authentication Data, will and PUBLISH payloads) is hex text
 *    for us and a Buffer for mqtt-packet. The CONNECT password is a string for us (the encoder
 *    takes text) and a Buffer for mqtt-packet (the spec's Binary Data): converted as UTF-8.
 *  - Defaults mqtt-packet supplies or drops: its parser leaves `reasonCode` undefined on MQTT 3.1.1
 *    acks and DISCONNECT (ours says 0), omits `properties` when the block is empty (ours always has
 *    `properties: {}` in 5.0), omits nl/rap/rh on 3.1.1 subscriptions (ours says false/false/0),
 *    has no `granted` on a 3.1.1 UNSUBACK (ours has no `reasonCodes` there either), and puts
 *    `length`, `qos`, `dup`, `retain`, `topic: null`, `payload: null` on every packet (ignored
 *    here except on PUBLISH). Its generator defaults `clean` to true, `keepalive` and `qos` to 0
 *    and `protocolId` to "MQTT": we always pass them explicitly (protocolId "MQIsdp" for level 3).
 *  - Short forms: MQTT 5 acks, DISCONNECT and AUTH may leave out the reason code and properties.
 *    mqtt-packet writes DISCONNECT and AUTH always in the long form, and acks short only when no
 *    `properties` object is given; fields compare equal either way, bytes do not.
 */
import { Buffer } from "node:buffer";
import { generate, parser } from "mqtt-packet";
import type { Packet } from "mqtt-packet";
import type { VectorFields, VectorProperties, VectorSubscription, VectorWill } from "../vectors/adapter";

/** Our packet type names (the spec's) and mqtt-packet's `cmd` names. */
export const PACKET_COMMANDS: [string, string][] = [
  ["CONNECT", "connect"],
  ["CONNACK", "connack"],
  ["PUBLISH", "publish"],
  ["PUBACK", "puback"],
  ["PUBREC", "pubrec"],
  ["PUBREL", "pubrel"],
  ["PUBCOMP", "pubcomp"],
  ["SUBSCRIBE", "subscribe"],
  ["SUBACK", "suback"],
  ["UNSUBSCRIBE", "unsubscribe"],
  ["UNSUBACK", "unsuback"],
  ["PINGREQ", "pingreq"],
  ["PINGRESP", "pingresp"],
  ["DISCONNECT", "disconnect"],
  ["AUTH", "auth"],
];

/** How a property value is carried on each side. */
export type BridgeKind =
  /** A byte that is 0 or 1: a number for us, a boolean for mqtt-packet. */
  | "flag"
  /** A byte that is a number on both sides (Maximum QoS). */
  | "byte"
  | "twoByte"
  /** Signed 32-bit for us, unsigned for mqtt-packet. */
  | "fourByte"
  /** Subscription Identifier: a list for us; a number or a list for mqtt-packet. */
  | "variableList"
  | "string"
  /** Hex text for us, a Buffer for mqtt-packet. */
  | "binary"
  /** A flat [name, value ...] list for us, an object {name: value | value[]} for mqtt-packet. */
  | "pairs";

/** The packets a property may appear on (MQTT 5.0 §2.2.2.2, Table 2-4); "WILL" is the will's block. */
export type PropertyHolder =
  | "WILL"
  | "CONNECT"
  | "CONNACK"
  | "PUBLISH"
  | "PUBACK"
  | "PUBREC"
  | "PUBREL"
  | "PUBCOMP"
  | "SUBSCRIBE"
  | "SUBACK"
  | "UNSUBSCRIBE"
  | "UNSUBACK"
  | "DISCONNECT"
  | "AUTH";

/** One property: spec identifier, our name, mqtt-packet's name, kind, and where it is allowed. */
export interface PropertyMapping {
  id: number;
  ours: string;
  theirs: string;
  kind: BridgeKind;
  holders: PropertyHolder[];
}

const PUBLISH_ACKS: PropertyHolder[] = ["PUBACK", "PUBREC", "PUBREL", "PUBCOMP"];

/**
 * Every MQTT 5.0 property, written down from the specification (§2.2.2.2 and each packet's
 * property section) rather than from src/mqtt/property-table.ts, so it checks that table too.
 * Only three names differ: userProperty/userProperties, maximumQos/maximumQoS and
 * subscriptionIdentifierAvailable/subscriptionIdentifiersAvailable.
 */
export const PROPERTY_MAP: PropertyMapping[] = [
  { id: 0x01, ours: "payloadFormatIndicator", theirs: "payloadFormatIndicator", kind: "flag", holders: ["PUBLISH", "WILL"] },
  { id: 0x02, ours: "messageExpiryInterval", theirs: "messageExpiryInterval", kind: "fourByte", holders: ["PUBLISH", "WILL"] },
  { id: 0x03, ours: "contentType", theirs: "contentType", kind: "string", holders: ["PUBLISH", "WILL"] },
  { id: 0x08, ours: "responseTopic", theirs: "responseTopic", kind: "string", holders: ["PUBLISH", "WILL"] },
  { id: 0x09, ours: "correlationData", theirs: "correlationData", kind: "binary", holders: ["PUBLISH", "WILL"] },
  { id: 0x0b, ours: "subscriptionIdentifier", theirs: "subscriptionIdentifier", kind: "variableList", holders: ["PUBLISH", "SUBSCRIBE"] },
  { id: 0x11, ours: "sessionExpiryInterval", theirs: "sessionExpiryInterval", kind: "fourByte", holders: ["CONNECT", "CONNACK", "DISCONNECT"] },
  { id: 0x12, ours: "assignedClientIdentifier", theirs: "assignedClientIdentifier", kind: "string", holders: ["CONNACK"] },
  { id: 0x13, ours: "serverKeepAlive", theirs: "serverKeepAlive", kind: "twoByte", holders: ["CONNACK"] },
  { id: 0x15, ours: "authenticationMethod", theirs: "authenticationMethod", kind: "string", holders: ["CONNECT", "CONNACK", "AUTH"] },
  { id: 0x16, ours: "authenticationData", theirs: "authenticationData", kind: "binary", holders: ["CONNECT", "CONNACK", "AUTH"] },
  { id: 0x17, ours: "requestProblemInformation", theirs: "requestProblemInformation", kind: "flag", holders: ["CONNECT"] },
  { id: 0x18, ours: "willDelayInterval", theirs: "willDelayInterval", kind: "fourByte", holders: ["WILL"] },
  { id: 0x19, ours: "requestResponseInformation", theirs: "requestResponseInformation", kind: "flag", holders: ["CONNECT"] },
  { id: 0x1a, ours: "responseInformation", theirs: "responseInformation", kind: "string", holders: ["CONNACK"] },
  { id: 0x1c, ours: "serverReference", theirs: "serverReference", kind: "string", holders: ["CONNACK", "DISCONNECT"] },
  {
    id: 0x1f,
    ours: "reasonString",
    theirs: "reasonString",
    kind: "string",
    holders: ["CONNACK", ...PUBLISH_ACKS, "SUBACK", "UNSUBACK", "DISCONNECT", "AUTH"],
  },
  { id: 0x21, ours: "receiveMaximum", theirs: "receiveMaximum", kind: "twoByte", holders: ["CONNECT", "CONNACK"] },
  { id: 0x22, ours: "topicAliasMaximum", theirs: "topicAliasMaximum", kind: "twoByte", holders: ["CONNECT", "CONNACK"] },
  { id: 0x23, ours: "topicAlias", theirs: "topicAlias", kind: "twoByte", holders: ["PUBLISH"] },
  { id: 0x24, ours: "maximumQos", theirs: "maximumQoS", kind: "byte", holders: ["CONNACK"] },
  { id: 0x25, ours: "retainAvailable", theirs: "retainAvailable", kind: "flag", holders: ["CONNACK"] },
  {
    id: 0x26,
    ours: "userProperty",
    theirs: "userProperties",
    kind: "pairs",
    holders: [
      "CONNECT",
      "CONNACK",
      "PUBLISH",
      "WILL",
      ...PUBLISH_ACKS,
      "SUBSCRIBE",
      "SUBACK",
      "UNSUBSCRIBE",
      "UNSUBACK",
      "DISCONNECT",
      "AUTH",
    ],
  },
  { id: 0x27, ours: "maximumPacketSize", theirs: "maximumPacketSize", kind: "fourByte", holders: ["CONNECT", "CONNACK"] },
  { id: 0x28, ours: "wildcardSubscriptionAvailable", theirs: "wildcardSubscriptionAvailable", kind: "flag", holders: ["CONNACK"] },
  {
    id: 0x29,
    ours: "subscriptionIdentifierAvailable",
    theirs: "subscriptionIdentifiersAvailable",
    kind: "flag",
    holders: ["CONNACK"],
  },
  { id: 0x2a, ours: "sharedSubscriptionAvailable", theirs: "sharedSubscriptionAvailable", kind: "flag", holders: ["CONNACK"] },
];

/** Our subscription option names and mqtt-packet's (its 3.1.1 parser leaves the last three out). */
export const SUBSCRIPTION_OPTION_MAP: [keyof VectorSubscription, string][] = [
  ["topicFilter", "topic"],
  ["qos", "qos"],
  ["noLocal", "nl"],
  ["retainAsPublished", "rap"],
  ["retainHandling", "rh"],
];

/** The properties allowed on `holder`, from PROPERTY_MAP. */
export function propertiesAllowedOn(holder: PropertyHolder): PropertyMapping[] {
  return PROPERTY_MAP.filter((mapping) => mapping.holders.includes(holder));
}

/** An mqtt-packet packet object, handled as a plain record (its typings are looser than its code). */
export type MqttPacketObject = Record<string, unknown>;

const TWO_TO_32 = 4294967296;
const TWO_TO_31 = 2147483648;

function commandOf(type: string): string {
  const row = PACKET_COMMANDS.find((entry) => entry[0] === type);
  if (row === undefined) {
    throw new Error(`bridge: unknown packet type ${type}`);
  }
  return row[1];
}

function typeOf(command: string): string {
  const row = PACKET_COMMANDS.find((entry) => entry[1] === command);
  if (row === undefined) {
    throw new Error(`bridge: unknown mqtt-packet cmd ${command}`);
  }
  return row[0];
}

function hexToBuffer(hex: string): Buffer {
  return Buffer.from(hex, "hex");
}

function bufferToHex(value: unknown): string {
  if (!Buffer.isBuffer(value)) {
    throw new Error(`bridge: expected a Buffer, got ${typeof value}`);
  }
  return value.toString("hex");
}

/** Our flat user property list -> mqtt-packet's object (a prototype-less one, so any name is a plain key). */
function pairsToObject(list: string[]): Record<string, string | string[]> {
  if (list.length % 2 !== 0) {
    throw new Error("bridge: a user property list must hold name/value pairs");
  }
  const grouped: Record<string, string[]> = Object.create(null);
  for (let index = 0; index < list.length; index += 2) {
    const name = list[index];
    if (grouped[name] === undefined) {
      grouped[name] = [];
    }
    grouped[name].push(list[index + 1]);
  }
  const result: Record<string, string | string[]> = Object.create(null);
  for (const name of Object.getOwnPropertyNames(grouped)) {
    const values = grouped[name];
    result[name] = values.length === 1 ? values[0] : values;
  }
  return result;
}

/** mqtt-packet's user property object -> our flat list, in the object's own key order. */
function objectToPairs(value: unknown): string[] {
  if (typeof value !== "object" || value === null) {
    throw new Error("bridge: userProperties must be an object");
  }
  const record = value as Record<string, unknown>;
  const list: string[] = [];
  for (const name of Object.getOwnPropertyNames(record)) {
    const entry = record[name];
    const values = Array.isArray(entry) ? entry : [entry];
    for (const item of values) {
      list.push(name, String(item));
    }
  }
  return list;
}

/** Our properties -> mqtt-packet's, or undefined when there are none. */
export function propertiesToMqttPacket(properties: VectorProperties | undefined): MqttPacketObject | undefined {
  if (properties === undefined) {
    return undefined;
  }
  const result: MqttPacketObject = {};
  let count = 0;
  for (const name of Object.keys(properties)) {
    const mapping = PROPERTY_MAP.find((entry) => entry.ours === name);
    if (mapping === undefined) {
      throw new Error(`bridge: unknown property ${name}`);
    }
    const value = properties[name];
    if (value === undefined) {
      continue;
    }
    count += 1;
    switch (mapping.kind) {
      case "flag":
        result[mapping.theirs] = (value as number) !== 0;
        break;
      case "byte":
      case "twoByte":
      case "string":
        result[mapping.theirs] = value;
        break;
      case "fourByte": {
        const signed = value as number;
        result[mapping.theirs] = signed < 0 ? signed + TWO_TO_32 : signed;
        break;
      }
      case "variableList": {
        const list = value as number[];
        result[mapping.theirs] = list.length === 1 ? list[0] : list.slice();
        break;
      }
      case "binary":
        result[mapping.theirs] = hexToBuffer(value as string);
        break;
      case "pairs":
        result[mapping.theirs] = pairsToObject(value as string[]);
        break;
    }
  }
  return count === 0 ? undefined : result;
}

/** mqtt-packet's properties (possibly absent) -> ours (always an object). */
export function propertiesFromMqttPacket(properties: unknown): VectorProperties {
  const result: VectorProperties = {};
  if (properties === undefined) {
    return result;
  }
  if (typeof properties !== "object" || properties === null) {
    throw new Error("bridge: properties must be an object");
  }
  const record = properties as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const mapping = PROPERTY_MAP.find((entry) => entry.theirs === name);
    if (mapping === undefined) {
      throw new Error(`bridge: unknown mqtt-packet property ${name}`);
    }
    const value = record[name];
    if (value === undefined) {
      continue;
    }
    switch (mapping.kind) {
      case "flag":
        if (typeof value !== "boolean") {
          throw new Error(`bridge: ${name} should be a boolean`);
        }
        result[mapping.ours] = value ? 1 : 0;
        break;
      case "byte":
      case "twoByte":
      case "string":
        if (Array.isArray(value)) {
          throw new Error(`bridge: ${name} appears more than once`);
        }
        result[mapping.ours] = value as number | string;
        break;
      case "fourByte": {
        const unsigned = value as number;
        result[mapping.ours] = unsigned >= TWO_TO_31 ? unsigned - TWO_TO_32 : unsigned;
        break;
      }
      case "variableList":
        result[mapping.ours] = Array.isArray(value) ? (value as number[]).slice() : [value as number];
        break;
      case "binary":
        result[mapping.ours] = bufferToHex(value);
        break;
      case "pairs":
        result[mapping.ours] = objectToPairs(value);
        break;
    }
  }
  return result;
}

function setProperties(target: MqttPacketObject, properties: VectorProperties | undefined, version: number): void {
  if (version !== 5) {
    return;
  }
  const converted = propertiesToMqttPacket(properties);
  if (converted !== undefined) {
    target.properties = converted;
  }
}

/**
 * Our fields -> an mqtt-packet packet object for protocol `version` (the connection's; a CONNECT
 * uses its own `protocolVersion` field when present).
 */
export function toMqttPacket(fields: VectorFields, version: number): MqttPacketObject {
  const type = fields.type;
  const packet: MqttPacketObject = { cmd: commandOf(type) };
  switch (type) {
    case "CONNECT": {
      const level = fields.protocolVersion === undefined ? version : fields.protocolVersion;
      packet.protocolId = level === 3 ? "MQIsdp" : "MQTT";
      packet.protocolVersion = level;
      packet.clean = fields.cleanStart === true;
      packet.keepalive = fields.keepAlive === undefined ? 0 : fields.keepAlive;
      packet.clientId = fields.clientId === undefined ? "" : fields.clientId;
      if (fields.will !== undefined) {
        const will: MqttPacketObject = {
          topic: fields.will.topic,
          payload: hexToBuffer(fields.will.payload),
          qos: fields.will.qos,
          retain: fields.will.retain,
        };
        setProperties(will, fields.will.properties, level);
        packet.will = will;
      }
      if (fields.username !== undefined) {
        packet.username = fields.username;
      }
      if (fields.password !== undefined) {
        packet.password = Buffer.from(fields.password, "utf8");
      }
      setProperties(packet, fields.properties, level);
      return packet;
    }
    case "CONNACK":
      packet.sessionPresent = fields.sessionPresent === true;
      packet[version === 5 ? "reasonCode" : "returnCode"] = fields.reasonCode === undefined ? 0 : fields.reasonCode;
      setProperties(packet, fields.properties, version);
      return packet;
    case "PUBLISH": {
      const qos = fields.qos === undefined ? 0 : fields.qos;
      packet.topic = fields.topic === undefined ? "" : fields.topic;
      packet.payload = hexToBuffer(fields.payload === undefined ? "" : fields.payload);
      packet.qos = qos;
      packet.dup = fields.dup === true;
      packet.retain = fields.retain === true;
      if (qos > 0) {
        packet.messageId = fields.packetId;
      }
      setProperties(packet, fields.properties, version);
      return packet;
    }
    case "PUBACK":
    case "PUBREC":
    case "PUBREL":
    case "PUBCOMP":
      packet.messageId = fields.packetId;
      if (version === 5) {
        packet.reasonCode = fields.reasonCode === undefined ? 0 : fields.reasonCode;
      }
      setProperties(packet, fields.properties, version);
      return packet;
    case "SUBSCRIBE":
      packet.messageId = fields.packetId;
      packet.subscriptions = (fields.subscriptions === undefined ? [] : fields.subscriptions).map((entry) => {
        const subscription: MqttPacketObject = {};
        for (const [ours, theirs] of SUBSCRIPTION_OPTION_MAP) {
          if (version === 5 || ours === "topicFilter" || ours === "qos") {
            subscription[theirs] = entry[ours];
          }
        }
        return subscription;
      });
      setProperties(packet, fields.properties, version);
      return packet;
    case "SUBACK":
      packet.messageId = fields.packetId;
      packet.granted = (fields.reasonCodes === undefined ? [] : fields.reasonCodes).slice();
      setProperties(packet, fields.properties, version);
      return packet;
    case "UNSUBSCRIBE":
      packet.messageId = fields.packetId;
      packet.unsubscriptions = (fields.topicFilters === undefined ? [] : fields.topicFilters).slice();
      setProperties(packet, fields.properties, version);
      return packet;
    case "UNSUBACK":
      packet.messageId = fields.packetId;
      if (version === 5) {
        packet.granted = (fields.reasonCodes === undefined ? [] : fields.reasonCodes).slice();
      }
      setProperties(packet, fields.properties, version);
      return packet;
    case "PINGREQ":
    case "PINGRESP":
      return packet;
    case "DISCONNECT":
    case "AUTH":
      if (version === 5) {
        packet.reasonCode = fields.reasonCode === undefined ? 0 : fields.reasonCode;
      }
      setProperties(packet, fields.properties, version);
      return packet;
  }
  throw new Error(`bridge: unknown packet type ${type}`);
}

function numberField(packet: MqttPacketObject, name: string): number {
  const value = packet[name];
  if (typeof value !== "number") {
    throw new Error(`bridge: ${String(packet.cmd)}.${name} should be a number, got ${typeof value}`);
  }
  return value;
}

function stringField(record: MqttPacketObject, name: string): string {
  const value = record[name];
  if (typeof value !== "string") {
    throw new Error(`bridge: ${name} should be a string, got ${typeof value}`);
  }
  return value;
}

/**
 * An mqtt-packet packet object (as its parser emits it) -> our canonical fields for protocol
 * `version`, exactly as the adapter's decodeVector would write them.
 */
export function fromMqttPacket(packet: MqttPacketObject, version: number): VectorFields {
  const type = typeOf(String(packet.cmd));
  const fields: VectorFields = { type: type };
  const withProperties = version === 5;
  switch (type) {
    case "CONNECT": {
      const level = numberField(packet, "protocolVersion");
      fields.protocolVersion = level;
      fields.cleanStart = packet.clean === true;
      fields.keepAlive = numberField(packet, "keepalive");
      fields.clientId = stringField(packet, "clientId");
      const will = packet.will as MqttPacketObject | undefined;
      if (will !== undefined) {
        const ourWill: VectorWill = {
          topic: stringField(will, "topic"),
          payload: bufferToHex(will.payload),
          qos: numberField(will, "qos"),
          retain: will.retain === true,
        };
        if (level === 5) {
          ourWill.properties = propertiesFromMqttPacket(will.properties);
        }
        fields.will = ourWill;
      }
      if (packet.username !== undefined) {
        fields.username = stringField(packet, "username");
      }
      if (packet.password !== undefined) {
        const password = packet.password;
        fields.password = Buffer.isBuffer(password) ? password.toString("utf8") : String(password);
      }
      if (level === 5) {
        fields.properties = propertiesFromMqttPacket(packet.properties);
      }
      return fields;
    }
    case "CONNACK":
      fields.sessionPresent = packet.sessionPresent === true;
      fields.reasonCode = numberField(packet, withProperties ? "reasonCode" : "returnCode");
      break;
    case "PUBLISH": {
      const qos = numberField(packet, "qos");
      fields.dup = packet.dup === true;
      fields.qos = qos;
      fields.retain = packet.retain === true;
      fields.topic = stringField(packet, "topic");
      if (qos > 0) {
        fields.packetId = numberField(packet, "messageId");
      }
      fields.payload = bufferToHex(packet.payload);
      break;
    }
    case "PUBACK":
    case "PUBREC":
    case "PUBREL":
    case "PUBCOMP":
      fields.packetId = numberField(packet, "messageId");
      fields.reasonCode = withProperties && packet.reasonCode !== undefined ? numberField(packet, "reasonCode") : 0;
      break;
    case "SUBSCRIBE": {
      fields.packetId = numberField(packet, "messageId");
      const subscriptions = packet.subscriptions as MqttPacketObject[];
      fields.subscriptions = subscriptions.map((entry) => ({
        topicFilter: stringField(entry, "topic"),
        qos: numberField(entry, "qos"),
        noLocal: entry.nl === true,
        retainAsPublished: entry.rap === true,
        retainHandling: entry.rh === undefined ? 0 : (entry.rh as number),
      }));
      break;
    }
    case "SUBACK":
      fields.packetId = numberField(packet, "messageId");
      fields.reasonCodes = (packet.granted as number[]).slice();
      break;
    case "UNSUBSCRIBE":
      fields.packetId = numberField(packet, "messageId");
      fields.topicFilters = (packet.unsubscriptions as string[]).slice();
      break;
    case "UNSUBACK":
      fields.packetId = numberField(packet, "messageId");
      if (withProperties) {
        fields.reasonCodes = (packet.granted as number[]).slice();
      }
      break;
    case "PINGREQ":
    case "PINGRESP":
      return fields;
    case "DISCONNECT":
    case "AUTH":
      fields.reasonCode = withProperties && packet.reasonCode !== undefined ? numberField(packet, "reasonCode") : 0;
      break;
  }
  if (withProperties) {
    fields.properties = propertiesFromMqttPacket(packet.properties);
  }
  return fields;
}

/** Regroups a flat user property list by name: names sorted, each name's values in order. */
export function groupUserProperties(list: string[]): string[] {
  const grouped = new Map<string, string[]>();
  for (let index = 0; index + 1 < list.length; index += 2) {
    const values = grouped.get(list[index]);
    if (values === undefined) {
      grouped.set(list[index], [list[index + 1]]);
    } else {
      values.push(list[index + 1]);
    }
  }
  const names = [...grouped.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const result: string[] = [];
  for (const name of names) {
    for (const value of grouped.get(name) as string[]) {
      result.push(name, value);
    }
  }
  return result;
}

function normalizeProperties(properties: VectorProperties | undefined): VectorProperties | undefined {
  if (properties === undefined) {
    return undefined;
  }
  const result: VectorProperties = { ...properties };
  if (Array.isArray(result.userProperty)) {
    result.userProperty = groupUserProperties(result.userProperty as string[]);
  }
  return result;
}

/**
 * Fields in a form both sides can agree on: a deep copy with user properties grouped by name
 * (the one ordering mqtt-packet cannot keep). Everything else is compared as it is.
 */
export function normalizeFields(fields: VectorFields): VectorFields {
  const copy = JSON.parse(JSON.stringify(fields)) as VectorFields;
  copy.properties = normalizeProperties(copy.properties);
  if (copy.properties === undefined) {
    delete copy.properties;
  }
  if (copy.will !== undefined && copy.will.properties !== undefined) {
    copy.will.properties = normalizeProperties(copy.will.properties);
  }
  return copy;
}

/** mqtt-packet's bytes for our fields (throws what mqtt-packet throws when it refuses them). */
export function mqttPacketGenerate(fields: VectorFields, version: number): Buffer {
  return generate(toMqttPacket(fields, version) as unknown as Packet, { protocolVersion: version });
}

/** What mqtt-packet's parser made of some bytes: the packets it emitted and its first error. */
export interface MqttPacketParse {
  packets: MqttPacketObject[];
  error: Error | undefined;
  /** Bytes it kept back (an incomplete packet). */
  leftover: number;
}

/**
 * Parses `bytes` with a fresh mqtt-packet parser for protocol `version` (the parser emits
 * synchronously). One parser per call: mqtt-packet's DISCONNECT/AUTH parsing reads the
 * property length from the whole buffered list, so a code-only DISCONNECT followed by another
 * packet in the same buffer is misread; callers parse one packet at a time.
 */
export function mqttPacketParse(bytes: Uint8Array, version: number): MqttPacketParse {
  const instance = parser({ protocolVersion: version });
  const result: MqttPacketParse = { packets: [], error: undefined, leftover: 0 };
  instance.on("packet", (packet) => {
    result.packets.push(packet as unknown as MqttPacketObject);
  });
  instance.on("error", (error: Error) => {
    if (result.error === undefined) {
      result.error = error;
    }
  });
  result.leftover = instance.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return result;
}

/**
 * fast-check arbitraries for random *valid* MQTT packets, as our canonical vector fields (the
 * very JSON the adapter's decodeVector writes), for MQTT 3.1 (level 3), 3.1.1 (4) and 5.0 (5).
 * "Valid" means what the specification lets a sender put on the wire, field by field; each rule
 * the arbitraries respect names its clause. Reason codes and property placement are written down
 * from the specification, not taken from src/, so they check the codec's tables too.
 *
 * `mqttPacketCompatible` leaves out the valid packets mqtt-packet v9 mishandles (each case names
 * the spec clause and the mqtt-packet code), so that differences found are ours to explain.
 */
import fc from "fast-check";
import type { VectorFields, VectorProperties, VectorSubscription, VectorWill } from "../vectors/adapter";
import { PROPERTY_MAP, PropertyHolder, PropertyMapping, propertiesAllowedOn } from "./mqtt-packet-bridge";

/** How many cases each property runs: MOTE_FC_RUNS, or 10,000 (the CI floor). */
export const NUM_RUNS = process.env.MOTE_FC_RUNS === undefined ? 10000 : Number(process.env.MOTE_FC_RUNS);

/** fast-check parameters for every property here: run count, and MOTE_FC_SEED to replay a failure. */
export function fcParameters(): fc.Parameters<unknown> {
  const parameters: fc.Parameters<unknown> = { numRuns: NUM_RUNS };
  if (process.env.MOTE_FC_SEED !== undefined) {
    parameters.seed = Number(process.env.MOTE_FC_SEED);
  }
  return parameters;
}

/** Options for the packet arbitraries. */
export interface PacketOptions {
  /** Leave out the valid packets mqtt-packet v9 cannot parse or generate faithfully. */
  mqttPacketCompatible: boolean;
}

/** Reason codes each packet may carry, from the specification's per-packet tables. */
export const REASON_CODES = {
  /** MQTT 3.1.1 §3.2.2.3: CONNACK return codes 0-5. */
  connack4: [0, 1, 2, 3, 4, 5],
  /** MQTT 5.0 §3.2.2.2. */
  connack5: [
    0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a, 0x9b,
    0x9c, 0x9d, 0x9f,
  ],
  /** MQTT 5.0 §3.4.2.1 (PUBACK) and §3.5.2.1 (PUBREC). */
  pubackPubrec: [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99],
  /** MQTT 5.0 §3.6.2.1 (PUBREL) and §3.7.2.1 (PUBCOMP). */
  pubrelPubcomp: [0x00, 0x92],
  /** MQTT 3.1.1 §3.9.3. */
  suback4: [0x00, 0x01, 0x02, 0x80],
  /** MQTT 5.0 §3.9.3. */
  suback5: [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2],
  /** MQTT 5.0 §3.11.3. */
  unsuback5: [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91],
  /**
   * MQTT 5.0 §3.14.2.1. Table 2-6 (§2.4) also lists 0x8C "Bad authentication method" for
   * DISCONNECT and our codec follows it; §3.14.2.1 and mqtt-packet (MQTT5_DISCONNECT_CODES) do
   * not. 0x8C is added below only when mqtt-packet is not involved.
   */
  disconnect5: [
    0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
    0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
  ],
  /** MQTT 5.0 §3.15.2.1. */
  auth5: [0x00, 0x18, 0x19],
};

/**
 * Characters for topic levels: ASCII, `$`, JSON-sensitive `"` and `\`, and two-, three- and
 * four-byte UTF-8. Never `/`, `+`, `#` (structure) or U+0000 (MQTT 5.0 §1.5.4, [MQTT-1.5.4-2]).
 */
const TOPIC_CHARS = ["a", "b", "x", "0", "-", "_", " ", "$", '"', "\\", "é", "ß", "€", "漢", "😀"];

/** Characters for other strings: the topic ones plus `/`, `+`, `#`, and control characters. */
const TEXT_CHARS = [...TOPIC_CHARS, "/", "+", "#", "\n", "\t", "\u0001", "\u001f", "\u007f", "\u00a0", "\ufffd"];

/** A topic level (possibly empty). */
const topicLevel = fc.string({ unit: fc.constantFrom(...TOPIC_CHARS), maxLength: 3 });

/**
 * A topic name: 1..4 levels joined by `/`, at least one byte, no wildcards
 * (MQTT 3.1.1 §4.7.3 [MQTT-4.7.3-1], §4.7.1 [MQTT-4.7.1-1]; the same in 5.0).
 */
export const topicNameArbitrary = fc
  .array(topicLevel, { minLength: 1, maxLength: 4 })
  .map((levels) => levels.join("/"))
  .filter((topic) => topic.length > 0);

/**
 * A topic filter: levels that are plain, empty, or `+`; optionally a last `#` level
 * (§4.7.1.2, §4.7.1.3); at least one byte ([MQTT-4.7.3-1]).
 */
const plainFilterArbitrary = fc
  .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: topicLevel }, { weight: 1, arbitrary: fc.constant("+") }), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([levels, hash]) => (hash ? [...levels, "#"] : levels).join("/"))
  .filter((filter) => filter.length > 0);

/** A share name: at least one character, no `/`, `+` or `#` (MQTT 5.0 §4.8.2 [MQTT-4.8.2-1], [MQTT-4.8.2-2]). */
const shareNameArbitrary = fc.string({ unit: fc.constantFrom(...TOPIC_CHARS), minLength: 1, maxLength: 3 });

/** A topic filter; in MQTT 5 sometimes a shared subscription `$share/{ShareName}/{filter}`. */
function topicFilterArbitrary(version: number): fc.Arbitrary<string> {
  if (version !== 5) {
    return plainFilterArbitrary;
  }
  return fc.oneof(
    { weight: 5, arbitrary: plainFilterArbitrary },
    { weight: 1, arbitrary: fc.tuple(shareNameArbitrary, plainFilterArbitrary).map(([name, filter]) => `$share/${name}/${filter}`) },
  );
}

/** Any UTF-8 string of a few characters (no U+0000). */
const textArbitrary = fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 6 });

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Binary data as hex text. */
const binaryArbitrary = fc.uint8Array({ maxLength: 12 }).map(toHex);

/**
 * A payload: mostly short, sometimes a few hundred bytes (two-byte remaining length), rarely
 * just over 16 KiB (three-byte remaining length).
 */
const payloadArbitrary = fc.oneof(
  { weight: 40, arbitrary: fc.uint8Array({ maxLength: 40 }).map(toHex) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 100, maxLength: 300 }).map(toHex) },
  {
    weight: 1,
    arbitrary: fc.record({ length: fc.integer({ min: 16370, max: 16400 }), step: fc.integer({ min: 1, max: 255 }) }).map(({ length, step }) => {
      const bytes = new Uint8Array(length);
      for (let index = 0; index < length; index++) {
        bytes[index] = (index * step) % 256;
      }
      return toHex(bytes);
    }),
  },
);

const packetIdArbitrary = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 255, 256, 65535));
const qosArbitrary = fc.constantFrom(0, 1, 2);

/** A four-byte integer as our signed 32-bit value, from the whole unsigned range. */
function fourByteArbitrary(minimum: number): fc.Arbitrary<number> {
  return fc
    .oneof(fc.integer({ min: minimum, max: 300 }), fc.integer({ min: minimum, max: 4294967295 }), fc.constantFrom(2147483647, 2147483648, 4294967295))
    .map((unsigned) => (unsigned >= 2147483648 ? unsigned - 4294967296 : unsigned));
}

/** A variable byte integer 1..268,435,455, biased to the size boundaries. */
const subscriptionIdentifierArbitrary = fc.oneof(
  fc.integer({ min: 1, max: 268435455 }),
  fc.constantFrom(1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455),
);

/** A user property name: often one of a few (so names repeat), sometimes awkward object keys. */
const userPropertyNameArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "") },
  { weight: 1, arbitrary: fc.constantFrom("7", "__proto__", "toString") },
  { weight: 3, arbitrary: textArbitrary },
);

/** MQTT 5.0 §3.1.2.11.2 etc.: User Property is a UTF-8 string pair; names and values may repeat. */
function userPropertyArbitrary(options: PacketOptions): fc.Arbitrary<string[]> {
  return fc
    .array(fc.tuple(userPropertyNameArbitrary, textArbitrary), { minLength: 1, maxLength: 4 })
    .map((pairs) => pairs.flat())
    .filter((list) => !options.mqttPacketCompatible || !losesEmptyUserPropertyValue(list));
}

/**
 * Whether mqtt-packet's parser would lose a value of `list`: it folds a repeated name into an
 * array only when the stored value is truthy (parser.js `_parseProperties`), so a first value ""
 * is overwritten by the next one with that name. The spec allows empty strings (MQTT 5.0 §1.5.4,
 * §1.5.7 UTF-8 String Pair): this is mqtt-packet's bug, not a rule.
 */
export function losesEmptyUserPropertyValue(list: string[]): boolean {
  const firstValue = new Map<string, string>();
  for (let index = 0; index + 1 < list.length; index += 2) {
    const name = list[index];
    const first = firstValue.get(name);
    if (first === undefined) {
      firstValue.set(name, list[index + 1]);
    } else if (first === "") {
      return true;
    }
  }
  return false;
}

/** A value for one property on `holder`, in its spec range. */
function propertyValueArbitrary(mapping: PropertyMapping, holder: PropertyHolder, options: PacketOptions): fc.Arbitrary<unknown> {
  switch (mapping.ours) {
    case "receiveMaximum": // §3.1.2.11.3, §3.2.2.3.3: 0 is a Protocol Error
    case "topicAlias": // §3.3.2.3.4: 0 is a Protocol Error
      return fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 65535));
    case "maximumPacketSize": // §3.1.2.11.4: 0 is a Protocol Error
      return fourByteArbitrary(1);
    case "maximumQos": // §3.2.2.3.4: 0 or 1
      return fc.constantFrom(0, 1);
    case "responseTopic": // §3.3.2.3.5: a Topic Name, no wildcards [MQTT-3.3.2-14]
      return topicNameArbitrary;
    case "subscriptionIdentifier": // §3.3.2.3.8: several in PUBLISH; §3.8.2.1.2: one in SUBSCRIBE
      return holder === "PUBLISH" ? fc.array(subscriptionIdentifierArbitrary, { minLength: 1, maxLength: 3 }) : subscriptionIdentifierArbitrary.map((id) => [id]);
  }
  switch (mapping.kind) {
    case "flag": // §2.2.2.2: these bytes are 0 or 1
      return fc.constantFrom(0, 1);
    case "byte":
      return fc.integer({ min: 0, max: 255 });
    case "twoByte":
      return fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 65535));
    case "fourByte":
      return fourByteArbitrary(0);
    case "variableList":
      return subscriptionIdentifierArbitrary.map((id) => [id]);
    case "string":
      return textArbitrary;
    case "binary":
      return binaryArbitrary;
    case "pairs":
      return userPropertyArbitrary(options);
  }
}

/**
 * Random properties allowed on `holder` (MQTT 5.0 Table 2-4), each present or not; often none.
 * Authentication Data only with an Authentication Method (§3.1.2.11.10: "It is a Protocol Error
 * to include Authentication Data if there is no Authentication Method").
 */
export function propertiesArbitrary(holder: PropertyHolder, options: PacketOptions): fc.Arbitrary<VectorProperties> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const mapping of propertiesAllowedOn(holder)) {
    model[mapping.ours] = propertyValueArbitrary(mapping, holder, options);
  }
  const some = fc.record(model, { requiredKeys: [] }).map((record) => {
    const properties = record as VectorProperties;
    if (properties.authenticationData !== undefined && properties.authenticationMethod === undefined) {
      delete properties.authenticationData;
    }
    return properties;
  });
  return fc.oneof({ weight: 1, arbitrary: fc.constant({} as VectorProperties) }, { weight: 3, arbitrary: some });
}

/** Every property we can name, for completeness checks. */
export const ALL_PROPERTY_NAMES = PROPERTY_MAP.map((mapping) => mapping.ours);

function connectArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  const clientId =
    version === 3
      ? // MQTT 3.1 §3.1: the client identifier is 1 to 23 characters.
        fc.string({ unit: fc.constantFrom("a", "b", "z", "0", "9", "-"), minLength: 1, maxLength: 8 })
      : fc.oneof(textArbitrary, fc.constant(""));
  const will = fc.record(
    {
      topic: topicNameArbitrary, // §3.1.3.3: the Will Topic is a Topic Name
      payload: fc.uint8Array({ maxLength: 20 }).map(toHex),
      qos: qosArbitrary,
      retain: fc.boolean(),
      properties: version === 5 ? propertiesArbitrary("WILL", options) : fc.constant(undefined),
    },
    { requiredKeys: ["topic", "payload", "qos", "retain"] },
  );
  return fc
    .record(
      {
        cleanStart: fc.boolean(),
        keepAlive: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 65535)),
        clientId: clientId,
        will: will,
        username: textArbitrary,
        password: textArbitrary,
        properties: propertiesArbitrary("CONNECT", options),
      },
      { requiredKeys: ["cleanStart", "keepAlive", "clientId"] },
    )
    .map((record) => {
      const fields: VectorFields = { type: "CONNECT", protocolVersion: version, ...record };
      if (fields.will !== undefined) {
        const willFields: VectorWill = { ...fields.will };
        if (version === 5) {
          willFields.properties = willFields.properties === undefined ? {} : willFields.properties;
        } else {
          delete willFields.properties;
        }
        fields.will = willFields;
      }
      if (version === 5) {
        fields.properties = fields.properties === undefined ? {} : fields.properties;
      } else {
        delete fields.properties;
      }
      // MQTT 3.1.1 [MQTT-3.1.2-22]: no password without a user name. MQTT 5.0 §3.1.2.9 allows it,
      // but mqtt-packet's generator refuses it ("Username is required to use password").
      if (fields.password !== undefined && fields.username === undefined && (version !== 5 || options.mqttPacketCompatible)) {
        delete fields.password;
      }
      // MQTT 3.1.1 [MQTT-3.1.3-7]: a zero-byte client id needs Clean Session 1. MQTT 5.0 §3.1.3.1
      // has no such rule, but mqtt-packet's generator refuses it ("clientId must be given if
      // cleanSession set to 0").
      if (fields.clientId === "" && (version !== 5 || options.mqttPacketCompatible)) {
        fields.cleanStart = true;
      }
      return fields;
    });
}

function connackArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  return fc
    .record({
      sessionPresent: fc.boolean(),
      reasonCode: fc.constantFrom(...(version === 5 ? REASON_CODES.connack5 : REASON_CODES.connack4)),
      properties: version === 5 ? propertiesArbitrary("CONNACK", options) : fc.constant(undefined),
    })
    .map((record) => {
      const fields: VectorFields = { type: "CONNACK", ...record };
      // [MQTT-3.2.2-4] (3.1.1) and [MQTT-3.2.2-6] (5.0): Session Present is 0 with a refusal.
      if (fields.reasonCode !== 0) {
        fields.sessionPresent = false;
      }
      if (version !== 5) {
        delete fields.properties;
      }
      return fields;
    });
}

function publishArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  return fc
    .record({
      qos: qosArbitrary,
      dup: fc.boolean(),
      retain: fc.boolean(),
      // MQTT 5.0 §3.3.2.1: a zero-length topic with a Topic Alias.
      topic: version === 5 ? fc.oneof({ weight: 6, arbitrary: topicNameArbitrary }, { weight: 1, arbitrary: fc.constant("") }) : topicNameArbitrary,
      packetId: packetIdArbitrary,
      payload: payloadArbitrary,
      properties: version === 5 ? propertiesArbitrary("PUBLISH", options) : fc.constant(undefined),
      alias: fc.integer({ min: 1, max: 65535 }),
    })
    .map((record) => {
      const fields: VectorFields = {
        type: "PUBLISH",
        // [MQTT-3.3.1-2]: DUP is 0 for QoS 0.
        dup: record.qos > 0 && record.dup,
        qos: record.qos,
        retain: record.retain,
        topic: record.topic,
        payload: record.payload,
      };
      if (record.qos > 0) {
        fields.packetId = record.packetId;
      }
      if (version === 5) {
        const properties: VectorProperties = { ...record.properties };
        if (record.topic === "" && properties.topicAlias === undefined) {
          properties.topicAlias = record.alias;
        }
        fields.properties = properties;
      }
      return fields;
    });
}

function ackArbitrary(type: string, version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  const codes = type === "PUBACK" || type === "PUBREC" ? REASON_CODES.pubackPubrec : REASON_CODES.pubrelPubcomp;
  return fc
    .record({
      packetId: packetIdArbitrary,
      reasonCode: version === 5 ? fc.constantFrom(...codes) : fc.constant(0),
      properties: version === 5 ? propertiesArbitrary(type as PropertyHolder, options) : fc.constant(undefined),
    })
    .map((record) => {
      const fields: VectorFields = { type: type, ...record };
      if (version !== 5) {
        delete fields.properties;
      }
      return fields;
    });
}

function subscriptionArbitrary(version: number): fc.Arbitrary<VectorSubscription> {
  if (version !== 5) {
    // MQTT 3.1.1 §3.8.3.1: the options byte holds only the QoS.
    return fc.record({
      topicFilter: topicFilterArbitrary(version),
      qos: qosArbitrary,
      noLocal: fc.constant(false),
      retainAsPublished: fc.constant(false),
      retainHandling: fc.constant(0),
    });
  }
  return fc
    .record({
      topicFilter: topicFilterArbitrary(version),
      qos: qosArbitrary,
      noLocal: fc.boolean(),
      retainAsPublished: fc.boolean(),
      // §3.8.3.1: retain handling 3 is a Protocol Error.
      retainHandling: fc.constantFrom(0, 1, 2),
    })
    .map((subscription) => {
      // [MQTT-3.8.3-4]: No Local on a shared subscription is a Protocol Error.
      if (subscription.topicFilter.startsWith("$share/")) {
        return { ...subscription, noLocal: false };
      }
      return subscription;
    });
}

function subscribeArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  return fc
    .record({
      packetId: packetIdArbitrary,
      // [MQTT-3.8.3-3]: at least one filter.
      subscriptions: fc.array(subscriptionArbitrary(version), { minLength: 1, maxLength: 4 }),
      properties: version === 5 ? propertiesArbitrary("SUBSCRIBE", options) : fc.constant(undefined),
    })
    .map((record) => {
      const fields: VectorFields = { type: "SUBSCRIBE", ...record };
      if (version !== 5) {
        delete fields.properties;
      }
      return fields;
    });
}

function subackArbitrary(type: string, version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  const codes = type === "SUBACK" ? (version === 5 ? REASON_CODES.suback5 : REASON_CODES.suback4) : REASON_CODES.unsuback5;
  return fc
    .record({
      packetId: packetIdArbitrary,
      reasonCodes: fc.array(fc.constantFrom(...codes), { minLength: 1, maxLength: 5 }),
      properties: version === 5 ? propertiesArbitrary(type as PropertyHolder, options) : fc.constant(undefined),
    })
    .map((record) => {
      const fields: VectorFields = { type: type, ...record };
      if (version !== 5) {
        delete fields.properties;
        if (type === "UNSUBACK") {
          // MQTT 3.1.1 §3.11: UNSUBACK has no payload.
          delete fields.reasonCodes;
        }
      }
      return fields;
    });
}

function unsubscribeArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  return fc
    .record({
      packetId: packetIdArbitrary,
      // [MQTT-3.10.3-2]: at least one filter.
      topicFilters: fc.array(topicFilterArbitrary(version), { minLength: 1, maxLength: 4 }),
      properties: version === 5 ? propertiesArbitrary("UNSUBSCRIBE", options) : fc.constant(undefined),
    })
    .map((record) => {
      const fields: VectorFields = { type: "UNSUBSCRIBE", ...record };
      if (version !== 5) {
        delete fields.properties;
      }
      return fields;
    });
}

function reasonPacketArbitrary(type: string, version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  if (version !== 5) {
    return fc.constant({ type: type, reasonCode: 0 });
  }
  let codes = type === "AUTH" ? REASON_CODES.auth5 : REASON_CODES.disconnect5;
  if (type === "DISCONNECT" && !options.mqttPacketCompatible) {
    codes = [...codes, 0x8c];
  }
  return fc
    .record({
      reasonCode: fc.constantFrom(...codes),
      properties: propertiesArbitrary(type as PropertyHolder, options),
    })
    .map((record): VectorFields => ({ type: type, ...record }))
    .filter(
      (fields) =>
        // MQTT 5.0 §3.15.2.1 lets an AUTH with code 0 and no properties have Remaining Length 0
        // (our encoder writes that), but mqtt-packet's parser always reads a reason code there
        // (parser.js `_parseAuth`) and fails with "Invalid auth reason code".
        !(options.mqttPacketCompatible && type === "AUTH" && fields.reasonCode === 0 && Object.keys(fields.properties ?? {}).length === 0),
    );
}

/** A random valid packet of any type allowed in `version`, as canonical fields. */
export function packetFieldsArbitrary(version: number, options: PacketOptions): fc.Arbitrary<VectorFields> {
  const choices: fc.Arbitrary<VectorFields>[] = [
    connectArbitrary(version, options),
    connackArbitrary(version, options),
    publishArbitrary(version, options),
    publishArbitrary(version, options),
    ackArbitrary("PUBACK", version, options),
    ackArbitrary("PUBREC", version, options),
    ackArbitrary("PUBREL", version, options),
    ackArbitrary("PUBCOMP", version, options),
    subscribeArbitrary(version, options),
    subackArbitrary("SUBACK", version, options),
    unsubscribeArbitrary(version, options),
    subackArbitrary("UNSUBACK", version, options),
    fc.constant({ type: "PINGREQ" }),
    fc.constant({ type: "PINGRESP" }),
    reasonPacketArbitrary("DISCONNECT", version, options),
  ];
  if (version === 5) {
    choices.push(reasonPacketArbitrary("AUTH", version, options));
  }
  return fc.oneof(...choices);
}

/** Protocol levels: mostly 3.1.1 and 5.0, sometimes 3.1. */
export const versionArbitrary = fc.oneof({ weight: 1, arbitrary: fc.constant(3) }, { weight: 4, arbitrary: fc.constant(4) }, { weight: 5, arbitrary: fc.constant(5) });

/** One packet and its protocol level. */
export interface PacketCase {
  version: number;
  fields: VectorFields;
}

export function packetCaseArbitrary(options: PacketOptions): fc.Arbitrary<PacketCase> {
  return versionArbitrary.chain((version) => packetFieldsArbitrary(version, options).map((fields) => ({ version, fields })));
}

/** Several packets of one protocol level (a stream). */
export interface StreamCase {
  version: number;
  packets: VectorFields[];
}

export function streamCaseArbitrary(options: PacketOptions, maxPackets: number): fc.Arbitrary<StreamCase> {
  return versionArbitrary.chain((version) =>
    fc.array(packetFieldsArbitrary(version, options), { minLength: 1, maxLength: maxPackets }).map((packets) => ({ version, packets })),
  );
}

/**
 * A chunking pattern: chunk lengths used in turn, over and over, until the input is used up.
 * Zero-length chunks are included when `allowEmpty`.
 */
export function chunkPatternArbitrary(allowEmpty: boolean): fc.Arbitrary<number[]> {
  const sizes: fc.WeightedArbitrary<number>[] = [
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 200 }) },
  ];
  if (allowEmpty) {
    sizes.push({ weight: 1, arbitrary: fc.constant(0) });
  }
  const length = fc.oneof(...sizes);
  return fc.array(length, { minLength: 1, maxLength: 12 }).filter((pattern) => pattern.some((size) => size > 0));
}

/** The [offset, length] chunks `pattern` cuts `total` bytes into. */
export function chunksOf(total: number, pattern: number[]): [number, number][] {
  const chunks: [number, number][] = [];
  let offset = 0;
  let turn = 0;
  while (offset < total) {
    const size = Math.min(pattern[turn % pattern.length], total - offset);
    chunks.push([offset, size]);
    offset += size;
    turn += 1;
  }
  return chunks;
}

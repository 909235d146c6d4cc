/**
 * The core client's MQTT 5 features on Node: topic aliases both ways, request/response,
 * subscription identifiers and user properties, Maximum QoS and Retain Available, reason strings
 * and enhanced authentication (AUTH). Real brokers (aedes 2.0.0-beta.1, mosquitto) wherever one
 * exercises the feature; where neither ever sends a packet (a broker-assigned topic alias, AUTH,
 * a reason string), a scripted server built on mqtt-packet (the reference codec) sends it.
 */
import * as net from "node:net";
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import mqttPacket from "mqtt-packet";
import type { Packet } from "mqtt-packet";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { mosquittoAvailable, startMosquitto } from "../brokers/mosquitto";
import { connectMqtt, closed } from "../brokers/mqtt-util";
import { listen, closeServer } from "../brokers/net-util";
import { newClient, clientConnect, clientPoll, clientDisconnect, clientAuthenticate, clientReasonString } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import { clientRespond } from "../../src/mqtt/client-respond";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client, ClientOptions } from "../../src/mqtt/client-state";
import type { PacketView } from "../../src/mqtt/codec-decode";
import { newStreamDecoder, feedStream } from "../../src/mqtt/codec-stream";
import { PropertyId } from "../../src/mqtt/property-table";
import { findProperty, propertyInteger } from "../../src/mqtt/properties";
import { readVariableInteger } from "../../src/mqtt/wire";
import { Status, statusName } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";
import { messageTopic, messagePayload } from "../../src/mqtt/message";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import { until } from "./driver";

/** A PUBLISH the client wrote, as it went on the wire. */
interface SentPublish {
  topic: string;
  alias: number;
  payload: string;
}

/** A client on a socket whose writes are also decoded, so tests see the packets it sent. */
interface TappedClient {
  client: Client;
  sent: SentPublish[];
  messages: { topic: string; payload: string; subscriptionIds: number[]; view: PacketView }[];
  closes: string[];
  auths: number[];
  connects: number;
  onMessage: (view: PacketView) => void;
  onAuth: (view: PacketView) => void;
  stop(): void;
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function text(store: Uint8Array, offset: number, length: number): string {
  return Buffer.from(store.subarray(offset, offset + length)).toString("utf8");
}

/** Every value of a repeatable integer property (Subscription Identifier) in a view. */
function integers(view: PacketView, id: number): number[] {
  const values: number[] = [];
  const reading = { value: 0, byteCount: 0 };
  for (let occurrence = 0; ; occurrence++) {
    const at = findProperty(view.properties, id, occurrence);
    if (at < 0) return values;
    readVariableInteger(view.properties.store, at, view.properties.end, reading);
    values.push(reading.value);
  }
}

function tappedClient(port: number, clientId: string, adjust: (options: ClientOptions) => void): TappedClient {
  const options = defaultClientOptions("127.0.0.1", port, clientId);
  options.version = 5;
  options.minimumBackoffMs = 50;
  options.maximumBackoffMs = 200;
  adjust(options);
  const socket = newNodeSocket();
  const decoder = newStreamDecoder(nodePlatform, 5, 65536);
  const tapped: TappedClient = {
    sent: [],
    messages: [],
    closes: [],
    auths: [],
    connects: 0,
    onMessage: () => undefined,
    onAuth: () => undefined,
  } as unknown as TappedClient;
  const tap = {
    open: socket.open,
    close: socket.close,
    write(store: Uint8Array, offset: number, length: number): number {
      const taken = socket.write(store, offset, length);
      let position = offset;
      const end = offset + Math.max(taken, 0);
      while (position < end) {
        position += feedStream(decoder, store, position, end - position);
        if (decoder.status === Status.Success && decoder.decoder.view.type === PacketType.Publish) {
          const view = decoder.decoder.view;
          tapped.sent.push({
            topic: text(view.store as Uint8Array, view.topicOffset, view.topicLength),
            alias: propertyInteger(view.properties, PropertyId.TopicAlias, 0),
            payload: text(view.store as Uint8Array, view.payloadOffset, view.payloadLength),
          });
        }
      }
      return taken;
    },
  };
  tapped.client = newClient(nodePlatform, tap, options, {
    onConnect: () => {
      tapped.connects += 1;
    },
    onClose: (status, reasonCode) => tapped.closes.push(`${statusName(status)}:${reasonCode}`),
    onMessage: (view) => {
      tapped.messages.push({
        topic: messageTopic(nodePlatform, view),
        payload: messagePayload(nodePlatform, view),
        subscriptionIds: integers(view, PropertyId.SubscriptionIdentifier),
        view,
      });
      tapped.onMessage(view);
    },
    onPublished: () => undefined,
    onSubscribed: () => undefined,
    onUnsubscribed: () => undefined,
    onPingResponse: () => undefined,
    onAuth: (view) => {
      tapped.auths.push(view.reasonCode);
      tapped.onAuth(view);
    },
  });
  const tick = setInterval(() => clientPoll(tapped.client, nodePlatform.nowMs()), 5);
  tapped.stop = () => {
    clearInterval(tick);
    clientDisconnect(tapped.client, false);
  };
  stops.push(tapped.stop);
  return tapped;
}

describe("MQTT 5 against aedes 2", () => {
  let broker: RunningAedes;
  beforeAll(async () => {
    broker = await startAedes({ version: 2, aedes: { topicAliasMaximum: 3 } as never });
  });
  afterAll(async () => {
    await broker.close();
  });

  it("assigns outbound topic aliases, reusing the least recently used, and the peer sees every topic", async () => {
    const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
    const seen: string[] = [];
    peer.client.on("message", (topic, payload) => seen.push(`${topic}=${payload}`));
    await peer.client.subscribeAsync("alias/#", { qos: 1 });
    const tapped = tappedClient(broker.port, "mote-alias-out", (options) => {
      options.outboundTopicAliases = 2;
    });
    clientConnect(tapped.client);
    await until(() => tapped.connects === 1, "CONNACK");
    expect(tapped.client.outboundAliases.limit).toBe(2);
    const topics = ["alias/a", "alias/b", "alias/a", "alias/c", "alias/a", "alias/b"];
    topics.forEach((topic, index) => {
      expect(clientPublish(tapped.client, topic, `m${index}`, 0, 0, 1, false, undefined)).toBe(Status.Success);
    });
    await until(() => seen.length === topics.length, "six messages at the peer");
    expect(seen).toEqual(topics.map((topic, index) => `${topic}=m${index}`));
    expect(tapped.sent.map(({ topic, alias }) => `${topic}#${alias}`)).toEqual([
      "alias/a#1",
      "alias/b#2",
      "#1",
      "alias/c#2",
      "#1",
      "alias/b#2",
    ]);
    await peer.client.endAsync();
    await closed(peer.client);
  });

  it("starts aliases afresh on every connection and refuses an alias chosen by the application", async () => {
    const tapped = tappedClient(broker.port, "mote-alias-again", (options) => {
      options.outboundTopicAliases = 2;
    });
    clientConnect(tapped.client);
    await until(() => tapped.connects === 1, "CONNACK");
    expect(clientPublish(tapped.client, "again/a", "1", 0, 0, 1, false, { topicAlias: 1 })).toBe(Status.BadParameter);
    expect(clientPublish(tapped.client, "again/a", "1", 0, 0, 1, false, undefined)).toBe(Status.Success);
    expect(clientPublish(tapped.client, "again/a", "2", 0, 0, 1, false, undefined)).toBe(Status.Success);
    await until(() => tapped.sent.length === 2 && tapped.client.session.inflightUsed === 0, "two PUBACKs");
    const aedes = broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> };
    aedes.clients["mote-alias-again"].conn.destroy();
    await until(() => tapped.connects === 2, "the reconnection");
    expect(clientPublish(tapped.client, "again/a", "3", 0, 0, 1, false, undefined)).toBe(Status.Success);
    await until(() => tapped.sent.length === 3, "the third message");
    expect(tapped.sent.map(({ topic, alias, payload }) => `${topic}#${alias}=${payload}`)).toEqual(["again/a#1=1", "#1=2", "again/a#1=3"]);
  });

  it("answers a request on its response topic with its correlation data", async () => {
    const requester = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
    const answers: { topic: string; payload: string; correlation: string }[] = [];
    requester.client.on("message", (topic, payload, packet) =>
      answers.push({ topic, payload: payload.toString(), correlation: Buffer.from(packet.properties?.correlationData ?? []).toString() }),
    );
    await requester.client.subscribeAsync("replies/requester", { qos: 1 });
    const responder = tappedClient(broker.port, "mote-responder", () => undefined);
    const respondStatuses: Status[] = [];
    responder.onMessage = (view) => respondStatuses.push(clientRespond(responder.client, view, `pong:${text(view.store as Uint8Array, view.payloadOffset, view.payloadLength)}`, 0, 0, 1));
    clientConnect(responder.client);
    await until(() => responder.connects === 1, "CONNACK");
    clientSubscribe(responder.client, "requests/ping", 1, false, false, 0, undefined);
    await until(() => responder.client.session.inflightUsed === 0 && responder.client.subscriptions.pending[0] === false, "SUBACK");
    await requester.client.publishAsync("requests/ping", "1", {
      qos: 1,
      properties: { responseTopic: "replies/requester", correlationData: Buffer.from("call-42") },
    });
    await requester.client.publishAsync("requests/ping", "2", { qos: 1 });
    await until(() => answers.length === 1 && respondStatuses.length === 2, "the answer");
    expect(respondStatuses).toEqual([Status.Success, Status.BadParameter]);
    expect(answers).toEqual([{ topic: "replies/requester", payload: "pong:1", correlation: "call-42" }]);
    await requester.client.endAsync();
    await closed(requester.client);
  });
});

describe.skipIf(!mosquittoAvailable())("MQTT 5 against mosquitto", () => {
  it("sends subscription identifiers and user properties, and gets the identifier back on each message", async () => {
    const broker = await startMosquitto();
    try {
      const tapped = tappedClient(broker.port, "mote-subid", () => undefined);
      clientConnect(tapped.client);
      await until(() => tapped.connects === 1, "CONNACK");
      clientSubscribe(tapped.client, "sensors/+/temperature", 1, false, false, 0, { subscriptionIdentifier: [7], userProperty: ["room", "kitchen"] });
      clientSubscribe(tapped.client, "sensors/#", 0, false, false, 0, { subscriptionIdentifier: [300] });
      await until(() => tapped.client.session.inflightUsed === 0 && tapped.client.subscriptions.pending[1] === false, "SUBACKs");
      const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
      await peer.client.publishAsync("sensors/kitchen/temperature", "21.5", { qos: 1 });
      await until(() => tapped.messages.length >= 1, "the message");
      const ids = tapped.messages.flatMap((message) => message.subscriptionIds).sort((a, b) => a - b);
      expect(ids).toEqual([7, 300]);
      await peer.client.endAsync();
    } finally {
      await broker.close();
    }
  });

  it("refuses a QoS above Maximum QoS and retain when Retain Available is 0, and keeps what it queued", async () => {
    const broker = await startMosquitto({ listenerConfig: ["max_qos 1"], extraConfig: ["retain_available false"] });
    try {
      const tapped = tappedClient(broker.port, "mote-limits", () => undefined);
      clientConnect(tapped.client);
      await until(() => tapped.connects === 1, "CONNACK");
      expect(tapped.client.serverMaximumQos).toBe(1);
      expect(tapped.client.serverRetainAvailable).toBe(false);
      expect(clientPublish(tapped.client, "limits/q", "x", 0, 0, 2, false, undefined)).toBe(Status.NotSupported);
      expect(clientPublish(tapped.client, "limits/r", "x", 0, 0, 0, true, undefined)).toBe(Status.NotSupported);
      expect(clientPublish(tapped.client, "limits/ok", "x", 0, 0, 1, false, undefined)).toBe(Status.Success);
      await until(() => tapped.sent.length === 1, "the allowed message");
      expect(tapped.sent[0].topic).toBe("limits/ok");
      expect(tapped.closes).toEqual([]);
    } finally {
      await broker.close();
    }
  });
});

/** A one-connection MQTT 5 server scripted with mqtt-packet: `script` answers each packet the client sends. */
async function scriptedServer(script: (packet: Packet, send: (packet: Packet) => void, end: () => void) => void) {
  const received: Packet[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const send = (packet: Packet) => socket.write(mqttPacket.generate(packet, { protocolVersion: 5 }));
    parser.on("packet", (packet: Packet) => {
      received.push(packet);
      script(packet, send, () => socket.end());
    });
    socket.on("data", (data) => parser.parse(data));
    socket.on("error", () => undefined);
  });
  const port = await listen(server);
  return {
    port,
    received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

describe("MQTT 5 packets no local broker sends (scripted server on mqtt-packet)", () => {
  it("resolves inbound topic aliases, and closes with 0x82 for an alias never set and 0x94 for one over the maximum", async () => {
    const publishes = (send: (packet: Packet) => void, last: number) => {
      send({ cmd: "publish", topic: "home/hall/temperature", payload: Buffer.from("20"), qos: 0, retain: false, dup: false, properties: { topicAlias: 1 } });
      send({ cmd: "publish", topic: "", payload: Buffer.from("21"), qos: 1, messageId: 5, retain: false, dup: false, properties: { topicAlias: 1 } });
      send({ cmd: "publish", topic: "", payload: Buffer.from("bad"), qos: 0, retain: false, dup: false, properties: { topicAlias: last } });
    };
    for (const [badAlias, reasonCode] of [
      [2, 0x82],
      [9, 0x94],
    ]) {
      const server = await scriptedServer((packet, send) => {
        if (packet.cmd === "connect") {
          send({ cmd: "connack", returnCode: 0, reasonCode: 0, sessionPresent: false });
          publishes(send, badAlias);
        }
      });
      try {
        const tapped = tappedClient(server.port, "mote-alias-in", (options) => {
          options.topicAliasMaximum = 4;
          options.reconnect = false;
        });
        clientConnect(tapped.client);
        await until(() => tapped.closes.length === 1, "the close");
        const connect = server.received[0] as Packet & { properties?: { topicAliasMaximum?: number } };
        expect(connect.properties?.topicAliasMaximum).toBe(4);
        expect(tapped.messages.map(({ topic, payload }) => `${topic}=${payload}`)).toEqual(["home/hall/temperature=20", "home/hall/temperature=21"]);
        await until(() => server.received.some((packet) => packet.cmd === "disconnect"), "DISCONNECT");
        const puback = server.received.find((packet) => packet.cmd === "puback") as Packet & { messageId: number };
        expect(puback.messageId).toBe(5);
        const disconnect = server.received.find((packet) => packet.cmd === "disconnect") as Packet & { reasonCode: number };
        expect(disconnect.reasonCode).toBe(reasonCode);
        expect(tapped.closes[0]).toBe(`${reasonCode === 0x82 ? "ProtocolError" : "TopicAliasInvalid"}:${reasonCode}`);
      } finally {
        await server.close();
      }
    }
  });

  it("holds the broker to the client's Receive Maximum and Maximum Packet Size: 0x93 and 0x95, then reconnects", async () => {
    for (const [send, reasonCode, status] of [
      [
        (sendPacket: (packet: Packet) => void) => {
          for (const messageId of [1, 2, 3]) {
            sendPacket({ cmd: "publish", topic: "qos2/flood", payload: Buffer.from("x"), qos: 2, messageId, retain: false, dup: false });
          }
        },
        0x93,
        "TableFull",
      ],
      [
        (sendPacket: (packet: Packet) => void) =>
          sendPacket({ cmd: "publish", topic: "big/one", payload: Buffer.alloc(300, 0x61), qos: 0, retain: false, dup: false }),
        0x95,
        "PacketTooLarge",
      ],
    ] as const) {
      let connections = 0;
      const server = await scriptedServer((packet, sendPacket) => {
        if (packet.cmd === "connect") {
          connections += 1;
          sendPacket({ cmd: "connack", returnCode: 0, reasonCode: 0, sessionPresent: false });
          if (connections === 1) send(sendPacket);
        }
      });
      try {
        const tapped = tappedClient(server.port, "mote-limits-in", (options) => {
          options.maximumInboundQos2 = 2;
          options.maximumPacketSize = 256;
        });
        clientConnect(tapped.client);
        await until(() => tapped.connects === 2, "the reconnection");
        const connect = server.received[0] as Packet & { properties: { receiveMaximum: number; maximumPacketSize: number } };
        expect(connect.properties.receiveMaximum).toBe(2);
        expect(connect.properties.maximumPacketSize).toBe(256);
        const disconnect = server.received.find((packet) => packet.cmd === "disconnect") as Packet & { reasonCode: number };
        expect(disconnect.reasonCode).toBe(reasonCode);
        expect(tapped.closes[0]).toBe(`${status}:${reasonCode}`);
      } finally {
        await server.close();
      }
    }
  });

  it("runs an enhanced authentication exchange through onAuth and clientAuthenticate", async () => {
    const server = await scriptedServer((packet, send) => {
      const properties = (packet as { properties?: { authenticationMethod?: string; authenticationData?: Buffer } }).properties;
      if (packet.cmd === "connect") {
        send({ cmd: "auth", reasonCode: 0x18, properties: { authenticationMethod: "TOY-CHALLENGE", authenticationData: Buffer.from("nonce-1") } });
      } else if (packet.cmd === "auth" && properties?.authenticationData?.toString() === "answer-to:nonce-1") {
        send({ cmd: "connack", returnCode: 0, reasonCode: 0, sessionPresent: false, properties: { authenticationMethod: "TOY-CHALLENGE" } });
      }
    });
    try {
      const answer = Buffer.from("answer-to:");
      const tapped = tappedClient(server.port, "mote-auth", (options) => {
        options.authenticationMethod = "TOY-CHALLENGE";
        options.authenticationData = { bytes: Buffer.from("hello"), offset: 0, length: 5 };
      });
      const answerStore = new Uint8Array(64);
      tapped.onAuth = (view) => {
        const at = view.properties.valueOffsets[PropertyId.AuthenticationData];
        const length = (view.properties.store[at] << 8) + view.properties.store[at + 1];
        answerStore.set(answer, 0);
        answerStore.set((view.properties.store as Uint8Array).subarray(at + 2, at + 2 + length), answer.length);
        expect(
          clientAuthenticate(tapped.client, 0x18, { authenticationMethod: "TOY-CHALLENGE", authenticationData: { bytes: answerStore, offset: 0, length: answer.length + length } }),
        ).toBe(Status.Success);
      };
      clientConnect(tapped.client);
      await until(() => tapped.connects === 1, "CONNACK after AUTH");
      expect(tapped.auths).toEqual([0x18]);
      const connect = server.received[0] as Packet & { properties: { authenticationMethod: string; authenticationData: Buffer } };
      expect(connect.properties.authenticationMethod).toBe("TOY-CHALLENGE");
      expect(connect.properties.authenticationData.toString()).toBe("hello");
    } finally {
      await server.close();
    }
  });

  it("keeps the broker's reason string for the application", async () => {
    const server = await scriptedServer((packet, send) => {
      if (packet.cmd === "connect") {
        send({ cmd: "connack", returnCode: 0x87, reasonCode: 0x87, sessionPresent: false, properties: { reasonString: "device not enrolled" } });
      }
    });
    try {
      const tapped = tappedClient(server.port, "mote-reason", (options) => {
        options.reconnect = false;
      });
      let reasonAtClose: string | undefined;
      const events = tapped.client.events as { onClose: (status: Status, reasonCode: number) => void };
      const recordClose = events.onClose;
      events.onClose = (status, reasonCode) => {
        reasonAtClose = clientReasonString(tapped.client);
        recordClose(status, reasonCode);
      };
      clientConnect(tapped.client);
      await until(() => tapped.closes.length === 1, "the refusal");
      expect(tapped.closes).toEqual(["ConnectionRefused:135"]);
      expect(reasonAtClose).toBe("device not enrolled");
    } finally {
      await server.close();
    }
  });
});

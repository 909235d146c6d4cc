import { expect } from "vitest";
import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from "mqtt";

/**
 * MQTT.js (the reference client) helpers for the broker tests: connect and get the CONNACK, and
 * check that one client's QoS 1 message reaches another.
 */

export interface Connected {
  client: MqttClient;
  connack: IConnackPacket;
}

let clientCount = 0;

/** A client id unique in this process. */
export function clientId(prefix = "mote-test"): string {
  clientCount++;
  return `${prefix}-${process.pid}-${clientCount}`;
}

/**
 * Connects MQTT.js to `url` (without automatic reconnection unless `options` ask for it); resolves
 * with the client and its CONNACK, rejects with the error (or "closed") if the connection does not
 * come up. Once up, a close is the caller's business: the client is no longer ended here.
 */
export function connectMqtt(url: string, options: IClientOptions = {}): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clientId: clientId(),
      reconnectPeriod: 0,
      connectTimeout: 4000,
      ...options,
    });
    const fail = (error: Error): void => {
      client.removeAllListeners("connect");
      client.end(true);
      reject(error);
    };
    const closedEarly = (): void => fail(new Error("closed before CONNACK"));
    client.once("connect", (connack) => {
      client.removeListener("error", fail);
      client.removeListener("close", closedEarly);
      client.on("error", () => {});
      resolve({ client, connack });
    });
    client.once("error", fail);
    client.once("close", closedEarly);
  });
}

/**
 * One subscriber and one publisher on `url` with protocol `version` (4 = 3.1.1, 5): the
 * subscriber gets the publisher's QoS 1 message at QoS 1 with the same payload, and the
 * publisher gets its PUBACK. Returns both CONNACKs for more checks. Ends both clients.
 */
export async function checkQos1Delivery(
  url: string,
  version: 4 | 5,
  options: IClientOptions = {},
): Promise<{ subscriberConnack: IConnackPacket; publisherConnack: IConnackPacket }> {
  const topic = `mote/test/${clientId("topic")}`;
  const payload = Buffer.from([0, 1, 2, 0xff, 0x80, 0x7f, ...Buffer.from(" héllo")]);
  const subscriber = await connectMqtt(url, { ...options, protocolVersion: version });
  const publisher = await connectMqtt(url, { ...options, protocolVersion: version });
  try {
    const granted = await subscriber.client.subscribeAsync(topic, { qos: 1 });
    expect(granted).toHaveLength(1);
    expect(granted[0].qos).toBe(1);

    const received = new Promise<IPublishPacket>((resolve) => {
      subscriber.client.on("message", (gotTopic, _message, packet) => {
        if (gotTopic === topic) resolve(packet);
      });
    });
    // publishAsync resolves with the PUBLISH it sent once the PUBACK came; check the PUBACK too.
    const acks: Array<{ messageId?: number; reasonCode?: number }> = [];
    publisher.client.on("packetreceive", (packet) => {
      if (packet.cmd === "puback") acks.push(packet);
    });
    const sent = (await publisher.client.publishAsync(topic, payload, { qos: 1 })) as IPublishPacket;
    expect(sent.cmd).toBe("publish");
    expect(acks).toHaveLength(1);
    expect(acks[0].messageId).toBe(sent.messageId);
    expect(acks[0].reasonCode ?? 0).toBe(0);
    const packet = await received;
    expect(packet.qos).toBe(1);
    expect(packet.retain).toBe(false);
    expect(Buffer.from(packet.payload as Buffer).equals(payload)).toBe(true);
    expect(packet.messageId).toBeGreaterThan(0);
    return { subscriberConnack: subscriber.connack, publisherConnack: publisher.connack };
  } finally {
    await Promise.all([subscriber.client.endAsync(), publisher.client.endAsync()]);
  }
}

/** Resolves with the client's next 'close' (or at once if it is already disconnected). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) {
      resolve();
      return;
    }
    client.once("close", () => resolve());
  });
}

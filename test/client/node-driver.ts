/**
 * The client under test as the TypeScript source on Node: the Node platform and a Node socket.
 */
import { newClient, clientConnect, clientPoll, clientDisconnect } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe, clientUnsubscribe } from "../../src/mqtt/client-subscriptions";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client, ClientOptions } from "../../src/mqtt/client-state";
import { inflightCount } from "../../src/mqtt/session";
import { statusName } from "../../src/mqtt/status";
import type { PacketView } from "../../src/mqtt/codec-decode";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import { closeEntry, newClientRecord, startClient } from "./driver";
import type { ClientDriver, ClientRuntime, ClientSettings, TestClient } from "./driver";

/** `length` bytes of the view's store from `offset`. */
function bytesOf(view: PacketView, offset: number, length: number): Buffer {
  return Buffer.from((view.store as Uint8Array).subarray(offset, offset + length));
}

/** A Node driver that also hands over the core client, for tests that look inside it. */
export interface NodeClientDriver extends ClientDriver {
  core: Client;
}

function create(port: number, clientId: string, settings: ClientSettings, adjust: (options: ClientOptions) => void = () => undefined): NodeClientDriver {
  const options = Object.assign(defaultClientOptions("127.0.0.1", port, clientId), settings);
  adjust(options);
  const record = newClientRecord();
  const client = newClient(nodePlatform, newNodeSocket(), options, {
    onConnect: (sessionPresent) => record.connects.push(sessionPresent),
    onClose: (status, reasonCode) => record.closes.push(closeEntry(statusName(status), reasonCode)),
    onMessage: (view) =>
      record.messages.push({
        topic: bytesOf(view, view.topicOffset, view.topicLength).toString("utf8"),
        payload: bytesOf(view, view.payloadOffset, view.payloadLength).toString("utf8"),
        qos: view.qos,
        retain: view.retain,
        dup: view.dup,
      }),
    onPublished: (packetId, reasonCode) => record.published.push([packetId, reasonCode]),
    onSubscribed: (packetId, ack) => record.subscribed.push([packetId, [...bytesOf(ack, ack.payloadOffset, ack.payloadLength)]]),
    onUnsubscribed: (packetId) => record.unsubscribed.push(packetId),
    onPingResponse: () => {
      record.pings += 1;
    },
    onAuth: (view) => record.auths.push(view.reasonCode),
  });
  return Object.assign(record, {
    core: client,
    runtime: "node" as const,
    errors: (): string[] => [],
    connect: () => clientConnect(client),
    publish: (topic: string, payload: string, qos: number, retain: boolean) => clientPublish(client, topic, payload, 0, 0, qos, retain, undefined),
    subscribe: (filter: string, qos: number) => clientSubscribe(client, filter, qos, false, false, 0, undefined),
    unsubscribe: (filter: string) => clientUnsubscribe(client, filter, undefined),
    disconnect: (discardSession: boolean) => clientDisconnect(client, discardSession),
    poll: () => clientPoll(client, nodePlatform.nowMs()),
    serverReceiveMaximum: () => client.serverReceiveMaximum,
    inflightStates: () => client.session.inflightStates.slice(0, inflightCount(client.session)),
    release: () => clientDisconnect(client, false),
  });
}

/** The TypeScript source on Node. */
export const nodeRuntime: ClientRuntime = { name: "node", create };

/**
 * For Node-only suites (will, session, TLS, subscription table): a Node client with its tick
 * running (see `startClient`), every option open to `adjust` (the will included), and the core
 * client at `core`.
 */
export function startNodeClient(port: number, clientId: string, adjust: (options: ClientOptions) => void): NodeClientDriver & TestClient {
  const runtime: ClientRuntime = { name: "node", create: (atPort, id, settings) => create(atPort, id, settings, adjust) };
  return startClient(runtime, port, clientId) as NodeClientDriver & TestClient;
}

/**
 * The client under test as built into the Espruino bundle (dist/espruino/mote.js), in a fresh
 * Espruino-only context per client (hal/sim/espruino-vm.ts) with the simulator's `net`
 * emulation (hal/sim/espruino-net.ts) and the bundle's own Espruino Socket and Platform. Text
 * crosses into the context as UTF-8 byte strings, as it is on ESP32's Espruino, and comes back
 * through the bundle's `platform.readText`.
 */
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { textFromByteString, utf8ByteString } from "../../hal/sim/byte-strings";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { closeEntry, newClientRecord } from "./driver";
import type { ClientDriver, ClientRuntime, ClientSettings } from "./driver";

/** The fields of a view the events read (objects of the context's realm). */
export interface EspruinoView {
  store: Uint8Array;
  topicOffset: number;
  topicLength: number;
  payloadOffset: number;
  payloadLength: number;
  qos: number;
  retain: boolean;
  dup: boolean;
  reasonCode: number;
  properties: { valueOffsets: number[] };
}

function create(port: number, clientId: string, settings: ClientSettings): ClientDriver {
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino, "mote", { timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report });
  espruino.addBuiltin("net", emulation.net);
  const mote = espruino.require("mote");
  const platform = mote.platform;
  const text = (view: EspruinoView, offset: number, length: number): string => textFromByteString(platform.readText(view.store, offset, length));
  const options = mote.defaultClientOptions("127.0.0.1", port, utf8ByteString(clientId));
  for (const [name, value] of Object.entries(settings)) {
    options[name] = typeof value === "string" ? utf8ByteString(value) : value;
  }
  const record = newClientRecord();
  const client = mote.newClient(platform, mote.newSocket(), options, {
    onConnect: (sessionPresent: boolean) => record.connects.push(sessionPresent),
    onClose: (status: number, reasonCode: number) => record.closes.push(closeEntry(mote.statusName(status), reasonCode)),
    onMessage: (view: EspruinoView) =>
      record.messages.push({
        topic: text(view, view.topicOffset, view.topicLength),
        payload: text(view, view.payloadOffset, view.payloadLength),
        qos: view.qos,
        retain: view.retain,
        dup: view.dup,
      }),
    onPublished: (packetId: number, reasonCode: number) => record.published.push([packetId, reasonCode]),
    onSubscribed: (packetId: number, ack: EspruinoView) =>
      record.subscribed.push([packetId, [...ack.store.subarray(ack.payloadOffset, ack.payloadOffset + ack.payloadLength)]]),
    onUnsubscribed: (packetId: number) => record.unsubscribed.push(packetId),
    onPingResponse: () => {
      record.pings += 1;
    },
    onAuth: (view: EspruinoView) => record.auths.push(view.reasonCode),
  });
  return Object.assign(record, {
    runtime: "espruino" as const,
    errors: () => espruino.uncaught.map((error) => String(error)),
    connect: () => mote.clientConnect(client),
    publish: (topic: string, payload: string, qos: number, retain: boolean) =>
      mote.clientPublish(client, utf8ByteString(topic), utf8ByteString(payload), 0, 0, qos, retain, undefined),
    subscribe: (filter: string, qos: number) => mote.clientSubscribe(client, utf8ByteString(filter), qos, false, false, 0, undefined),
    unsubscribe: (filter: string) => mote.clientUnsubscribe(client, utf8ByteString(filter), undefined),
    disconnect: (discardSession: boolean) => mote.clientDisconnect(client, discardSession),
    poll: () => mote.clientPoll(client, platform.nowMs()),
    serverReceiveMaximum: () => client.serverReceiveMaximum,
    inflightStates: () => {
      const session = client.session;
      const states: number[] = [];
      for (let slot = 0; slot < session.inflightUsed; slot++) states.push(session.inflightStates[slot]);
      return states;
    },
    release: () => {
      mote.clientDisconnect(client, false);
      emulation.destroyAll();
      espruino.clearTimers();
    },
  });
}

/** The Espruino bundle in its Espruino-only context. */
export const espruinoRuntime: ClientRuntime = { name: "espruino", create };

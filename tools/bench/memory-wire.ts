/**
 * Two core clients joined by an in-memory wire, for measuring what the core allocates with no
 * Node I/O at all: each client's Socket hands its bytes to the other client, so the publisher's
 * PUBLISH reaches the subscriber as a broker would pass it on (a QoS 0/1/2 PUBLISH is the same
 * bytes either way) and the subscriber's PUBACK/PUBREC/PUBCOMP reach the publisher as the broker's
 * would. Only the handshake is played by the wire: each client's CONNECT is taken and answered
 * with an accepting CONNACK. Nothing is subscribed: a client delivers every PUBLISH it is given.
 *
 * Nothing here runs by itself: `deliver()` moves the written bytes across, as an event loop
 * would, so a loop of publishes is synchronous and its allocation is the core's alone. The clients
 * run on the Node platform with one change: the clock stands still (nothing here waits on time),
 * because reading Node's clock can allocate (see hal/sim/node-platform.ts) and that is the
 * platform's cost, not the core's. Every store is made in `newClientWire`; the Sockets, `deliver`
 * and `runWireMessages` allocate nothing.
 */
import type { Platform, Socket, SocketEvents } from "../../hal/api";
import type { Bytes } from "../../src/bytes/bytes";
import { newClient, clientConnect } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client } from "../../src/mqtt/client-state";
import { Status, statusName } from "../../src/mqtt/status";
import { nodePlatform } from "../../hal/sim/node-platform";

/** Bytes one end holds written and not yet delivered; a write beyond it is taken in part. */
const WIRE_CAPACITY = 16 * 1024;
/** Bytes of each message's payload (the end-to-end benchmark's size). */
const PAYLOAD_LENGTH = 64;
const TOPIC = "mote-bench/wire";
const CONNACK = [0x20, 2, 0, 0];

/** The Node platform with a clock that stands still at 0 ms. */
const stillPlatform: Platform = { ...nodePlatform, nowMs: () => 0 };

/** One end of the wire: the socket a client writes to, and what it has written. */
interface WireEnd {
  socket: Socket;
  events: SocketEvents | undefined;
  /** Until the CONNACK is handed over, writes (the CONNECT) are taken and dropped. */
  joined: boolean;
  pending: Uint8Array;
  pendingLength: number;
  /** What is being handed to the other end now (the pending bytes are free again meanwhile). */
  delivering: Uint8Array;
  owesWritable: boolean;
}

/** The two clients on one wire and what the subscriber has received. */
export interface ClientWire {
  publisher: Client;
  subscriber: Client;
  /** Messages the subscriber received since the last `runWireMessages`, and whether in order. */
  received: number;
  inOrder: boolean;
  expected: number;
  ends: WireEnd[];
  payload: Uint8Array;
  qos: number;
}

function newWireEnd(): WireEnd {
  const end: WireEnd = {
    socket: { open: () => false, write: () => -1, close: () => {} },
    events: undefined,
    joined: false,
    pending: new Uint8Array(WIRE_CAPACITY),
    pendingLength: 0,
    delivering: new Uint8Array(WIRE_CAPACITY),
    owesWritable: false,
  };
  end.socket = {
    open: (_host, _port, _secure, events) => {
      end.events = events;
      return true;
    },
    write: (store: Bytes, offset: number, length: number): number => {
      if (end.events === undefined) return -1;
      if (!end.joined) return length;
      const room = WIRE_CAPACITY - end.pendingLength;
      const taken = room < length ? room : length;
      if (taken < length) end.owesWritable = true;
      for (let index = 0; index < taken; index++) end.pending[end.pendingLength + index] = store[offset + index];
      end.pendingLength = end.pendingLength + taken;
      return taken;
    },
    close: () => {},
  };
  return end;
}

/**
 * Makes a publisher and a subscriber (MQTT 3.1.1, default sizes) on one wire and connects them;
 * messages go at `qos`. Allocates: call once.
 */
export function newClientWire(qos: number): ClientWire {
  const ends = [newWireEnd(), newWireEnd()];
  const noEvents = {
    onConnect: () => {},
    onClose: (status: Status) => {
      throw new Error(`a wire client closed: ${statusName(status)}`);
    },
    onMessage: () => {},
    onPublished: () => {},
    onSubscribed: () => {},
    onUnsubscribed: () => {},
    onPingResponse: () => {},
    onAuth: () => {},
  };
  const wire = {} as ClientWire;
  wire.received = 0;
  wire.inOrder = true;
  wire.expected = 0;
  wire.ends = ends;
  wire.qos = qos;
  wire.payload = new Uint8Array(PAYLOAD_LENGTH);
  wire.publisher = newClient(stillPlatform, ends[0].socket, defaultClientOptions("wire", 1883, "wire-publisher"), noEvents);
  wire.subscriber = newClient(stillPlatform, ends[1].socket, defaultClientOptions("wire", 1883, "wire-subscriber"), {
    ...noEvents,
    onMessage: (view) => {
      const store = view.store;
      const at = view.payloadOffset;
      const index = store[at] * 0x1000000 + store[at + 1] * 0x10000 + store[at + 2] * 0x100 + store[at + 3];
      if (index !== wire.expected) wire.inOrder = false;
      wire.expected = index + 1;
      wire.received = wire.received + 1;
    },
  });
  const connack = new Uint8Array(CONNACK);
  for (const [end, client] of [
    [ends[0], wire.publisher],
    [ends[1], wire.subscriber],
  ] as const) {
    clientConnect(client);
    const events = end.events as SocketEvents;
    events.onConnect();
    end.joined = true;
    events.onData(connack, 0, connack.length);
  }
  return wire;
}

/**
 * Hands what each end has written to the other, until neither has anything left; tells a client
 * whose write was taken in part that it may write again. Returns the bytes moved. Never allocates.
 */
export function deliver(wire: ClientWire): number {
  let moved = 0;
  let busy = true;
  while (busy) {
    busy = false;
    for (let side = 0; side < 2; side++) {
      const end = wire.ends[side];
      if (end.pendingLength > 0) {
        const length = end.pendingLength;
        const delivering = end.pending;
        end.pending = end.delivering;
        end.delivering = delivering;
        end.pendingLength = 0;
        (wire.ends[1 - side].events as SocketEvents).onData(delivering, 0, length);
        moved = moved + length;
        busy = true;
      }
      if (end.owesWritable && end.pendingLength < WIRE_CAPACITY) {
        end.owesWritable = false;
        (end.events as SocketEvents).onWritable();
        busy = true;
      }
    }
  }
  return moved;
}

/**
 * Publishes messages 0..count-1 (numbered in the payload's first four bytes) from the publisher,
 * moving bytes across the wire after each, and waits (by delivering) whenever the client says
 * QueueFull or TableFull. Returns how many the subscriber received; `wire.inOrder` says whether
 * in order. Never allocates.
 */
export function runWireMessages(wire: ClientWire, count: number): number {
  wire.received = 0;
  wire.expected = 0;
  wire.inOrder = true;
  const payload = wire.payload;
  let sent = 0;
  while (sent < count) {
    payload[0] = (sent - (sent % 0x1000000)) / 0x1000000;
    payload[1] = ((sent - (sent % 0x10000)) / 0x10000) % 256;
    payload[2] = ((sent - (sent % 256)) / 256) % 256;
    payload[3] = sent % 256;
    const status = clientPublish(wire.publisher, TOPIC, payload, 0, PAYLOAD_LENGTH, wire.qos, false, undefined);
    if (status === Status.Success) {
      sent = sent + 1;
    } else if (status !== Status.QueueFull && status !== Status.TableFull) {
      throw new Error(`clientPublish refused: ${statusName(status)}`);
    } else if (deliver(wire) === 0) {
      throw new Error(`clientPublish stays ${statusName(status)} with nothing on the wire`);
    }
    deliver(wire);
  }
  deliver(wire);
  return wire.received;
}

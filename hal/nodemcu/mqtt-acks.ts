/**
 * The acknowledgements the drop-in MQTT client (mqtt-client.ts) owes the application's "suback"
 * and "unsuback" callbacks. NodeMCU sends a `:subscribe({topic = qos, ...})` call as one
 * SUBSCRIBE and calls "suback" once; the core sends one filter per SUBSCRIBE, so the calls are
 * kept here as groups: each packet id belongs to the group of the call that sent it, and the
 * callback is owed when the group's last acknowledgement arrives. A group also collects the
 * reason code the broker gave each topic (SUBACK: the granted QoS or a failure code >= 0x80;
 * UNSUBACK: MQTT 5's code, 0 in 3.1.1). Acknowledgements for packet ids outside any group (the
 * core's own) are not the application's. Allocates a group per call.
 */

/** Topic -> the reason code its acknowledgement carried. */
export interface ReasonCodes {
  [topic: string]: number;
}

/** The acknowledgements one call waits for. */
export interface AckGroup {
  /** How many have not arrived yet. */
  remaining: number;
  codes: ReasonCodes;
}

/** Packet id -> what its acknowledgement settles. */
interface PendingAcks {
  [packetId: number]: AckGroup | undefined;
}

/** Packet id -> the topic (filter) it was sent for. */
interface PendingTopics {
  [packetId: number]: string | undefined;
}

/** Every group waiting for acknowledgements on the current connection. */
export interface AckBook {
  groups: PendingAcks;
  topics: PendingTopics;
}

/** Makes an empty book. */
export function newAckBook(): AckBook {
  return { groups: {}, topics: {} };
}

/** Starts a group for one call. */
export function newAckGroup(): AckGroup {
  return { remaining: 0, codes: {} };
}

/** Records that `group` waits for the acknowledgement of `packetId`, sent for `topic`. */
export function expectAck(book: AckBook, group: AckGroup, packetId: number, topic: string): void {
  book.groups[packetId] = group;
  book.topics[packetId] = topic;
  group.remaining = group.remaining + 1;
}

/**
 * The acknowledgement of `packetId` arrived with `code`: returns its group when that was the
 * group's last one (its callback is due now), else undefined.
 */
export function settleAck(book: AckBook, packetId: number, code: number): AckGroup | undefined {
  const group = book.groups[packetId];
  if (group === undefined) {
    return undefined;
  }
  group.codes[book.topics[packetId] as string] = code;
  book.groups[packetId] = undefined;
  book.topics[packetId] = undefined;
  group.remaining = group.remaining - 1;
  return group.remaining === 0 ? group : undefined;
}

/**
 * Forgets the acknowledgements of one group (its call failed part-way: the callback is not
 * owed) or of every group (`group` undefined: the connection ended, and the packet ids will be
 * used again).
 */
export function forgetAcks(book: AckBook, group: AckGroup | undefined): void {
  if (group === undefined) {
    book.groups = {};
    book.topics = {};
    return;
  }
  let packetId: number | undefined = next(book.groups)[0];
  while (packetId !== undefined) {
    const following: number | undefined = next(book.groups, packetId)[0];
    if (book.groups[packetId] === group) {
      book.groups[packetId] = undefined;
      book.topics[packetId] = undefined;
    }
    packetId = following;
  }
}

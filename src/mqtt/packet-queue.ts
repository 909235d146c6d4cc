/**
 * The client's outbound message store: a FIFO of encoded packets (PUBLISH messages waiting while
 * offline, QoS 1/2 messages in flight until acknowledged) in one fixed byte store made at
 * creation. Plain data in the style of coreMQTT's state layer: the client composes it.
 *
 * Layout. Every record is one contiguous byte range `store[offsets[i] .. offsets[i] + lengths[i])`,
 * so a packet is encoded straight into the store and sent straight from it. Records are laid out
 * in FIFO order around a ring: each new record starts where the newest pending record ends; when
 * it does not fit before the end of the store it starts at offset 0 instead (the wrap rule), and
 * the unused bytes at the end become a skip that is reclaimed with the records before it. No
 * marker is written into the store: the record table, kept apart in parallel arrays, says where
 * every record is. When the queue is empty the next record starts at offset 0.
 *
 * Record table. The records are a ring of `maximumRecords` slots; a record's index is its slot,
 * and stays its index until it is released. Records may be released in any order (acks arrive out
 * of order). A released record at the oldest end, or at the newest end, is reclaimed at once,
 * with its bytes and slot; one released between live records stays pending (a hole) until
 * everything before it or after it is released too. Bytes of live records are never moved or
 * overwritten.
 *
 * Full. `reserveRecord` fails (returns -1) when no slot is free or the bytes it needs are not free
 * as one range under the wrap rule. Nothing is lost or changed when it fails: the caller reports
 * "queue full" and the queue stays as it was. The queue never grows.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";

/**
 * One fixed byte store and the table of the records in it. The client reads `store`, `offsets`
 * and `lengths` to encode and send a record, and owns `states` and `packetIds` (reserveRecord sets
 * both to 0; the queue never reads them). All other fields belong to the queue functions.
 */
export interface PacketQueue {
  store: Bytes;
  /** The size of `store` in bytes. */
  capacity: number;
  /** The number of record slots. */
  maximumRecords: number;
  /** Per slot: where the record's bytes start in `store`, and how many there are. */
  offsets: number[];
  lengths: number[];
  /** Per slot, owned by the client: a state number (e.g. queued, awaiting PUBACK) and a packet id. */
  states: number[];
  packetIds: number[];
  /** Per slot: whether it holds a live (reserved, not yet released) record. */
  live: boolean[];
  /** The slot of the oldest pending record (always live when any is pending). */
  headSlot: number;
  /** Pending slots from headSlot in FIFO order: live records and the holes between them. */
  pendingSlots: number;
  /** Live records. */
  liveRecords: number;
}

/**
 * Makes a queue of `capacity` bytes (one store from `platform.newBytes`) holding up to
 * `maximumRecords` records; values below 1 are taken as 1. Allocates: call at creation time.
 */
export function newPacketQueue(platform: Platform, capacity: number, maximumRecords: number): PacketQueue {
  const byteCount = capacity < 1 ? 1 : capacity;
  const slotCount = maximumRecords < 1 ? 1 : maximumRecords;
  const queue: PacketQueue = {
    store: platform.newBytes(byteCount),
    capacity: byteCount,
    maximumRecords: slotCount,
    offsets: [],
    lengths: [],
    states: [],
    packetIds: [],
    live: [],
    headSlot: 0,
    pendingSlots: 0,
    liveRecords: 0,
  };
  for (let slot = 0; slot < slotCount; slot++) {
    queue.offsets.push(0);
    queue.lengths.push(0);
    queue.states.push(0);
    queue.packetIds.push(0);
    queue.live.push(false);
  }
  return queue;
}

/** The slot `position` places after the oldest pending one. Never allocates. @hotpath */
function slotAt(queue: PacketQueue, position: number): number {
  return (queue.headSlot + position) % queue.maximumRecords;
}

/**
 * Where a record of `length` bytes would start under the wrap rule, or -1 when those bytes are not
 * free as one range. Ignores the slot count. Never allocates.
 * @hotpath
 */
function placeRecord(queue: PacketQueue, length: number): number {
  if (length < 1 || length > queue.capacity) {
    return -1;
  }
  if (queue.pendingSlots === 0) {
    return 0;
  }
  const headOffset = queue.offsets[queue.headSlot];
  const tail = tailOffset(queue);
  if (isWrapped(queue)) {
    // Wrapped: the free bytes are those between the newest record's end and the oldest's start.
    return tail + length <= headOffset ? tail : -1;
  }
  if (tail + length <= queue.capacity) {
    return tail;
  }
  return length <= headOffset ? 0 : -1;
}

/** Where the newest pending record ends (the queue is not empty). Never allocates. @hotpath */
function tailOffset(queue: PacketQueue): number {
  const newest = slotAt(queue, queue.pendingSlots - 1);
  return queue.offsets[newest] + queue.lengths[newest];
}

/** Whether the newest pending record lies before the oldest (the queue is not empty). Never allocates. @hotpath */
function isWrapped(queue: PacketQueue): boolean {
  return queue.offsets[slotAt(queue, queue.pendingSlots - 1)] < queue.offsets[queue.headSlot];
}

/**
 * Reserves a record of `length` bytes (1..capacity) at the newest end of the queue and returns its
 * index: its bytes are `store[offsets[index] .. offsets[index] + length)`, contiguous and free;
 * its state and packet id are 0. Returns -1, changing nothing, when no slot is free, `length` is
 * outside 1..capacity, or the bytes are not free as one range under the wrap rule (see
 * `largestReservable`). Never overwrites a live record, never grows, never allocates.
 *
 * The record is live at once. If writing into it fails (a bad topic, say), `releaseRecord` it
 * before reserving another: the newest record gives its bytes back whole, leaving no hole.
 * @hotpath
 */
export function reserveRecord(queue: PacketQueue, length: number): number {
  if (queue.pendingSlots === queue.maximumRecords) {
    return -1;
  }
  const offset = placeRecord(queue, length);
  if (offset < 0) {
    return -1;
  }
  const slot = slotAt(queue, queue.pendingSlots);
  queue.offsets[slot] = offset;
  queue.lengths[slot] = length;
  queue.states[slot] = 0;
  queue.packetIds[slot] = 0;
  queue.live[slot] = true;
  queue.pendingSlots = queue.pendingSlots + 1;
  queue.liveRecords = queue.liveRecords + 1;
  return slot;
}

/**
 * Releases the live record `index`, in any position, and returns true; returns false, changing
 * nothing, when `index` is not a live record (already released, or out of range). Reclaims at
 * once the bytes and slots of released records at either end of the queue; a record released
 * between live ones is reclaimed when its neighbours on one side are. Never moves the bytes of a
 * live record, never allocates.
 * @hotpath
 */
export function releaseRecord(queue: PacketQueue, index: number): boolean {
  if (index < 0 || index >= queue.maximumRecords || !queue.live[index]) {
    return false;
  }
  queue.live[index] = false;
  queue.liveRecords = queue.liveRecords - 1;
  while (queue.pendingSlots > 0 && !queue.live[queue.headSlot]) {
    queue.headSlot = slotAt(queue, 1);
    queue.pendingSlots = queue.pendingSlots - 1;
  }
  while (queue.pendingSlots > 0 && !queue.live[slotAt(queue, queue.pendingSlots - 1)]) {
    queue.pendingSlots = queue.pendingSlots - 1;
  }
  if (queue.pendingSlots === 0) {
    queue.headSlot = 0;
  }
  return true;
}

/** The oldest live record, or -1 when the queue is empty. Never allocates. @hotpath */
export function firstRecord(queue: PacketQueue): number {
  return queue.pendingSlots === 0 ? -1 : queue.headSlot;
}

/**
 * The live record after `index` in FIFO order, or -1 at the end (or when `index` is not pending).
 * To release records while walking, take the next index before releasing the current one.
 * Never allocates.
 * @hotpath
 */
export function nextRecord(queue: PacketQueue, index: number): number {
  if (index < 0 || index >= queue.maximumRecords) {
    return -1;
  }
  const position = (index - queue.headSlot + queue.maximumRecords) % queue.maximumRecords;
  for (let later = position + 1; later < queue.pendingSlots; later++) {
    const slot = slotAt(queue, later);
    if (queue.live[slot]) {
      return slot;
    }
  }
  return -1;
}

/** The number of live records. Never allocates. @hotpath */
export function recordCount(queue: PacketQueue): number {
  return queue.liveRecords;
}

/**
 * The bytes not held by pending records, the wrap skip or holes: what records could take in all,
 * perhaps split between the end and the start of the store. Never allocates.
 * @hotpath
 */
export function freeBytes(queue: PacketQueue): number {
  if (queue.pendingSlots === 0) {
    return queue.capacity;
  }
  const headOffset = queue.offsets[queue.headSlot];
  const tail = tailOffset(queue);
  if (isWrapped(queue)) {
    return headOffset - tail;
  }
  return queue.capacity - tail + headOffset;
}

/**
 * The largest length `reserveRecord` accepts now: 0 when no slot is free, else the longest free
 * range under the wrap rule (the whole capacity when empty). Never allocates.
 * @hotpath
 */
export function largestReservable(queue: PacketQueue): number {
  if (queue.pendingSlots === queue.maximumRecords) {
    return 0;
  }
  if (queue.pendingSlots === 0) {
    return queue.capacity;
  }
  const headOffset = queue.offsets[queue.headSlot];
  const tail = tailOffset(queue);
  if (isWrapped(queue)) {
    return headOffset - tail;
  }
  const atEnd = queue.capacity - tail;
  return atEnd > headOffset ? atEnd : headOffset;
}

/** Releases every record (the bytes are left as they are). Never allocates. @hotpath */
export function clearQueue(queue: PacketQueue): void {
  for (let slot = 0; slot < queue.maximumRecords; slot++) {
    queue.live[slot] = false;
  }
  queue.headSlot = 0;
  queue.pendingSlots = 0;
  queue.liveRecords = 0;
}

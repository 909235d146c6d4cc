/**
 * QoS bookkeeping in fixed arrays, in the style of coreMQTT's state layer: packet identifier
 * allocation, the outbound in-flight table (QoS 1/2 messages sent and not yet acknowledged, in
 * send order), and the inbound QoS 2 ids whose PUBREL has not come yet (exactly-once delivery).
 * Plain data with no knowledge of sockets, packets or the message store: the client composes it.
 * Everything is sized at `newSession`; nothing afterwards allocates, grows or throws.
 * @hotpath-module
 */
import { Status } from "./status";

/** The largest packet identifier (identifiers are 1..65535; 0 is never one). */
export const PACKET_ID_MAX = 65535;

/**
 * The session state. The in-flight table is kept compact and in send order: slots
 * 0 .. inflightUsed - 1 hold entries, oldest first; removing one moves the later ones down a slot.
 * The client reads the per-slot arrays; only the session functions write them.
 */
export interface Session {
  /** The number of in-flight slots (fixed at creation). */
  maximumInflight: number;
  /** Per slot: the packet id, the client's record index for it (-1 when none), and the client's state. */
  inflightPacketIds: number[];
  inflightRecords: number[];
  inflightStates: number[];
  /** Slots in use. */
  inflightUsed: number;
  /** The id `nextPacketId` handed out last (0 before the first). */
  lastPacketId: number;
  /** The number of inbound QoS 2 slots (fixed at creation). */
  maximumInboundQos2: number;
  /** Inbound QoS 2 packet ids awaiting PUBREL, in no particular order, and how many there are. */
  inboundQos2Ids: number[];
  inboundQos2Used: number;
}

/** `value` limited to 0..PACKET_ID_MAX. Never allocates. @hotpath */
function slotLimit(value: number): number {
  if (value < 0) {
    return 0;
  }
  return value > PACKET_ID_MAX ? PACKET_ID_MAX : value;
}

/**
 * Makes a session with `maximumInflight` outbound in-flight slots and `maximumInboundQos2`
 * inbound QoS 2 slots (each limited to 0..65535). Allocates: call at creation time.
 */
export function newSession(maximumInflight: number, maximumInboundQos2: number): Session {
  const session: Session = {
    maximumInflight: slotLimit(maximumInflight),
    inflightPacketIds: [],
    inflightRecords: [],
    inflightStates: [],
    inflightUsed: 0,
    lastPacketId: 0,
    maximumInboundQos2: slotLimit(maximumInboundQos2),
    inboundQos2Ids: [],
    inboundQos2Used: 0,
  };
  for (let slot = 0; slot < session.maximumInflight; slot++) {
    session.inflightPacketIds.push(0);
    session.inflightRecords.push(-1);
    session.inflightStates.push(0);
  }
  for (let slot = 0; slot < session.maximumInboundQos2; slot++) {
    session.inboundQos2Ids.push(0);
  }
  return session;
}

/** Whether `packetId` is a packet identifier (1..65535). Never allocates. @hotpath */
function isPacketId(packetId: number): boolean {
  return packetId >= 1 && packetId <= PACKET_ID_MAX;
}

/**
 * The slot of the in-flight entry with `packetId`, or -1 when none has it. Slot numbers hold only
 * until the next add or remove. Never allocates.
 * @hotpath
 */
export function findInflight(session: Session, packetId: number): number {
  for (let slot = 0; slot < session.inflightUsed; slot++) {
    if (session.inflightPacketIds[slot] === packetId) {
      return slot;
    }
  }
  return -1;
}

/**
 * Hands out the next packet identifier after the last one, cycling 65535 -> 1, skipping ids in
 * the in-flight table: never 0, never an id in flight. Returns 0 only when all 65535 ids are in
 * flight. The id is not reserved: `addInflight` it (or use it for a packet the table does not
 * hold) before asking again. Never allocates.
 * @hotpath
 */
export function nextPacketId(session: Session): number {
  if (session.inflightUsed >= PACKET_ID_MAX) {
    return 0;
  }
  let candidate = session.lastPacketId;
  for (let tries = 0; tries < PACKET_ID_MAX; tries++) {
    candidate = candidate >= PACKET_ID_MAX ? 1 : candidate + 1;
    if (findInflight(session, candidate) < 0) {
      session.lastPacketId = candidate;
      return candidate;
    }
  }
  return 0;
}

/**
 * Appends an in-flight entry (the newest, last in send order) for `packetId` with the client's
 * `recordIndex` (-1 when the packet is not in the message store) and `state`. Returns Success;
 * BadParameter when `packetId` is outside 1..65535; PacketIdInUse when that id is already in
 * flight; NoMemory when every slot is taken. The table is unchanged unless Success.
 * Never allocates.
 * @hotpath
 */
export function addInflight(session: Session, packetId: number, recordIndex: number, state: number): Status {
  if (!isPacketId(packetId)) {
    return Status.BadParameter;
  }
  if (findInflight(session, packetId) >= 0) {
    return Status.PacketIdInUse;
  }
  if (session.inflightUsed >= session.maximumInflight) {
    return Status.NoMemory;
  }
  const slot = session.inflightUsed;
  session.inflightPacketIds[slot] = packetId;
  session.inflightRecords[slot] = recordIndex;
  session.inflightStates[slot] = state;
  session.inflightUsed = slot + 1;
  return Status.Success;
}

/**
 * Sets the client's state of the in-flight entry in `slot` (e.g. from awaiting PUBREC to awaiting
 * PUBCOMP) and returns true; false, changing nothing, when `slot` holds no entry. The entry keeps
 * its place in send order. Never allocates.
 * @hotpath
 */
export function setInflightState(session: Session, slot: number, state: number): boolean {
  if (slot < 0 || slot >= session.inflightUsed) {
    return false;
  }
  session.inflightStates[slot] = state;
  return true;
}

/**
 * Removes the in-flight entry in `slot` (its ack came) and returns true; false, changing nothing,
 * when `slot` holds no entry. Later entries move down one slot, keeping send order; the packet id
 * becomes free for `nextPacketId`. Never allocates.
 * @hotpath
 */
export function removeInflight(session: Session, slot: number): boolean {
  if (slot < 0 || slot >= session.inflightUsed) {
    return false;
  }
  const last = session.inflightUsed - 1;
  for (let moved = slot; moved < last; moved++) {
    session.inflightPacketIds[moved] = session.inflightPacketIds[moved + 1];
    session.inflightRecords[moved] = session.inflightRecords[moved + 1];
    session.inflightStates[moved] = session.inflightStates[moved + 1];
  }
  session.inflightPacketIds[last] = 0;
  session.inflightRecords[last] = -1;
  session.inflightStates[last] = 0;
  session.inflightUsed = last;
  return true;
}

/**
 * The number of in-flight entries; they are in slots 0 .. count - 1, oldest (first sent) first,
 * which is the order to send them again after a reconnect. Never allocates.
 * @hotpath
 */
export function inflightCount(session: Session): number {
  return session.inflightUsed;
}

/** Empties the in-flight table (the id counter keeps running). Never allocates. @hotpath */
export function clearInflight(session: Session): void {
  for (let slot = 0; slot < session.inflightUsed; slot++) {
    session.inflightPacketIds[slot] = 0;
    session.inflightRecords[slot] = -1;
    session.inflightStates[slot] = 0;
  }
  session.inflightUsed = 0;
}

/** The inbound QoS 2 slot holding `packetId`, or -1. Never allocates. @hotpath */
function findInboundQos2(session: Session, packetId: number): number {
  for (let slot = 0; slot < session.inboundQos2Used; slot++) {
    if (session.inboundQos2Ids[slot] === packetId) {
      return slot;
    }
  }
  return -1;
}

/**
 * Notes that a QoS 2 PUBLISH with `packetId` arrived, on its way to delivery. Returns Success when
 * newly remembered (deliver it, send PUBREC); PacketIdInUse when the id is already remembered (a
 * duplicate: send PUBREC again, do not deliver it again); NoMemory when every slot is taken (the
 * message cannot be accepted exactly once: do not deliver it, and do not send PUBREC);
 * BadParameter when `packetId` is outside 1..65535. Never allocates.
 * @hotpath
 */
export function rememberInboundQos2(session: Session, packetId: number): Status {
  if (!isPacketId(packetId)) {
    return Status.BadParameter;
  }
  if (findInboundQos2(session, packetId) >= 0) {
    return Status.PacketIdInUse;
  }
  if (session.inboundQos2Used >= session.maximumInboundQos2) {
    return Status.NoMemory;
  }
  session.inboundQos2Ids[session.inboundQos2Used] = packetId;
  session.inboundQos2Used = session.inboundQos2Used + 1;
  return Status.Success;
}

/**
 * Forgets the inbound QoS 2 `packetId` when its PUBREL arrives, and returns true; false when it
 * was not remembered (MQTT 5 answers PUBCOMP with 0x92, Packet Identifier not found). Either way
 * a new PUBLISH with that id is delivered again. Never allocates.
 * @hotpath
 */
export function forgetInboundQos2(session: Session, packetId: number): boolean {
  const slot = findInboundQos2(session, packetId);
  if (slot < 0) {
    return false;
  }
  const last = session.inboundQos2Used - 1;
  session.inboundQos2Ids[slot] = session.inboundQos2Ids[last];
  session.inboundQos2Ids[last] = 0;
  session.inboundQos2Used = last;
  return true;
}

/** Whether the inbound QoS 2 `packetId` is awaiting its PUBREL. Never allocates. @hotpath */
export function isInboundQos2Pending(session: Session, packetId: number): boolean {
  return findInboundQos2(session, packetId) >= 0;
}

/** The number of inbound QoS 2 ids awaiting PUBREL. Never allocates. @hotpath */
export function inboundQos2Count(session: Session): number {
  return session.inboundQos2Used;
}

/** Forgets every inbound QoS 2 id. Never allocates. @hotpath */
export function clearInbound(session: Session): void {
  for (let slot = 0; slot < session.inboundQos2Used; slot++) {
    session.inboundQos2Ids[slot] = 0;
  }
  session.inboundQos2Used = 0;
}

/**
 * Empties the in-flight table and the inbound QoS 2 ids, for a clean start (or when the broker
 * says it kept no session). The id counter keeps running, so ids still rotate. Never allocates.
 * @hotpath
 */
export function resetSession(session: Session): void {
  clearInflight(session);
  clearInbound(session);
}

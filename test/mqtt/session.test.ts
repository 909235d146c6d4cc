import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Status, statusName } from "../../src/mqtt/status";
import {
  PACKET_ID_MAX,
  Session,
  addInflight,
  clearInbound,
  clearInflight,
  findInflight,
  forgetInboundQos2,
  inboundQos2Count,
  inflightCount,
  isInboundQos2Pending,
  newSession,
  nextPacketId,
  rememberInboundQos2,
  removeInflight,
  resetSession,
  setInflightState,
} from "../../src/mqtt/session";

/** The in-flight table as [packet id, record, state] rows in send order. */
function inflightRows(session: Session): number[][] {
  const rows: number[][] = [];
  for (let slot = 0; slot < inflightCount(session); slot++) {
    rows.push([session.inflightPacketIds[slot], session.inflightRecords[slot], session.inflightStates[slot]]);
  }
  return rows;
}

/** Takes the next id and puts it in flight with `state`; returns the id. */
function send(session: Session, state: number): number {
  const packetId = nextPacketId(session);
  expect(addInflight(session, packetId, packetId + 100, state)).toBe(Status.Success);
  return packetId;
}

describe("session: packet identifiers", () => {
  it("hands out 1, 2, 3 ... from a new session", () => {
    const session = newSession(4, 4);
    expect([nextPacketId(session), nextPacketId(session), nextPacketId(session)]).toEqual([1, 2, 3]);
  });

  it("goes on counting after an id is acknowledged, rather than reusing it at once", () => {
    const session = newSession(4, 4);
    const first = send(session, 1);
    removeInflight(session, findInflight(session, first));
    expect(nextPacketId(session)).toBe(2);
  });

  it("cycles from 65535 back to 1, never giving 0", () => {
    const session = newSession(4, 4);
    session.lastPacketId = 65534;
    expect([nextPacketId(session), nextPacketId(session), nextPacketId(session)]).toEqual([65535, 1, 2]);
  });

  it("skips ids that are in flight, also across the wrap", () => {
    const session = newSession(4, 4);
    session.lastPacketId = 65533;
    addInflight(session, 65535, -1, 1);
    addInflight(session, 1, -1, 1);
    addInflight(session, 3, -1, 1);
    expect([nextPacketId(session), nextPacketId(session), nextPacketId(session)]).toEqual([65534, 2, 4]);
  });

  it("returns 0 when every id is in flight", () => {
    const session = newSession(PACKET_ID_MAX, 0);
    for (let slot = 0; slot < PACKET_ID_MAX; slot++) {
      session.inflightPacketIds[slot] = slot + 1;
    }
    session.inflightUsed = PACKET_ID_MAX;
    expect(nextPacketId(session)).toBe(0);
    removeInflight(session, findInflight(session, 40000));
    session.lastPacketId = 39990;
    expect(nextPacketId(session)).toBe(40000);
  });
});

describe("session: the in-flight table", () => {
  it("keeps entries in send order with their record and state", () => {
    const session = newSession(4, 4);
    const a = send(session, 1);
    const b = send(session, 2);
    const c = send(session, 1);
    expect(inflightRows(session)).toEqual([
      [a, a + 100, 1],
      [b, b + 100, 2],
      [c, c + 100, 1],
    ]);
    expect(findInflight(session, b)).toBe(1);
    expect(findInflight(session, 99)).toBe(-1);
  });

  it("keeps the send order of the rest when an ack comes out of order", () => {
    const session = newSession(4, 4);
    const ids = [send(session, 1), send(session, 1), send(session, 1), send(session, 1)];
    expect(removeInflight(session, findInflight(session, ids[1]))).toBe(true);
    expect(inflightRows(session).map((row) => row[0])).toEqual([ids[0], ids[2], ids[3]]);
    expect(removeInflight(session, findInflight(session, ids[3]))).toBe(true);
    expect(removeInflight(session, findInflight(session, ids[0]))).toBe(true);
    expect(inflightRows(session)).toEqual([[ids[2], ids[2] + 100, 1]]);
  });

  it("changes an entry's state in place, keeping its place in send order", () => {
    const session = newSession(4, 4);
    const a = send(session, 1);
    const b = send(session, 1);
    expect(setInflightState(session, findInflight(session, a), 7)).toBe(true);
    expect(inflightRows(session).map((row) => row[2])).toEqual([7, 1]);
    expect(findInflight(session, b)).toBe(1);
  });

  it("refuses a packet id of 0 or over 65535 with BadParameter", () => {
    const session = newSession(4, 4);
    expect(addInflight(session, 0, -1, 1)).toBe(Status.BadParameter);
    expect(addInflight(session, -1, -1, 1)).toBe(Status.BadParameter);
    expect(addInflight(session, 65536, -1, 1)).toBe(Status.BadParameter);
    expect(inflightCount(session)).toBe(0);
  });

  it("refuses an id already in flight with PacketIdInUse, changing nothing", () => {
    const session = newSession(4, 4);
    const a = send(session, 1);
    expect(addInflight(session, a, 55, 9)).toBe(Status.PacketIdInUse);
    expect(inflightRows(session)).toEqual([[a, a + 100, 1]]);
    expect(statusName(Status.PacketIdInUse)).toBe("PacketIdInUse");
  });

  it("refuses with NoMemory when every slot is taken", () => {
    const session = newSession(2, 4);
    send(session, 1);
    send(session, 1);
    expect(addInflight(session, nextPacketId(session), -1, 1)).toBe(Status.NoMemory);
    expect(inflightCount(session)).toBe(2);
  });

  it("has no slots at all when made with 0 (or less)", () => {
    const session = newSession(-1, -1);
    expect(addInflight(session, 1, -1, 1)).toBe(Status.NoMemory);
    expect(rememberInboundQos2(session, 1)).toBe(Status.NoMemory);
    expect(nextPacketId(session)).toBe(1);
  });

  it("refuses to set or remove a slot that holds nothing", () => {
    const session = newSession(4, 4);
    send(session, 1);
    expect(setInflightState(session, 1, 3)).toBe(false);
    expect(setInflightState(session, -1, 3)).toBe(false);
    expect(removeInflight(session, 1)).toBe(false);
    expect(removeInflight(session, -1)).toBe(false);
    expect(inflightCount(session)).toBe(1);
  });

  it("empties the table with clearInflight, and the ids go on rotating", () => {
    const session = newSession(4, 4);
    send(session, 1);
    send(session, 1);
    clearInflight(session);
    expect(inflightCount(session)).toBe(0);
    expect(nextPacketId(session)).toBe(3);
  });
});

describe("session: inbound QoS 2 (exactly once)", () => {
  it("remembers a new id (deliver it) and calls the same id again a duplicate (do not deliver)", () => {
    const session = newSession(4, 4);
    expect(rememberInboundQos2(session, 10)).toBe(Status.Success);
    expect(rememberInboundQos2(session, 10)).toBe(Status.PacketIdInUse);
    expect(isInboundQos2Pending(session, 10)).toBe(true);
    expect(inboundQos2Count(session)).toBe(1);
  });

  it("forgets the id on PUBREL, after which the id is new again", () => {
    const session = newSession(4, 4);
    rememberInboundQos2(session, 10);
    expect(forgetInboundQos2(session, 10)).toBe(true);
    expect(isInboundQos2Pending(session, 10)).toBe(false);
    expect(rememberInboundQos2(session, 10)).toBe(Status.Success);
  });

  it("reports a PUBREL for an id it does not hold (answer PUBCOMP 0x92)", () => {
    const session = newSession(4, 4);
    rememberInboundQos2(session, 10);
    expect(forgetInboundQos2(session, 11)).toBe(false);
    expect(inboundQos2Count(session)).toBe(1);
  });

  it("refuses a new id with NoMemory when the table is full, but still spots duplicates", () => {
    const session = newSession(4, 2);
    rememberInboundQos2(session, 1);
    rememberInboundQos2(session, 2);
    expect(rememberInboundQos2(session, 3)).toBe(Status.NoMemory);
    expect(rememberInboundQos2(session, 2)).toBe(Status.PacketIdInUse);
    forgetInboundQos2(session, 1);
    expect(rememberInboundQos2(session, 3)).toBe(Status.Success);
  });

  it("refuses a packet id of 0 or over 65535 with BadParameter", () => {
    const session = newSession(4, 2);
    expect(rememberInboundQos2(session, 0)).toBe(Status.BadParameter);
    expect(rememberInboundQos2(session, 65536)).toBe(Status.BadParameter);
    expect(inboundQos2Count(session)).toBe(0);
  });

  it("keeps inbound ids apart from outbound ones (the broker numbers its own)", () => {
    const session = newSession(4, 4);
    rememberInboundQos2(session, 1);
    expect(nextPacketId(session)).toBe(1);
    expect(addInflight(session, 1, -1, 1)).toBe(Status.Success);
    expect(rememberInboundQos2(session, 1)).toBe(Status.PacketIdInUse);
  });

  it("forgets every id with clearInbound", () => {
    const session = newSession(4, 4);
    rememberInboundQos2(session, 1);
    rememberInboundQos2(session, 2);
    clearInbound(session);
    expect(inboundQos2Count(session)).toBe(0);
    expect(rememberInboundQos2(session, 1)).toBe(Status.Success);
  });
});

describe("session: reset", () => {
  it("empties both tables for a clean start, and the ids go on rotating", () => {
    const session = newSession(4, 4);
    send(session, 1);
    send(session, 2);
    rememberInboundQos2(session, 9);
    resetSession(session);
    expect(inflightCount(session)).toBe(0);
    expect(inboundQos2Count(session)).toBe(0);
    expect(isInboundQos2Pending(session, 9)).toBe(false);
    expect(nextPacketId(session)).toBe(3);
  });
});

/** Throws, naming what differs, unless `actual` is `expected`. */
function same(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(`${what}: got ${String(actual)}, the model says ${String(expected)}`);
  }
}

/** The reference model: an in-flight list in send order, a set of inbound ids, the last id given. */
interface Model {
  maximumInflight: number;
  maximumInboundQos2: number;
  inflight: { packetId: number; record: number; state: number }[];
  inbound: Set<number>;
  lastPacketId: number;
}

/** The model's next id: count on from the last one, 65535 -> 1, past ids in flight. */
function modelNextId(model: Model): number {
  if (model.inflight.length >= PACKET_ID_MAX) {
    return 0;
  }
  let candidate = model.lastPacketId;
  do {
    candidate = (candidate % PACKET_ID_MAX) + 1;
  } while (model.inflight.some((entry) => entry.packetId === candidate));
  model.lastPacketId = candidate;
  return candidate;
}

function checkAgainstModel(session: Session, model: Model): void {
  same("inflightCount", inflightCount(session), model.inflight.length);
  model.inflight.forEach((entry, slot) => {
    same("packet id", session.inflightPacketIds[slot], entry.packetId);
    same("record", session.inflightRecords[slot], entry.record);
    same("state", session.inflightStates[slot], entry.state);
    same("findInflight", findInflight(session, entry.packetId), slot);
  });
  same("inboundQos2Count", inboundQos2Count(session), model.inbound.size);
  for (const packetId of model.inbound) {
    same("isInboundQos2Pending", isInboundQos2Pending(session, packetId), true);
  }
}

type Operation =
  | { kind: "send"; state: number }
  | { kind: "next" }
  | { kind: "add"; packetId: number; state: number }
  | { kind: "ack"; pick: number }
  | { kind: "ackUnknown"; packetId: number }
  | { kind: "setState"; pick: number; state: number }
  | { kind: "remember"; packetId: number }
  | { kind: "forget"; packetId: number }
  | { kind: "reset" };

/** Ids from a narrow band (so they collide), near the top (so they wrap), and out of range. */
const anyId = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 2, arbitrary: fc.integer({ min: PACKET_ID_MAX - 3, max: PACKET_ID_MAX }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, PACKET_ID_MAX + 1) },
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("send" as const), state: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("next" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("add" as const), packetId: anyId, state: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("ack" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("ackUnknown" as const), packetId: anyId }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("setState" as const), pick: fc.nat(), state: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("remember" as const), packetId: anyId }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("forget" as const), packetId: anyId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reset" as const) }) },
);

function expectedAdd(model: Model, packetId: number): Status {
  if (packetId < 1 || packetId > PACKET_ID_MAX) {
    return Status.BadParameter;
  }
  if (model.inflight.some((entry) => entry.packetId === packetId)) {
    return Status.PacketIdInUse;
  }
  return model.inflight.length >= model.maximumInflight ? Status.NoMemory : Status.Success;
}

function modelAdd(model: Model, packetId: number, record: number, state: number): Status {
  const status = expectedAdd(model, packetId);
  if (status === Status.Success) {
    model.inflight.push({ packetId, record, state });
  }
  return status;
}

function runScenario(maximumInflight: number, maximumInboundQos2: number, firstId: number, operations: Operation[]): void {
  const session = newSession(maximumInflight, maximumInboundQos2);
  session.lastPacketId = firstId;
  const model: Model = { maximumInflight, maximumInboundQos2, inflight: [], inbound: new Set(), lastPacketId: firstId };
  for (const step of operations) {
    switch (step.kind) {
      case "send":
      case "next": {
        const packetId = nextPacketId(session);
        same("nextPacketId", packetId, modelNextId(model));
        same("id in range", packetId >= 1 && packetId <= PACKET_ID_MAX, true);
        same("id not in flight", findInflight(session, packetId), -1);
        if (step.kind === "send") {
          const record = packetId % 7;
          same("addInflight", addInflight(session, packetId, record, step.state), modelAdd(model, packetId, record, step.state));
        }
        break;
      }
      case "add":
        same("addInflight", addInflight(session, step.packetId, -1, step.state), modelAdd(model, step.packetId, -1, step.state));
        break;
      case "ack": {
        if (model.inflight.length === 0) {
          same("removeInflight of nothing", removeInflight(session, 0), false);
          break;
        }
        const entry = model.inflight[step.pick % model.inflight.length];
        same("removeInflight", removeInflight(session, findInflight(session, entry.packetId)), true);
        model.inflight.splice(model.inflight.indexOf(entry), 1);
        break;
      }
      case "ackUnknown":
        if (!model.inflight.some((entry) => entry.packetId === step.packetId)) {
          same("findInflight of an unknown id", findInflight(session, step.packetId), -1);
        }
        break;
      case "setState": {
        if (model.inflight.length === 0) {
          same("setInflightState of nothing", setInflightState(session, 0, step.state), false);
          break;
        }
        const slot = step.pick % model.inflight.length;
        same("setInflightState", setInflightState(session, slot, step.state), true);
        model.inflight[slot].state = step.state;
        break;
      }
      case "remember": {
        let expected = Status.Success;
        if (step.packetId < 1 || step.packetId > PACKET_ID_MAX) {
          expected = Status.BadParameter;
        } else if (model.inbound.has(step.packetId)) {
          expected = Status.PacketIdInUse;
        } else if (model.inbound.size >= maximumInboundQos2) {
          expected = Status.NoMemory;
        } else {
          model.inbound.add(step.packetId);
        }
        same("rememberInboundQos2", rememberInboundQos2(session, step.packetId), expected);
        break;
      }
      case "forget":
        same("forgetInboundQos2", forgetInboundQos2(session, step.packetId), model.inbound.delete(step.packetId));
        break;
      case "reset":
        resetSession(session);
        model.inflight = [];
        model.inbound.clear();
        break;
    }
    checkAgainstModel(session, model);
  }
}

describe("session: against a reference model", () => {
  it("never hands out 0 or an id in flight, rotates ids, keeps send order and spots QoS 2 duplicates", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }), fc.integer({ min: PACKET_ID_MAX - 10, max: PACKET_ID_MAX })),
        fc.array(operation, { maxLength: 80 }),
        (maximumInflight, maximumInboundQos2, firstId, operations) => {
          runScenario(maximumInflight, maximumInboundQos2, firstId, operations);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("with ids held for long, keeps handing out distinct ids through many wraps", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.nat(), { minLength: 50, maxLength: 200 }), (maximumInflight, acks) => {
        const session = newSession(maximumInflight, 0);
        session.lastPacketId = PACKET_ID_MAX - 25;
        for (const ack of acks) {
          if (inflightCount(session) === maximumInflight) {
            // ack one at random, often not the oldest
            removeInflight(session, ack % maximumInflight);
          }
          const packetId = nextPacketId(session);
          same("id in range", packetId >= 1 && packetId <= PACKET_ID_MAX, true);
          same("addInflight", addInflight(session, packetId, -1, 1), Status.Success);
        }
        const ids = inflightRows(session).map((row) => row[0]);
        same("distinct ids", new Set(ids).size, ids.length);
      }),
      { numRuns: 3000 },
    );
  });
});

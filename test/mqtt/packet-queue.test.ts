import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import {
  PacketQueue,
  clearQueue,
  firstRecord,
  freeBytes,
  largestReservable,
  newPacketQueue,
  nextRecord,
  recordCount,
  releaseRecord,
  reserveRecord,
} from "../../src/mqtt/packet-queue";

/** The live records in FIFO order, as the iteration functions walk them. */
function walk(queue: PacketQueue): number[] {
  const order: number[] = [];
  for (let index = firstRecord(queue); index >= 0; index = nextRecord(queue, index)) {
    order.push(index);
    if (order.length > queue.maximumRecords) {
      throw new Error("iteration does not end");
    }
  }
  return order;
}

/** [offset, length] of each live record in FIFO order. */
function ranges(queue: PacketQueue): number[][] {
  return walk(queue).map((index) => [queue.offsets[index], queue.lengths[index]]);
}

/** Reserves `length` bytes and fills them with `fill`; returns the record index. */
function put(queue: PacketQueue, length: number, fill: number): number {
  const index = reserveRecord(queue, length);
  for (let at = 0; index >= 0 && at < length; at++) {
    queue.store[queue.offsets[index] + at] = fill;
  }
  return index;
}

/** Everything observable about a queue, to show that a refusal changed nothing. */
function snapshot(queue: PacketQueue): unknown {
  return {
    walk: walk(queue),
    ranges: ranges(queue),
    count: recordCount(queue),
    free: freeBytes(queue),
    largest: largestReservable(queue),
    store: Array.from(queue.store as Uint8Array),
  };
}

describe("packet queue: reserving", () => {
  it("starts empty: no records, every byte free", () => {
    const queue = newPacketQueue(nodePlatform, 32, 4);
    expect(firstRecord(queue)).toBe(-1);
    expect(recordCount(queue)).toBe(0);
    expect(freeBytes(queue)).toBe(32);
    expect(largestReservable(queue)).toBe(32);
  });

  it("lays records out back to back from offset 0, each with state 0 and packet id 0", () => {
    const queue = newPacketQueue(nodePlatform, 32, 4);
    expect(reserveRecord(queue, 5)).toBe(0);
    expect(reserveRecord(queue, 7)).toBe(1);
    expect(reserveRecord(queue, 3)).toBe(2);
    expect(ranges(queue)).toEqual([
      [0, 5],
      [5, 7],
      [12, 3],
    ]);
    expect([queue.states[1], queue.packetIds[1]]).toEqual([0, 0]);
    expect(recordCount(queue)).toBe(3);
    expect(freeBytes(queue)).toBe(17);
  });

  it("fills the store exactly, then refuses even one more byte", () => {
    const queue = newPacketQueue(nodePlatform, 8, 4);
    expect(reserveRecord(queue, 8)).toBe(0);
    expect(freeBytes(queue)).toBe(0);
    expect(largestReservable(queue)).toBe(0);
    expect(reserveRecord(queue, 1)).toBe(-1);
  });

  it("refuses a length of 0, a negative length and one over the capacity", () => {
    const queue = newPacketQueue(nodePlatform, 8, 4);
    expect(reserveRecord(queue, 0)).toBe(-1);
    expect(reserveRecord(queue, -3)).toBe(-1);
    expect(reserveRecord(queue, 9)).toBe(-1);
    expect(recordCount(queue)).toBe(0);
  });

  it("refuses when every record slot is taken, though bytes are free", () => {
    const queue = newPacketQueue(nodePlatform, 100, 2);
    reserveRecord(queue, 1);
    reserveRecord(queue, 1);
    expect(largestReservable(queue)).toBe(0);
    expect(freeBytes(queue)).toBe(98);
    expect(reserveRecord(queue, 1)).toBe(-1);
  });

  it("changes nothing when it refuses: no byte, no record, no order", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    put(queue, 6, 0xaa);
    put(queue, 3, 0xbb);
    const before = snapshot(queue);
    expect(reserveRecord(queue, 2)).toBe(-1);
    expect(snapshot(queue)).toEqual(before);
  });
});

describe("packet queue: the wrap rule", () => {
  it("starts a record at offset 0 when it does not fit before the end and the start is free", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    const first = put(queue, 4, 1);
    put(queue, 4, 2);
    releaseRecord(queue, first);
    const wrapped = reserveRecord(queue, 3);
    expect(queue.offsets[wrapped]).toBe(0);
    expect(ranges(queue)).toEqual([
      [4, 4],
      [0, 3],
    ]);
    // bytes 8..9 are the skip; only byte 3 lies between the newest end and the oldest start
    expect(freeBytes(queue)).toBe(1);
    expect(largestReservable(queue)).toBe(1);
  });

  it("keeps to the end of the store while the record still fits there", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    const first = put(queue, 4, 1);
    put(queue, 4, 2);
    releaseRecord(queue, first);
    expect(queue.offsets[reserveRecord(queue, 2)]).toBe(8);
  });

  it("refuses a record that fits neither before the end nor before the oldest record", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    const first = put(queue, 4, 1);
    put(queue, 4, 2);
    releaseRecord(queue, first);
    // 2 bytes at the end and 4 at the start: 6 free in all, but not 5 in one range
    expect(freeBytes(queue)).toBe(6);
    expect(largestReservable(queue)).toBe(4);
    expect(reserveRecord(queue, 5)).toBe(-1);
    expect(queue.offsets[reserveRecord(queue, 4)]).toBe(0);
  });

  it("fills a wrapped queue exactly up to its oldest record", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    const first = put(queue, 4, 1);
    put(queue, 6, 2);
    releaseRecord(queue, first);
    expect(queue.offsets[reserveRecord(queue, 4)]).toBe(0);
    expect(freeBytes(queue)).toBe(0);
    expect(reserveRecord(queue, 1)).toBe(-1);
  });

  it("reclaims the skip with the records before it", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    const first = put(queue, 4, 1);
    const second = put(queue, 4, 2);
    releaseRecord(queue, first);
    put(queue, 3, 3);
    releaseRecord(queue, second);
    expect(ranges(queue)).toEqual([[0, 3]]);
    expect(freeBytes(queue)).toBe(7);
    expect(queue.offsets[reserveRecord(queue, 7)]).toBe(3);
  });

  it("starts again at offset 0 whenever the queue empties", () => {
    const queue = newPacketQueue(nodePlatform, 10, 4);
    put(queue, 3, 1);
    const second = put(queue, 3, 2);
    releaseRecord(queue, 0);
    releaseRecord(queue, second);
    const index = reserveRecord(queue, 10);
    expect(queue.offsets[index]).toBe(0);
  });

  it("wraps the record slots as well as the bytes", () => {
    const queue = newPacketQueue(nodePlatform, 100, 3);
    const first = reserveRecord(queue, 1);
    reserveRecord(queue, 1);
    reserveRecord(queue, 1);
    releaseRecord(queue, first);
    expect(reserveRecord(queue, 1)).toBe(0);
    expect(walk(queue)).toEqual([1, 2, 0]);
  });
});

describe("packet queue: releasing", () => {
  it("releases records in any order; a hole keeps its bytes until the records before it are gone", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    const a = put(queue, 4, 1);
    const b = put(queue, 4, 2);
    const c = put(queue, 4, 3);
    expect(releaseRecord(queue, b)).toBe(true);
    expect(walk(queue)).toEqual([a, c]);
    expect(recordCount(queue)).toBe(2);
    expect(freeBytes(queue)).toBe(0);
    expect(releaseRecord(queue, a)).toBe(true);
    expect(walk(queue)).toEqual([c]);
    expect(freeBytes(queue)).toBe(8);
  });

  it("gives the newest record's bytes back at once, so a failed encode leaves no hole", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    put(queue, 4, 1);
    const failed = reserveRecord(queue, 6);
    expect(releaseRecord(queue, failed)).toBe(true);
    expect(freeBytes(queue)).toBe(8);
    expect(queue.offsets[reserveRecord(queue, 8)]).toBe(4);
  });

  it("gives back a hole at the newest end together with the newest record", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    put(queue, 4, 1);
    const b = put(queue, 4, 2);
    const c = put(queue, 4, 3);
    releaseRecord(queue, b);
    releaseRecord(queue, c);
    expect(freeBytes(queue)).toBe(8);
  });

  it("refuses to release a record twice, or an index that is no record", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    const a = put(queue, 4, 1);
    put(queue, 4, 2);
    expect(releaseRecord(queue, a)).toBe(true);
    expect(releaseRecord(queue, a)).toBe(false);
    expect(releaseRecord(queue, 3)).toBe(false);
    expect(releaseRecord(queue, -1)).toBe(false);
    expect(releaseRecord(queue, 4)).toBe(false);
    expect(recordCount(queue)).toBe(1);
  });

  it("never moves or touches the bytes of live records", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    const a = put(queue, 4, 0x11);
    const b = put(queue, 4, 0x22);
    const c = put(queue, 4, 0x33);
    releaseRecord(queue, b);
    releaseRecord(queue, a);
    expect(queue.offsets[c]).toBe(8);
    expect(Array.from(queue.store as Uint8Array).slice(8, 12)).toEqual([0x33, 0x33, 0x33, 0x33]);
  });

  it("lets a walk release records as it goes when it takes the next index first", () => {
    const queue = newPacketQueue(nodePlatform, 40, 8);
    for (let fill = 0; fill < 6; fill++) {
      put(queue, 5, fill);
    }
    const seen: number[] = [];
    let index = firstRecord(queue);
    while (index >= 0) {
      const next = nextRecord(queue, index);
      seen.push(index);
      if (index % 2 === 0) {
        releaseRecord(queue, index);
      }
      index = next;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(walk(queue)).toEqual([1, 3, 5]);
  });

  it("ends a walk from an index that is no longer pending", () => {
    const queue = newPacketQueue(nodePlatform, 40, 8);
    const a = put(queue, 5, 1);
    put(queue, 5, 2);
    releaseRecord(queue, a);
    expect(nextRecord(queue, a)).toBe(-1);
    expect(nextRecord(queue, -1)).toBe(-1);
    expect(nextRecord(queue, 8)).toBe(-1);
  });

  it("clears every record at once", () => {
    const queue = newPacketQueue(nodePlatform, 12, 4);
    put(queue, 4, 1);
    put(queue, 4, 2);
    clearQueue(queue);
    expect(firstRecord(queue)).toBe(-1);
    expect(recordCount(queue)).toBe(0);
    expect(freeBytes(queue)).toBe(12);
    expect(reserveRecord(queue, 12)).toBe(0);
  });

  it("takes sizes below 1 as 1", () => {
    const queue = newPacketQueue(nodePlatform, 0, 0);
    expect([queue.capacity, queue.maximumRecords]).toEqual([1, 1]);
    expect(reserveRecord(queue, 1)).toBe(0);
    expect(reserveRecord(queue, 1)).toBe(-1);
  });
});

/** A record as the reference model sees it. */
interface ModelRecord {
  index: number;
  offset: number;
  length: number;
  live: boolean;
  /** A number unique to this reservation, from which its bytes are filled. */
  tag: number;
}

/**
 * The reference model: the pending records (live ones and the holes between them) as a list in
 * FIFO order, and each byte's owner in a plain array. It knows nothing of slots or rings.
 */
interface Model {
  capacity: number;
  maximumRecords: number;
  pending: ModelRecord[];
  nextTag: number;
}

function patternByte(tag: number, at: number): number {
  return (tag * 31 + at * 7 + 3) % 256;
}

/**
 * The bytes a new record may take under the ring rule, brute force: those after the newest pending
 * record's end, round the end of the store, up to the oldest pending record's start (all of them
 * when nothing is pending). A byte that a pending record covers is never free.
 */
function freeMap(model: Model): boolean[] {
  const free: boolean[] = [];
  for (let at = 0; at < model.capacity; at++) {
    free.push(model.pending.length === 0);
  }
  if (model.pending.length === 0) {
    return free;
  }
  const oldest = model.pending[0];
  const newest = model.pending[model.pending.length - 1];
  const end = newest.offset + newest.length;
  for (let step = 0; step < model.capacity; step++) {
    const at = (end + step) % model.capacity;
    if (at === oldest.offset) {
      break;
    }
    free[at] = true;
  }
  for (const record of model.pending) {
    for (let at = 0; at < record.length; at++) {
      free[record.offset + at] = false;
    }
  }
  return free;
}

/** The longest run of free bytes that does not cross the end of the store. */
function longestRun(free: boolean[]): number {
  let longest = 0;
  let run = 0;
  for (const isFree of free) {
    run = isFree ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Where the model puts a record: the newest end if it fits there, else the start of the store. */
function modelPlace(model: Model, length: number): number {
  if (length < 1 || length > model.capacity || model.pending.length >= model.maximumRecords) {
    return -1;
  }
  const free = freeMap(model);
  const newest = model.pending[model.pending.length - 1];
  const tail = newest === undefined ? 0 : newest.offset + newest.length;
  const fits = (start: number): boolean => {
    for (let at = start; at < start + length; at++) {
      if (at >= model.capacity || !free[at]) {
        return false;
      }
    }
    return true;
  };
  if (fits(tail)) {
    return tail;
  }
  return fits(0) ? 0 : -1;
}

function modelTrim(model: Model): void {
  while (model.pending.length > 0 && !model.pending[0].live) {
    model.pending.shift();
  }
  while (model.pending.length > 0 && !model.pending[model.pending.length - 1].live) {
    model.pending.pop();
  }
}

function liveRecords(model: Model): ModelRecord[] {
  return model.pending.filter((record) => record.live);
}

/** Throws, naming what differs, unless `actual` is `expected` (cheap enough to run after every step). */
function same(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(`${what}: got ${String(actual)}, the model says ${String(expected)}`);
  }
}

/** Checks everything observable about `queue` against `model`. */
function checkAgainstModel(queue: PacketQueue, model: Model): void {
  const live = liveRecords(model);
  same("walk", walk(queue).join(","), live.map((record) => record.index).join(","));
  same("recordCount", recordCount(queue), live.length);
  for (const record of live) {
    same("offset", queue.offsets[record.index], record.offset);
    same("length", queue.lengths[record.index], record.length);
    same("inside the store", record.offset >= 0 && record.offset + record.length <= queue.capacity, true);
    for (let at = 0; at < record.length; at++) {
      if (queue.store[record.offset + at] !== patternByte(record.tag, at)) {
        throw new Error(`record ${record.index} (tag ${record.tag}) byte ${at} was overwritten`);
      }
    }
  }
  const free = freeMap(model);
  same("freeBytes", freeBytes(queue), free.filter((isFree) => isFree).length);
  const slotFree = model.pending.length < model.maximumRecords;
  same("largestReservable", largestReservable(queue), slotFree ? longestRun(free) : 0);
}

type Operation =
  | { kind: "reserve"; length: number }
  | { kind: "release"; pick: number }
  | { kind: "releaseNewest" }
  | { kind: "releaseBad"; index: number }
  | { kind: "clear" };

const operation = (capacity: number, maximumRecords: number): fc.Arbitrary<Operation> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.record({ kind: fc.constant("reserve" as const), length: fc.integer({ min: -1, max: capacity + 1 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("reserve" as const), length: fc.integer({ min: 1, max: Math.max(1, Math.floor(capacity / 4)) }) }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("releaseNewest" as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("releaseBad" as const), index: fc.integer({ min: -2, max: maximumRecords + 2 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const) }) },
  );

const scenario = fc
  .record({ capacity: fc.integer({ min: 1, max: 48 }), maximumRecords: fc.integer({ min: 1, max: 10 }) })
  .chain((sizes) =>
    fc.record({
      capacity: fc.constant(sizes.capacity),
      maximumRecords: fc.constant(sizes.maximumRecords),
      operations: fc.array(operation(sizes.capacity, sizes.maximumRecords), { maxLength: 60 }),
    }),
  );

function runScenario(capacity: number, maximumRecords: number, operations: Operation[]): void {
  const queue = newPacketQueue(nodePlatform, capacity, maximumRecords);
  const model: Model = { capacity, maximumRecords, pending: [], nextTag: 1 };
  checkAgainstModel(queue, model);
  for (const step of operations) {
    if (step.kind === "reserve") {
      const expected = modelPlace(model, step.length);
      const index = reserveRecord(queue, step.length);
      if (expected < 0) {
        same("refused", index, -1);
      } else {
        same("reserved", index >= 0, true);
        same("offset", queue.offsets[index], expected);
        same("state and packet id", queue.states[index] + queue.packetIds[index], 0);
        const record: ModelRecord = { index, offset: expected, length: step.length, live: true, tag: model.nextTag };
        model.nextTag += 1;
        for (let at = 0; at < step.length; at++) {
          queue.store[expected + at] = patternByte(record.tag, at);
        }
        // what the client owns: scribble on it, the queue must not care
        queue.states[index] = record.tag % 5;
        queue.packetIds[index] = record.tag % 65535;
        model.pending.push(record);
      }
    } else if (step.kind === "release" || step.kind === "releaseNewest") {
      const live = liveRecords(model);
      if (live.length === 0) {
        same("firstRecord", firstRecord(queue), -1);
        continue;
      }
      const victim = step.kind === "release" ? live[step.pick % live.length] : live[live.length - 1];
      same("released", releaseRecord(queue, victim.index), true);
      victim.live = false;
      modelTrim(model);
    } else if (step.kind === "releaseBad") {
      const isLive = liveRecords(model).some((record) => record.index === step.index);
      if (!isLive) {
        same("released a non-record", releaseRecord(queue, step.index), false);
      }
    } else {
      clearQueue(queue);
      model.pending = [];
    }
    checkAgainstModel(queue, model);
  }
}

describe("packet queue: against a reference model", () => {
  it("keeps FIFO order, never overwrites a live byte, and refuses only when there is no room", () => {
    fc.assert(
      fc.property(scenario, ({ capacity, maximumRecords, operations }) => {
        runScenario(capacity, maximumRecords, operations);
      }),
      { numRuns: 10000 },
    );
  });

  it("streams records through a small queue for a long time (acks mostly in order)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 9 })), { minLength: 100, maxLength: 300 }),
        (capacity, maximumRecords, steps) => {
          const operations: Operation[] = [];
          for (const [length, ack] of steps) {
            operations.push({ kind: "reserve", length });
            // ack the oldest most of the time, sometimes a later one
            operations.push({ kind: "release", pick: ack < 7 ? 0 : ack });
          }
          runScenario(capacity, maximumRecords, operations);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/**
 * The simulator's network conditions, one model for the sockets of both emulated runtimes
 * (hal/sim/espruino-net.ts, hal/sim/nodemcu-net.ts): latency, jitter, loss and cuts, applied
 * between the emulated socket and the real Node socket behind it.
 *
 * The model, per connection and per direction ("up": device to server, "down": server to device):
 * - Every segment — a chunk of bytes as the emulation writes it or as Node reads it, and the
 *   connect, error and close that travel with them — is held for `latencyMs` ± `jitterMs`
 *   (uniform, from a PRNG seeded by `seed`, the connection's number and the direction) and then
 *   handed on, never before the segment ahead of it: TCP never reorders, so a slow segment holds
 *   back those behind it.
 * - Loss is TCP's loss, seen from above TCP: a lost segment is not missing from the stream, it is
 *   retransmitted. Each segment is lost with probability `lossPercent`/100; a lost one arrives
 *   a retransmission timeout later, 200 ms for the first retransmission, doubling for each further
 *   loss of the same segment (up to 60 s), each retransmission lost with the same probability.
 *   Bytes therefore always arrive complete and in order, only later. 100 % loss is not loss but a
 *   cut, so `lossPercent` is below 100.
 * - Cuts: `cuts` are outage windows counted from the moment the shaper was made (the start of
 *   the simulation): from `atSeconds` for `forSeconds`, again every `everySeconds` when given.
 *   When a window opens, every open connection is reset — what it still had in flight is lost,
 *   the runtime sees the error and close of a reset (Node's ECONNRESET, which each emulation maps
 *   to its runtime's code) — and until it closes, a new connection fails without reaching the
 *   server, as with no route to the host (ENETUNREACH, mapped likewise). `cutNow()` opens a
 *   window by hand until `restoreNow()`, which also ends a scheduled window in progress.
 * The connect of a shaped connection completes one down-lane delay after Node's, so the device
 * never sees the server's bytes before its connect. Conditions can change at any time
 * (`change`); a change applies to segments sent from then on (a new seed, to connections made
 * from then on), and new cut windows count from the same start.
 */
import { EventEmitter } from "node:events";
import type * as net from "node:net";
import { performance } from "node:perf_hooks";
import type { Outage } from "../../tools/build/board-types";
import { seededRandom } from "./seeded-random";

/** What the network between the device and its servers does to the device's connections. */
export interface NetworkConditions {
  /** One-way delay of every segment, in ms. */
  latencyMs: number;
  /** The delay varies by up to this much either way (never below 0), in ms. */
  jitterMs: number;
  /** Chance of losing a segment (then retransmitted), in percent, from 0 up to but not 100. */
  lossPercent: number;
  /** Outage windows, from the start of the simulation. */
  cuts: Outage[];
  /** Seed of the delays and losses. */
  seed: number;
}

/** The socket API the emulations use, met by Node's sockets and by shaped ones. */
export interface StreamSocket {
  write(chunk: Buffer, done: (error?: Error | null) => void): boolean;
  end(done: () => void): unknown;
  destroy(): unknown;
  on(event: "data", listener: (bytes: Buffer) => void): unknown;
  on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  once(event: "drain", listener: () => void): unknown;
  removeAllListeners(event: "data"): unknown;
}

/** What the shaper has done so far (the simulator's bookkeeping, for tests and a UI). */
export interface NetworkStats {
  /** Segments held back (both directions). */
  segments: number;
  /** Retransmissions the loss model added. */
  retransmissions: number;
  /** Open connections reset by a cut. */
  resets: number;
  /** New connections refused during a cut. */
  refused: number;
  /** Each segment's delay in ms, by direction, when `record` was set (else stays empty). */
  delaysMs: { up: number[]; down: number[] };
}

/** Options for `createNetworkShaper`. */
export interface NetworkShaperOptions {
  /** The clock in ms; `performance.now` by default. */
  now?: () => number;
  /** Keep every segment's delay in `stats.delaysMs`. */
  record?: boolean;
}

/** A handle on the simulated network: give it to the emulations' `conditions` option. */
export interface NetworkShaper {
  /** The conditions in force. */
  readonly conditions: Readonly<NetworkConditions>;
  /** Changes some conditions from now on (checked as `createNetworkShaper` checks them). */
  change(changes: Partial<NetworkConditions>): void;
  /** Opens an outage now, until `restoreNow()`: open connections are reset, new ones refused. */
  cutNow(): void;
  /** Ends an outage now, whether cut by hand or scheduled (the next scheduled window still opens). */
  restoreNow(): void;
  /** Whether the network is in an outage now. */
  readonly down: boolean;
  /** Connections open through the shaper now. */
  readonly open: number;
  readonly stats: NetworkStats;
  /**
   * Makes a shaped connection: `open(ready)` makes the Node socket (calling `ready` once connected),
   * unless the network is down, when the connection fails on the next turn without it. The
   * returned socket delivers `ready`, data, error and close as the conditions say.
   */
  connect(open: (ready: () => void) => net.Socket, ready: () => void): StreamSocket;
  /** Stops the cut schedule and resets no more (clean-up); shaped sockets still deliver. */
  stop(): void;
}

/** The first retransmission timeout, its doubling cap, in ms. */
const FIRST_RETRANSMISSION_MS = 200;
const LONGEST_RETRANSMISSION_MS = 60_000;

/** A Node-style socket error with `code`. */
function socketError(code: "ECONNRESET" | "ENETUNREACH"): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(code === "ECONNRESET" ? "reset by a network cut" : "no route during a network cut");
  error.code = code;
  return error;
}

/** Throws a RangeError naming the field when `conditions` cannot be simulated. */
function checkConditions(conditions: NetworkConditions): void {
  const fail = (field: string, rule: string): never => {
    throw new RangeError(`network conditions: ${field} must be ${rule}`);
  };
  const finite = (value: number): boolean => typeof value === "number" && Number.isFinite(value);
  if (!finite(conditions.latencyMs) || conditions.latencyMs < 0) fail("latencyMs", "a number of ms, 0 or more");
  if (!finite(conditions.jitterMs) || conditions.jitterMs < 0) fail("jitterMs", "a number of ms, 0 or more");
  if (!finite(conditions.lossPercent) || conditions.lossPercent < 0 || conditions.lossPercent >= 100) {
    fail("lossPercent", "from 0 up to but not 100 (use a cut for a dead link)");
  }
  if (!Number.isInteger(conditions.seed)) fail("seed", "an integer");
  if (!Array.isArray(conditions.cuts)) fail("cuts", "a list of outages");
  conditions.cuts.forEach((cut, index) => {
    if (!finite(cut.atSeconds) || cut.atSeconds < 0) fail(`cuts[${index}].atSeconds`, "0 or more");
    if (!finite(cut.forSeconds) || cut.forSeconds <= 0) fail(`cuts[${index}].forSeconds`, "more than 0");
    if (cut.everySeconds !== undefined && (!finite(cut.everySeconds) || cut.everySeconds <= cut.forSeconds)) {
      fail(`cuts[${index}].everySeconds`, "longer than forSeconds");
    }
  });
}

/** The window of `cut` that holds `elapsedMs` or comes next: its start and end in ms, or undefined when none is left. */
function windowOf(cut: Outage, elapsedMs: number): { start: number; end: number } | undefined {
  const at = cut.atSeconds * 1000;
  const length = cut.forSeconds * 1000;
  if (elapsedMs < at) return { start: at, end: at + length };
  if (cut.everySeconds === undefined) return elapsedMs < at + length ? { start: at, end: at + length } : undefined;
  const every = cut.everySeconds * 1000;
  const start = at + Math.floor((elapsedMs - at) / every) * every;
  return elapsedMs < start + length ? { start, end: start + length } : { start: start + every, end: start + every + length };
}

/** One direction of one connection: segments run in order, each at its due time. */
interface Lane {
  random: () => number;
  due: number[];
  actions: (() => void)[];
  lastDue: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Makes the simulated network with `initial` conditions (see the module comment); its schedule
 * of cuts starts now. Owns a timer for the next cut window and one per lane with segments waiting;
 * never touches a socket it did not make through `connect`.
 */
export function createNetworkShaper(initial: NetworkConditions, options: NetworkShaperOptions = {}): NetworkShaper {
  checkConditions(initial);
  const now = options.now ?? (() => performance.now());
  const record = options.record === true;
  const startedAt = now();
  let conditions: NetworkConditions = { ...initial, cuts: initial.cuts.map((cut) => ({ ...cut })) };
  let cutByHand = false;
  /** The end of a scheduled window that `restoreNow` ended early. */
  let restoredWindowEnd: number | undefined;
  let scheduleTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let connections = 0;
  const open = new Set<ShapedSocket>();
  const stats: NetworkStats = { segments: 0, retransmissions: 0, resets: 0, refused: 0, delaysMs: { up: [], down: [] } };

  const scheduledWindowNow = (): { start: number; end: number } | undefined => {
    const elapsed = now() - startedAt;
    for (const cut of conditions.cuts) {
      const window = windowOf(cut, elapsed);
      if (window !== undefined && window.start <= elapsed && window.end !== restoredWindowEnd) return window;
    }
    return undefined;
  };
  const isDown = (): boolean => cutByHand || scheduledWindowNow() !== undefined;

  const resetAll = (): void => {
    for (const socket of [...open]) {
      stats.resets += 1;
      socket.fail(socketError("ECONNRESET"));
    }
  };

  /** Arms the timer for the next window edge; on an edge into an outage, resets what is open. */
  const reschedule = (): void => {
    if (scheduleTimer !== undefined) clearTimeout(scheduleTimer);
    scheduleTimer = undefined;
    if (stopped) return;
    const elapsed = now() - startedAt;
    let next = Infinity;
    for (const cut of conditions.cuts) {
      const window = windowOf(cut, elapsed);
      if (window === undefined) continue;
      next = Math.min(next, window.start > elapsed ? window.start : window.end);
    }
    if (next === Infinity) return;
    scheduleTimer = setTimeout(onEdge, Math.max(1, Math.ceil(next - elapsed)));
    scheduleTimer.unref();
  };
  const onEdge = (): void => {
    if (isDown()) resetAll();
    reschedule();
  };

  /** The delay of one segment in ms: latency ± jitter, plus a retransmission timeout per loss. */
  const delayOf = (random: () => number): number => {
    let delay = Math.max(0, conditions.latencyMs + (random() * 2 - 1) * conditions.jitterMs);
    let timeout = FIRST_RETRANSMISSION_MS;
    while (random() * 100 < conditions.lossPercent) {
      stats.retransmissions += 1;
      delay += timeout;
      timeout = Math.min(timeout * 2, LONGEST_RETRANSMISSION_MS);
    }
    return delay;
  };

  const newLane = (index: number, stream: number): Lane => ({
    random: seededRandom(conditions.seed, index, stream),
    due: [],
    actions: [],
    lastDue: -Infinity,
    timer: undefined,
  });
  const runLane = (lane: Lane): void => {
    lane.timer = undefined;
    while (lane.actions.length > 0) {
      const wait = lane.due[0] - now();
      if (wait > 0) {
        lane.timer = setTimeout(() => runLane(lane), Math.ceil(wait));
        return;
      }
      lane.due.shift();
      (lane.actions.shift() as () => void)();
      // The action may have sent on this lane, which then runs or arms the timer itself.
      if (lane.timer !== undefined) return;
    }
  };
  const clearLane = (lane: Lane): void => {
    if (lane.timer !== undefined) clearTimeout(lane.timer);
    lane.timer = undefined;
    lane.due.length = 0;
    lane.actions.length = 0;
  };

  /** A socket whose events and writes pass through the two lanes of one connection. */
  class ShapedSocket extends EventEmitter implements StreamSocket {
    readonly up: Lane;
    readonly down: Lane;
    node: net.Socket | undefined;
    /** Error and close have been delivered or are on their way: nothing else is. */
    over = false;

    constructor(index: number) {
      super();
      this.up = newLane(index, 1);
      this.down = newLane(index, 2);
    }

    /** Runs `action` after one segment's delay in `direction`, after those ahead of it. */
    send(direction: "up" | "down", action: () => void): void {
      const lane = direction === "up" ? this.up : this.down;
      const delay = delayOf(lane.random);
      stats.segments += 1;
      if (record) stats.delaysMs[direction].push(delay);
      const due = Math.max(now() + delay, lane.lastDue);
      lane.lastDue = due;
      lane.due.push(due);
      lane.actions.push(action);
      if (lane.timer === undefined) runLane(lane);
    }

    attach(node: net.Socket): void {
      this.node = node;
      node.on("data", (bytes: Buffer) => this.send("down", () => this.emit("data", bytes)));
      node.on("error", (error: NodeJS.ErrnoException) => this.send("down", () => this.emit("error", error)));
      node.on("close", () => {
        open.delete(this);
        this.send("down", () => {
          this.over = true;
          this.emit("close");
        });
      });
    }

    /** Ends the connection here and now with `error` (a reset or a refusal), then close. */
    fail(error: NodeJS.ErrnoException): void {
      if (this.over) return;
      this.drop();
      setImmediate(() => {
        this.emit("error", error);
        this.emit("close");
      });
    }

    /** Forgets whatever is in flight and destroys the Node socket without hearing from it again. */
    drop(): void {
      this.over = true;
      open.delete(this);
      clearLane(this.up);
      clearLane(this.down);
      if (this.node !== undefined) {
        this.node.removeAllListeners();
        this.node.on("error", () => undefined);
        this.node.destroy();
      }
    }

    write(chunk: Buffer, done: (error?: Error | null) => void): boolean {
      this.send("up", () => {
        if (this.node !== undefined && !this.node.destroyed) this.node.write(chunk, done);
      });
      return true;
    }

    end(done: () => void): void {
      this.send("up", () => {
        if (this.node !== undefined && !this.node.destroyed) this.node.end(done);
      });
    }

    /** Ends the connection at once, as Node's `destroy()`; no event follows. */
    destroy(): void {
      this.drop();
    }
  }

  reschedule();
  return {
    get conditions() {
      return conditions;
    },
    change(changes) {
      const next = { ...conditions, ...changes };
      checkConditions(next);
      const wasDown = isDown();
      conditions = { ...next, cuts: next.cuts.map((cut) => ({ ...cut })) };
      if (!wasDown && isDown()) resetAll();
      reschedule();
    },
    cutNow() {
      cutByHand = true;
      resetAll();
    },
    restoreNow() {
      cutByHand = false;
      restoredWindowEnd = scheduledWindowNow()?.end;
    },
    get down() {
      return isDown();
    },
    get open() {
      return open.size;
    },
    stats,
    connect(openNode, ready) {
      const socket = new ShapedSocket(connections++);
      if (isDown()) {
        stats.refused += 1;
        socket.fail(socketError("ENETUNREACH"));
        return socket;
      }
      open.add(socket);
      socket.attach(openNode(() => socket.send("down", ready)));
      return socket;
    },
    stop() {
      stopped = true;
      reschedule();
    },
  };
}

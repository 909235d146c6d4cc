/**
 * Bytes allocated per message in a steady QoS 0 publish+receive loop through real sockets: one
 * publisher and one subscriber on loopback, through the benchmark's broker (its own process, so
 * none of its allocation is counted), measured as test/alloc/measure-node.ts measures the codec:
 * heap growth in a child process over N and over 2N messages, the difference divided by N, the
 * least of three rounds, with `--expose-gc` and a young generation large enough that nothing is
 * collected while a batch runs. A collection during a batch would hide allocation, so the child
 * watches for one (a `gc` performance entry) and runs that round again.
 *
 * Three kinds: our client (core + Node socket HAL + Node's `net`); the control, the socket HAL
 * alone with no client, carrying the same bytes (what Node's `net` and the HAL allocate for this
 * traffic: a Buffer and request objects per socket write, a Buffer per read, stream bookkeeping);
 * and MQTT.js (including the Buffer each message needs, which MQTT.js keeps until it is written).
 * What Node allocates depends on how many reads and writes the traffic takes, which timing
 * decides; tools/bench/core-allocation.ts measures the core with no Node I/O at all.
 */
import { runBundledChild } from "./child";
import { MQTTJS_WINDOW } from "./e2e-throughput";
import type { PairKind } from "./throughput-pairs";

/** Messages per measured batch (N; the second batch is 2N). */
export const ALLOCATION_MESSAGES = 10000;

/**
 * Messages sent at a time: the next burst goes when the subscriber has the last one. In lock-step
 * bursts each kind's traffic takes about the same socket reads and writes per message (a burst
 * leaves in one write and mostly arrives in one or two reads), so Node's part is about the same
 * for all three; it still moves by some tens of bytes a message from run to run.
 */
export const ALLOCATION_BURST = 100;

/** What one child measured. */
export interface AllocationFigure {
  bytesPerMessage: number;
  /** Rounds run again because a collection happened during one of their batches. */
  roundsRepeated: number;
}

/** The child: one pair, a warm-up, then three rounds of N and 2N messages. */
const CHILD_SOURCE = `
import { PerformanceObserver } from "node:perf_hooks";
import { openPair } from "./tools/bench/throughput-pairs";
const kind = process.env.MOTE_KIND;
const port = Number(process.env.MOTE_PORT);
const count = Number(process.env.MOTE_COUNT);
const window = Number(process.env.MOTE_WINDOW);
const burst = Number(process.env.MOTE_BURST);
let collections = 0;
new PerformanceObserver((list) => { collections = collections + list.getEntries().length; }).observe({ entryTypes: ["gc"] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
async function growth(pair, messages) {
  globalThis.gc();
  globalThis.gc();
  await settle();
  const collectionsBefore = collections;
  const before = process.memoryUsage().heapUsed;
  const result = await pair.runBatch(messages, burst);
  const after = process.memoryUsage().heapUsed;
  await settle();
  if (result.received !== messages || !result.inOrder) throw new Error(kind + ": " + result.received + " of " + messages + " messages, in order: " + result.inOrder);
  return { bytes: after - before, collected: collections !== collectionsBefore };
}
async function main() {
  const pair = await openPair(kind, port, 0, window);
  await pair.runBatch(count, burst);
  await pair.runBatch(count, burst);
  let least = Infinity;
  let rounds = 0;
  let repeated = 0;
  while (rounds < 3) {
    const single = await growth(pair, count);
    const double = await growth(pair, count * 2);
    if (single.collected || double.collected) {
      repeated = repeated + 1;
      if (repeated > 6) throw new Error(kind + ": the collector ran during every round");
      continue;
    }
    least = Math.min(least, Math.max(0, double.bytes - single.bytes) / count);
    rounds = rounds + 1;
  }
  await pair.close();
  process.stdout.write(JSON.stringify({ bytesPerMessage: least, roundsRepeated: repeated }));
}
main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

/** Measures bytes allocated per QoS 0 message for a pair of `kind` through the broker on 127.0.0.1:`port`, in a child process. */
export async function measureAllocation(kind: PairKind, port: number, messages: number = ALLOCATION_MESSAGES): Promise<AllocationFigure> {
  const printed = await runBundledChild(
    CHILD_SOURCE,
    { MOTE_KIND: kind, MOTE_PORT: String(port), MOTE_COUNT: String(messages), MOTE_WINDOW: String(MQTTJS_WINDOW), MOTE_BURST: String(ALLOCATION_BURST) },
    ["--expose-gc", "--min-semi-space-size=256", "--max-semi-space-size=256"],
  );
  return JSON.parse(printed) as AllocationFigure;
}

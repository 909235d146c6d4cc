/**
 * Bytes the core client allocates per message with no Node I/O: a publisher and a subscriber on
 * the in-memory wire of tools/bench/memory-wire.ts, publish + receive + the QoS 1/2 acks, measured
 * as test/alloc/measure-node.ts measures the codec (heap growth over N and 2N messages in a child
 * process with `--expose-gc` and a young generation large enough that nothing is collected, the
 * least of three rounds). Set beside the real-socket figure it separates the core's part from what
 * Node's `net` and the socket HAL allocate.
 */
import { runBundledChild } from "./child";

/** Messages per measured run (N; the second run is 2N). */
export const CORE_ALLOCATION_MESSAGES = 20000;

/** What the child measured for one QoS. */
export interface CoreAllocation {
  qos: number;
  bytesPerMessage: number;
  /** Messages the subscriber received in the last measured run of N, and whether in order. */
  received: number;
  inOrder: boolean;
}

/** The child: for each QoS, one wire, a warm-up, then three rounds of N and 2N messages. */
const CHILD_SOURCE = `
import { newClientWire, runWireMessages } from "./tools/bench/memory-wire";
const count = Number(process.env.MOTE_COUNT);
const figures = [];
for (const qos of [0, 1, 2]) {
  const wire = newClientWire(qos);
  runWireMessages(wire, count);
  let least = Infinity;
  let received = 0;
  let inOrder = true;
  for (let round = 0; round < 3; round++) {
    globalThis.gc();
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    received = runWireMessages(wire, count);
    inOrder = wire.inOrder;
    const single = process.memoryUsage().heapUsed - before;
    globalThis.gc();
    globalThis.gc();
    const beforeDouble = process.memoryUsage().heapUsed;
    runWireMessages(wire, count * 2);
    inOrder = inOrder && wire.inOrder;
    const double = process.memoryUsage().heapUsed - beforeDouble;
    least = Math.min(least, Math.max(0, double - single) / count);
  }
  figures.push({ qos, bytesPerMessage: least, received, inOrder });
}
process.stdout.write(JSON.stringify(figures));
`;

/** Measures the core's bytes per message for QoS 0, 1 and 2 over the in-memory wire, in a child process. */
export async function measureCoreAllocation(messages: number = CORE_ALLOCATION_MESSAGES): Promise<CoreAllocation[]> {
  const printed = await runBundledChild(CHILD_SOURCE, { MOTE_COUNT: String(messages) }, ["--expose-gc", "--max-semi-space-size=256"]);
  return JSON.parse(printed) as CoreAllocation[];
}

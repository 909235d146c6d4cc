/**
 * Bytes the core client allocates per message with no Node I/O and no Node clock: a publisher and
 * a subscriber on the in-memory wire of tools/bench/memory-wire.ts, publish + receive + the QoS 1/2
 * acks, all three wires warmed up before any is measured (so the compiler has settled), measured
 * as test/alloc/measure-node.ts measures the codec (heap growth over N and 2N messages in a child
 * process with `--expose-gc` and a young generation large enough that nothing is collected, the
 * least of five rounds: the optimiser may write code during a round on a loaded machine). Set
 * beside the real-socket figure it separates the core's part from what Node's `net` and the
 * socket HAL allocate.
 */
import { runBundledChild } from "./child";

/** Messages per measured run (N; the second run is 2N). */
export const CORE_ALLOCATION_MESSAGES = 20000;

/** What the child measured for one QoS. */
export interface CoreAllocation {
  qos: number;
  bytesPerMessage: number;
  /** Messages the subscriber received in the last measured run of N; whether every run came whole and in order. */
  received: number;
  inOrder: boolean;
}

/** The child: a wire per QoS, all warmed up first, then five rounds of N and 2N messages on each. */
const CHILD_SOURCE = `
import { newClientWire, runWireMessages } from "./tools/bench/memory-wire";
const count = Number(process.env.MOTE_COUNT);
const wires = [0, 1, 2].map((qos) => newClientWire(qos));
for (let warmUp = 0; warmUp < 3; warmUp++) {
  for (const wire of wires) runWireMessages(wire, count);
}
function growth(wire, messages) {
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const received = runWireMessages(wire, messages);
  return { bytes: process.memoryUsage().heapUsed - before, received, inOrder: wire.inOrder };
}
const figures = wires.map((wire) => {
  let least = Infinity;
  let received = 0;
  let inOrder = true;
  for (let round = 0; round < 5; round++) {
    const single = growth(wire, count);
    const double = growth(wire, count * 2);
    received = single.received;
    inOrder = inOrder && single.inOrder && double.inOrder && double.received === count * 2;
    least = Math.min(least, Math.max(0, double.bytes - single.bytes) / count);
  }
  return { qos: wire.qos, bytesPerMessage: least, received, inOrder };
});
process.stdout.write(JSON.stringify(figures));
`;

/** Measures the core's bytes per message for QoS 0, 1 and 2 over the in-memory wire, in a child process. */
export async function measureCoreAllocation(messages: number = CORE_ALLOCATION_MESSAGES): Promise<CoreAllocation[]> {
  const printed = await runBundledChild(CHILD_SOURCE, { MOTE_COUNT: String(messages) }, ["--expose-gc", "--max-semi-space-size=256"]);
  return JSON.parse(printed) as CoreAllocation[];
}

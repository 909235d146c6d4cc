/**
 * Bytes allocated per iteration of a workload on Node, measured as heap growth with the collector
 * held off: the workload runs in a child Node process whose young generation is large enough that
 * no collection happens while it is measured. Growth is taken over N and over 2N iterations and
 * the difference divided by N, so one-off costs (compiling the loop, the measuring calls) cancel
 * and what remains is what each iteration allocates; the least of five rounds is kept (after two
 * warm-up runs, so the optimising compiler has settled), since a real per-iteration allocation
 * shows in every round and compiler noise (code the optimiser writes while a round runs, more
 * likely on a loaded machine) does not. Used by the allocation test (which asserts 0) and the
 * benchmark.
 */
import { runBundledChild } from "../../tools/bench/child";

/** What one measurement found. */
export interface NodeAllocation {
  bytesPerIteration: number;
  decoded: number;
  expected: number;
}

/** The child's program: warm up, collect, then count heap growth over the measured loop. */
const CHILD_SOURCE = `
import { nodePlatform } from "./hal/sim/node-platform";
import * as codecWorkload from "./test/alloc/workload";
import * as clientWorkload from "./test/alloc/client-workload";
import * as telemetryWorkload from "./test/alloc/telemetry-workload";
import * as driverWorkload from "./test/alloc/driver-replay-workload";
const workloads = { codec: codecWorkload, client: clientWorkload, telemetry: telemetryWorkload, drivers: driverWorkload };
const { newWorkload, runWorkload, expectedPackets } = workloads[process.env.MOTE_WORKLOAD];
const version = Number(process.env.MOTE_VERSION);
const iterations = Number(process.env.MOTE_ITERATIONS);
const control = process.env.MOTE_CONTROL === "1";
const workload = newWorkload(nodePlatform, version);
const kept = [];
function allocatingRun(count) {
  for (let index = 0; index < count; index++) {
    kept.push({ index });
  }
  return runWorkload(workload, count);
}
function run(count) {
  return control ? allocatingRun(count) : runWorkload(workload, count);
}
run(iterations);
run(iterations);
kept.length = 0;
function growth(count) {
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const decoded = run(count);
  kept.length = 0;
  return { bytes: process.memoryUsage().heapUsed - before, decoded };
}
let least = Infinity;
let decoded = 0;
for (let round = 0; round < 5; round++) {
  const single = growth(iterations);
  const double = growth(iterations * 2);
  least = Math.min(least, Math.max(0, double.bytes - single.bytes) / iterations);
  decoded = single.decoded;
}
process.stdout.write(JSON.stringify({
  bytesPerIteration: least,
  decoded,
  expected: expectedPackets(workload, iterations),
}));
`;

/**
 * Which loop is measured: the codec's (workload.ts), the whole client's (client-workload.ts), the
 * telemetry loop's over the client (telemetry-workload.ts) or the sensor drivers' over buses that
 * replay recorded device answers (driver-replay-workload.ts, as on Lua).
 */
export type WorkloadKind = "codec" | "client" | "telemetry" | "drivers";

/**
 * Runs the `kind` workload for protocol `version` (4 or 5) for `iterations` in a child process
 * and returns the heap bytes it allocated per iteration. With `control`, each iteration also
 * keeps one small object, so a test can show the meter sees allocation.
 */
export async function measureNodeAllocation(version: number, iterations: number, control: boolean, kind: WorkloadKind = "codec"): Promise<NodeAllocation> {
  const printed = await runBundledChild(
    CHILD_SOURCE,
    { MOTE_VERSION: String(version), MOTE_ITERATIONS: String(iterations), MOTE_CONTROL: control ? "1" : "0", MOTE_WORKLOAD: kind },
    ["--expose-gc", "--max-semi-space-size=256"],
  );
  return JSON.parse(printed) as NodeAllocation;
}

/**
 * Bytes allocated per iteration of a workload on Lua: the Lua bundle and the workload bundle run
 * on a native interpreter, the collector is stopped after a warm-up and a full collection, and
 * `collectgarbage("count")` is read before and after the measured loop. Growth is taken over N
 * and over 2N iterations and the difference divided by N, so one-off costs (the measuring calls
 * themselves) cancel, as on Node, and the least of three rounds is kept: a real per-iteration
 * allocation shows in every round, while the collector's own one-off bookkeeping (Lua 5.1 now and
 * then grows by some 1.8 KB inside a round, whatever the loop does) does not. Lua 5.3's count also
 * drifts by some 16 to 100 bytes per measurement, so the figure is rounded to 0.1 byte: any
 * allocation made every iteration, or even every 50th (16 bytes at least in Lua), still shows. (fengari's collector is JavaScript's and reports
 * no count, so the measurement needs lua5.1 or lua5.3.) A bare interpreter has no NodeMCU `node`
 * module, so the chunk gives it a clock that stands still: the client workload keeps its own time.
 */
import { runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import type { WorkloadKind } from "./measure-node";

/** What one measurement found. */
export interface LuaAllocation {
  bytesPerIteration: number;
  decoded: number;
  expected: number;
}

/**
 * Runs the `kind` workload (the codec's, the whole client's, the telemetry loop's, or the
 * drivers' over replaying buses: driver-replay-workload.ts, since the virtual devices are Node
 * code) for protocol `version` (4 or 5)
 * for `iterations` on `interpreter` and returns the bytes the Lua heap grew by per iteration.
 * With `control`, each iteration also keeps one small table, so a test can show the meter sees
 * allocation.
 */
export function measureLuaAllocation(interpreter: NativeLua, version: number, iterations: number, control: boolean, kind: WorkloadKind = "codec"): LuaAllocation {
  const chunk = `
    node = node or { uptime = function() return 0, 0 end }
    local mote = require("mote") local workload = require("workload")
    local state = workload.newWorkload(mote.platform, ${version})
    local kept = {}
    local function run(count)
      if ${control} then for index = 1, count do kept[index] = { index } end end
      return workload.runWorkload(state, count)
    end
    local function growth(count)
      collectgarbage("collect")
      collectgarbage("stop")
      local before = collectgarbage("count")
      local decoded = run(count)
      local grown = collectgarbage("count") - before
      collectgarbage("restart")
      return grown, decoded
    end
    growth(${iterations})
    local perIteration, decoded = math.huge, 0
    for round = 1, 3 do
      local single, counted = growth(${iterations})
      local double = growth(${iterations} * 2)
      perIteration = math.min(perIteration, math.max(0, (double - single) * 1024 / ${iterations}))
      decoded = counted
    end
    print(string.format("%.6f %d %d", perIteration, decoded, workload.expectedPackets(state, ${iterations})))`;
  const bundles = {
    codec: TEST_BUNDLES.workload.lua,
    client: TEST_BUNDLES.clientWorkload.lua,
    telemetry: TEST_BUNDLES.telemetryWorkload.lua,
    drivers: TEST_BUNDLES.driverWorkload.lua,
  };
  const workloadBundle = bundles[kind];
  const output = runNativeLua(interpreter, { mote: ARTEFACTS.nodemcu, workload: workloadBundle }, chunk);
  const [bytesPerIteration, decoded, expected] = output.trim().split(" ").map(Number);
  return { bytesPerIteration: Math.round(bytesPerIteration * 10) / 10, decoded, expected };
}

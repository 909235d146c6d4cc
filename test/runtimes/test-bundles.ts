/**
 * The test modules that run on the device runtimes beside the mote bundle: the vector adapter,
 * the console transcript, and the allocation workloads (the codec's, the client's, the telemetry
 * loop's and the sensor drivers'), each built for Espruino (esbuild) and Lua (typescript-to-lua)
 * with "mote" left external, so that the code under test is exactly the artefact in dist/.
 */
import * as path from "node:path";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import { buildLuaBundle } from "../../tools/build/nodemcu";
import { PROJECT_ROOT } from "../../tools/build/project";

/** Where each test module's bundles are written. */
export const TEST_BUNDLES = {
  adapter: {
    entry: "test/vectors/adapter.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/adapter.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/adapter.lua"),
  },
  workload: {
    entry: "test/alloc/workload.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/workload.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/workload.lua"),
  },
  shellTranscript: {
    entry: "test/console/transcript.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/shell-transcript.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/shell-transcript.lua"),
  },
  clientWorkload: {
    entry: "test/alloc/client-workload.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/client-workload.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/client-workload.lua"),
  },
  telemetryWorkload: {
    entry: "test/alloc/telemetry-workload.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/telemetry-workload.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/telemetry-workload.lua"),
  },
  driverWorkload: {
    entry: "test/alloc/driver-replay-workload.ts",
    espruino: path.join(PROJECT_ROOT, "dist/test/driver-workload.js"),
    lua: path.join(PROJECT_ROOT, "dist/test/driver-workload.lua"),
  },
};

/** Builds every test module for both runtimes. Writes only under dist/test/. */
export async function buildTestBundles(): Promise<void> {
  for (const bundle of Object.values(TEST_BUNDLES)) {
    await buildEspruinoBundle(bundle.entry, bundle.espruino, { external: ["mote"] });
    buildLuaBundle(bundle.entry, bundle.lua, { external: ["mote"] });
  }
}

/**
 * The vector table against the Espruino bundle (dist/espruino/mote.js) inside a context that
 * offers only Espruino's globals. Text crosses as byte strings, as on an ESP32 build of Espruino.
 */
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { textFromByteString, withByteStrings } from "../../hal/sim/byte-strings";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { readFileSync } from "node:fs";
import { describeVectors, VectorEngine } from "./suite";

let engine: VectorEngine | undefined;

/** Loads the bundle and the adapter once per file. */
function espruinoEngine(): VectorEngine {
  if (engine !== undefined) return engine;
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
  espruino.addCached("adapter", readFileSync(TEST_BUNDLES.adapter.espruino, "utf8"));
  const platform = espruino.require("mote").platform;
  const adapter = espruino.require("adapter");
  engine = {
    encode: (version, fields, capacity) => {
      const inside = espruino.run(`(${JSON.stringify(withByteStrings(fields))})`);
      return adapter.encodeVector(platform, version, inside, capacity);
    },
    decode: (version, hex, chunkSize, maximumPacketSize) =>
      textFromByteString(adapter.decodeVector(platform, version, hex, chunkSize, maximumPacketSize)),
  };
  return engine;
}

describeVectors("the Espruino bundle", espruinoEngine);

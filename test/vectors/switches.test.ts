/**
 * The build-time switches of src/mqtt/features.ts, held to the shared vector table: the full
 * Espruino bundle's entry (hal/espruino/mote.ts) is built here with the switches a client build
 * turns off and run in the Espruino context with the vector adapter. Off, MQTT 5 must refuse
 * every packet with UnsupportedVersion and server-bound decoding must refuse CONNECT, SUBSCRIBE,
 * UNSUBSCRIBE and PINGREQ with UnexpectedPacket from their first byte; everything else must give
 * exactly the bytes and fields (or errors) the table says.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import { CLIENT_311_FEATURES, CLIENT_FEATURES } from "../../tools/build/features";
import type { FeatureSwitches } from "../../tools/build/features";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { textFromByteString, withByteStrings } from "../../hal/sim/byte-strings";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { vectors } from "./suite";

const CAPACITY = 70000;
/** CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ. */
const SERVER_BOUND_TYPES = [1, 8, 10, 12];

/** The packet type in a vector's first byte. */
function typeOf(hex: string): number {
  return Number.parseInt(hex.slice(0, 2), 16) >> 4;
}

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-switches-"));
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The codec with `off` switched off, and the adapter beside it, in an Espruino context. */
async function switchedEngine(name: string, off: FeatureSwitches) {
  const bundle = await buildEspruinoBundle("hal/espruino/mote.ts", path.join(folder, `${name}.js`), { featuresOff: off });
  const espruino = loadEspruinoBundle(bundle.outFile);
  espruino.addCached("adapter", fs.readFileSync(TEST_BUNDLES.adapter.espruino, "utf8"));
  const platform = espruino.require("mote").platform;
  const adapter = espruino.require("adapter");
  return {
    encode: (version: number, fields: unknown, capacity: number): string =>
      adapter.encodeVector(platform, version, espruino.run(`(${JSON.stringify(withByteStrings(fields))})`), capacity),
    decode: (version: number, hex: string, chunkSize: number, maximumPacketSize: number): unknown =>
      JSON.parse(textFromByteString(adapter.decodeVector(platform, version, hex, chunkSize, maximumPacketSize))),
  };
}

describe("a client build's codec (server-bound decoding off)", () => {
  let engine: Awaited<ReturnType<typeof switchedEngine>>;
  beforeAll(async () => {
    engine = await switchedEngine("client", CLIENT_FEATURES);
  });

  it("encodes every valid vector as the table says", () => {
    for (const vector of vectors.valid) {
      expect(engine.encode(vector.version, vector.fields, CAPACITY), vector.name).toBe(vector.hex);
    }
  });

  it("decodes what a server sends, and refuses what only a server receives with UnexpectedPacket", () => {
    for (const vector of vectors.valid) {
      const expected = SERVER_BOUND_TYPES.includes(typeOf(vector.hex)) ? [{ error: "UnexpectedPacket" }] : [vector.fields];
      for (const chunkSize of [0, 1]) {
        expect(engine.decode(vector.version, vector.hex, chunkSize, CAPACITY), `${vector.name}, chunk ${chunkSize}`).toEqual(expected);
      }
    }
  });

  it("refuses malformed packets as the table says, server-bound ones as UnexpectedPacket", () => {
    for (const vector of vectors.malformed) {
      const type = typeOf(vector.hex);
      const error = type !== 0 && SERVER_BOUND_TYPES.includes(type) ? "UnexpectedPacket" : vector.error;
      expect(engine.decode(vector.version, vector.hex, 1, vector.maximumPacketSize ?? CAPACITY), vector.name).toEqual([{ error }]);
    }
  });
});

describe("a 3.1.1-only client build's codec (MQTT 5 off too)", () => {
  let engine: Awaited<ReturnType<typeof switchedEngine>>;
  beforeAll(async () => {
    engine = await switchedEngine("client-311", CLIENT_311_FEATURES);
  });

  it("encodes every 3.1 and 3.1.1 vector as the table says, and nothing for version 5", () => {
    for (const vector of vectors.valid.filter((valid) => valid.version !== 5)) {
      expect(engine.encode(vector.version, vector.fields, CAPACITY), vector.name).toBe(vector.hex);
    }
    for (const vector of vectors.unencodable.filter((unencodable) => unencodable.version !== 5)) {
      expect(engine.encode(vector.version, vector.fields, vector.capacity ?? CAPACITY), vector.name).toBe(`error:${vector.error}`);
    }
    const version5 = [...vectors.valid, ...vectors.unencodable].filter((vector) => vector.version === 5);
    for (const vector of version5) {
      const written = engine.encode(5, vector.fields, CAPACITY);
      if (vector.fields.type === "CONNECT") expect(written, vector.name).toBe("error:UnsupportedVersion");
      else expect(["error:UnsupportedVersion", "error:BadParameter"], `${vector.name}: ${written}`).toContain(written);
    }
    const refusedOutright = version5.filter((vector) => engine.encode(5, vector.fields, CAPACITY) === "error:UnsupportedVersion");
    expect(refusedOutright.length).toBeGreaterThan(version5.length / 2);
  });

  it("decodes 3.1 and 3.1.1 as the table says, and refuses every version 5 packet with UnsupportedVersion", () => {
    for (const vector of [...vectors.valid, ...vectors.malformed]) {
      const type = typeOf(vector.hex);
      const table = "fields" in vector ? [vector.fields] : [{ error: vector.error }];
      const expected =
        vector.version === 5
          ? [{ error: "UnsupportedVersion" }]
          : type !== 0 && type !== 15 && SERVER_BOUND_TYPES.includes(type)
            ? [{ error: "UnexpectedPacket" }]
            : table;
      const maximumPacketSize = "maximumPacketSize" in vector && vector.maximumPacketSize !== undefined ? vector.maximumPacketSize : CAPACITY;
      expect(engine.decode(vector.version, vector.hex, 1, maximumPacketSize), vector.name).toEqual(expected);
    }
  });
});

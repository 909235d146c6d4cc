/**
 * Bytes per source file in an Espruino bundle (tools/build/source-sizes.ts, `npm run build --
 * --sources`), read back from the bundle's source map through every build pass.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import type { EspruinoArtefact } from "../../tools/build/espruino";
import { CLIENT_311_FEATURES } from "../../tools/build/features";

let folder: string;
let bundle: EspruinoArtefact;
beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-sources-"));
  bundle = await buildEspruinoBundle("hal/espruino/mote-client.ts", path.join(folder, "client-311.js"), {
    featuresOff: CLIENT_311_FEATURES,
    measureSources: true,
  });
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe("bytes per source file", () => {
  it("accounts for every byte of the bundle", () => {
    const sources = bundle.sources ?? new Map<string, number>();
    const total = [...sources.values()].reduce((sum, bytes) => sum + bytes, 0);
    expect(total).toBe(bundle.bytes);
    expect(sources.get("(bundler)") ?? 0).toBeLessThan(100);
  });

  it("names the project's files, and only those the build kept", () => {
    const sources = bundle.sources ?? new Map<string, number>();
    expect(sources.get(path.join("src", "mqtt", "codec-decode.ts"))).toBeGreaterThan(1000);
    expect(sources.get(path.join("hal", "espruino", "socket.ts"))).toBeGreaterThan(500);
    expect(sources.has(path.join("src", "mqtt", "topic.ts"))).toBe(true);
    expect(sources.has(path.join("src", "bytes", "ascii.ts"))).toBe(false);
  });

  it("writes only the bundle, no source map", () => {
    expect(fs.readdirSync(folder)).toEqual(["client-311.js"]);
  });
});

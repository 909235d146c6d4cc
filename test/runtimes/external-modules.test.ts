/**
 * Test modules that import from "mote" and leave it external: built here into a temporary folder
 * with buildEspruinoBundle / buildLuaBundle and `external: ["mote"]`, then run next to the mote
 * bundle from dist/, which they reach with `require("mote")`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import { buildLuaBundle } from "../../tools/build/nodemcu";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { utf8ByteString } from "../../hal/sim/byte-strings";

const FIXTURE = "test/runtimes/fixtures/uses-mote.ts";
let folder: string;
let espruinoFixture: string;
let luaFixture: string;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-external-"));
  espruinoFixture = (await buildEspruinoBundle(FIXTURE, path.join(folder, "uses-mote.js"), { external: ["mote"] })).outFile;
  luaFixture = buildLuaBundle(FIXTURE, path.join(folder, "uses-mote.lua"), { external: ["mote"] }).outFile;
});

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe("a module with mote external, on Espruino", () => {
  it("keeps require(\"mote\") and none of mote's code", () => {
    const source = fs.readFileSync(espruinoFixture, "utf8");
    expect(source).toContain('require("mote")');
    expect(source).not.toContain("NeedMoreBytes");
  });

  it("runs against the mote bundle", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    espruino.addCached("uses-mote", fs.readFileSync(espruinoFixture, "utf8"));
    const fixture = espruino.require("uses-mote");
    expect(fixture.describeStatus(0)).toBe("status: Success");
    expect(fixture.throughStore(utf8ByteString("día"))).toBe(utf8ByteString("día"));
    expect(fixture.countFields("a,b,c")).toBe(3);
  });
});

describe("a module with mote external, on Lua", () => {
  const chunk = `
    local fixture = require("uses-mote")
    print(fixture.describeStatus(0), fixture.throughStore("d\\195\\173a") == "d\\195\\173a", fixture.countFields("a,b,c"))
  `;
  const expected = "status: Success\ttrue\t3\n";
  const modules = (): Record<string, string> => ({ mote: ARTEFACTS.nodemcu, "uses-mote": luaFixture });

  it("keeps require(\"mote\"), none of mote's code, and only the lualib helpers it uses", () => {
    const source = fs.readFileSync(luaFixture, "utf8");
    expect(source).toContain('require("mote")');
    expect(source).not.toContain("NeedMoreBytes");
    expect(source.match(/\["[^"]+"\] = function/g)).toEqual([
      '["lualib_bundle"] = function',
      '["test.runtimes.fixtures.uses-mote"] = function',
    ]);
    expect(source.match(/__TS__\w+ = __TS__\w+/g)).toEqual(["__TS__StringSplit = __TS__StringSplit"]);
  });

  it("runs against the mote bundle on fengari", () => {
    expect(runFengariLua(modules(), chunk).printed).toBe(expected);
  });

  describe.each<NativeLua>(["lua5.1", "lua5.3"])("on %s", (interpreter) => {
    const available = nativeLuaAvailable(interpreter);
    if (!available) console.log(`${interpreter} is not installed: skipping the external module on it`);

    it.skipIf(!available)("runs against the mote bundle", () => {
      expect(runNativeLua(interpreter, modules(), chunk)).toBe(expected);
    });
  });
});

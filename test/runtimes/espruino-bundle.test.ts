/**
 * The built Espruino bundle (dist/espruino/mote.js, made by `npm run build` or by the global
 * setup) in the Espruino VM.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { textFromByteString, utf8ByteString } from "../../hal/sim/byte-strings";
import { checkEspruinoSyntax } from "../../tools/espruino-syntax";
import { ARTEFACTS } from "../../tools/build/artefacts";

describe("the Espruino bundle", () => {
  it("passes the syntax check and defines no getters", () => {
    const source = fs.readFileSync(ARTEFACTS.espruino, "utf8");
    expect(checkEspruinoSyntax(source)).toEqual([]);
    expect(source).not.toMatch(/__defProp|__export|get:/);
  });

  it("loads with Modules.addCached and exports the core and the platform", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    const mote = espruino.require("mote");
    expect(mote.statusName(0)).toBe("Success");
    expect(typeof mote.platform.newBytes).toBe("function");
    expect(espruino.run(`require("mote").statusName(9)`)).toBe("BadUtf8");
  });

  it("moves UTF-8 byte strings through a store unchanged (RUNTIMES.md: strings are bytes)", () => {
    const { platform } = loadEspruinoBundle(ARTEFACTS.espruino).require("mote");
    const text = utf8ByteString("héllo wörld 😀");
    const store = platform.newBytes(32);
    expect(platform.textByteLength(text)).toBe(18);
    expect(platform.writeText(text, store, 5)).toBe(18);
    expect([store[5], store[6], store[7]]).toEqual([0x68, 0xc3, 0xa9]);
    expect(store[4]).toBe(0);
    const read = platform.readText(store, 5, 18);
    expect(read).toBe(text);
    expect(textFromByteString(read)).toBe("héllo wörld 😀");
  });

  it("counts milliseconds from getTime() as an integer", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    espruino.context.getTime = () => 1234.5678;
    expect(espruino.run(`require("mote").platform.nowMs()`)).toBe(1234567);
  });
});

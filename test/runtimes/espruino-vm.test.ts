import { describe, expect, it } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import { ESPRUINO_GLOBALS, MISSING_GLOBALS } from "../../tools/espruino-builtins";

describe("the Espruino VM", () => {
  it("lacks the globals Espruino lacks (RUNTIMES.md: Map, Set, WeakMap, Symbol, TextEncoder ...)", () => {
    const espruino = createEspruinoVm();
    for (const name of MISSING_GLOBALS) {
      expect(espruino.run(`typeof ${name}`), name).toBe("undefined");
    }
  });

  it("keeps only Espruino's standard globals, plus its own", () => {
    const espruino = createEspruinoVm();
    const names = espruino.run("Object.getOwnPropertyNames(globalThis).join()") as string;
    const own = ["global", "E", "Modules", "require", "print", "console", "getTime"];
    expect(names.split(",").sort()).toEqual([...ESPRUINO_GLOBALS, ...own].sort());
  });

  it.each([
    "Math.imul", "Math.trunc", "Math.clz32", "Math.log2", "Number.isInteger", "Number.isNaN",
    "Number.MAX_SAFE_INTEGER", "Array.from", "Array.of", "Uint8Array.from", "Promise.race",
    "Promise.prototype.finally", "[].lastIndexOf", "new ArrayBuffer(2).slice", "Object.freeze",
  ])("lacks %s", (expression) => {
    expect(createEspruinoVm().run(`typeof ${expression}`)).toBe("undefined");
  });

  it("still runs what Espruino runs", () => {
    const espruino = createEspruinoVm();
    const result = espruino.run(`
      var out = [];
      for (const v of [1, 2]) out.push(v * 2);
      class A { constructor() { this.n = 3; } twice() { return this.n * 2; } }
      out.push(new A().twice(), Math.floor(7.9), Number("12"), new Number(5) instanceof Number);
      out.push((255).toString(16), (1.5).toFixed(2), "abc".charCodeAt(1), String.fromCharCode(104, 105));
      var bytes = new Uint8Array(4); bytes.set([1, 2], 1);
      out.push(bytes.subarray(1, 3).join("-"), JSON.stringify({ a: 1 }), Object.keys({ b: 2 })[0]);
      out.join(",");
    `);
    expect(result).toBe("2,4,6,7,12,true,ff,1.50,98,hi,1-2,{\"a\":1},b");
  });

  it("emulates E.toString and E.toUint8Array over strings, arrays, typed arrays and numbers", () => {
    const espruino = createEspruinoVm();
    expect(espruino.run(`E.toString(0, 1, "Hi", [3, 4], new Uint8Array([255]))`)).toBe("\x00\x01Hi\x03\x04\xff");
    expect(espruino.run(`E.toString(1, { data: [3, 4], count: 2 }, { callback: function () { return "x"; } })`)).toBe(
      "\x01\x03\x04\x03\x04x",
    );
    expect(espruino.run(`var u = E.toUint8Array("a", 2); u instanceof Uint8Array && u.join()`)).toBe("97,2");
    expect(() => espruino.run(`E.toString("\\u20ac")`)).toThrow(/not a byte string/);
  });

  it("caches modules with Modules.addCached and returns them from require", () => {
    const espruino = createEspruinoVm();
    espruino.run(`Modules.addCached("twice", "exports.twice = function (n) { return 2 * n; };")`);
    espruino.addCached("shape", "module.exports = { sides: this === exports ? 4 : 0 };");
    expect(espruino.run(`require("twice").twice(21)`)).toBe(42);
    expect(espruino.require("shape").sides).toBe(4);
    expect(espruino.run(`require("shape") === require("shape")`)).toBe(true);
    expect(() => espruino.run(`require("nothing")`)).toThrow('Module "nothing" not found');
  });

  it("collects what print and console.log print, and reads getTime in seconds", () => {
    const espruino = createEspruinoVm();
    espruino.run(`print("a", 1); console.log("b", [2, 3])`);
    expect(espruino.printed).toEqual(["a 1", "b 2,3"]);
    const seconds = espruino.run("getTime()") as number;
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5);
  });
});

import { describe, expect, it } from "vitest";
import * as vm from "node:vm";
import { checkEspruinoSyntax, formatSyntaxFinding } from "../../tools/espruino-syntax";
import { renameReservedNames } from "../../tools/espruino-scopes";

/** The `what` of each finding in `source`. */
function findings(source: string): string[] {
  return checkEspruinoSyntax(source).map((finding) => finding.what);
}

describe("the Espruino syntax check", () => {
  it("passes code within what Espruino runs", () => {
    const clean = `
      var a = 1, b = [1, 2], c = { x: 1, y: function () { return this.x; } };
      let d = (x) => x * 2; const e = \`t\${a}\`;
      class K extends Object { constructor() { super(); this.z = 1; } static make() { return new K(); } m() {} }
      for (const v of b) d(v);
      for (var i = 0; i < 3; i++) { if (i === 1) continue; }
      try { throw new Error("x"); } catch (err) {} finally {}
      var r = /ab+c/gim; var m = Math.floor(Math.pow(2, 3)) + Math.abs(-1);
      var o = Object.assign({}, c); var n = Number.MAX_VALUE; var s = String.fromCharCode(65);
      Promise.all([]).then(function () {}); new Uint8Array(4).subarray(1, 2);
      Object.defineProperty(o, "w", { value: 1, enumerable: true });
      Array.prototype.slice.call(b); Array.isArray(b); JSON.stringify(o);
      var Map = 1; Map + 1;
      module.exports = { a: a, K: K };
    `;
    expect(findings(clean)).toEqual([]);
  });

  it.each([
    ["var { a } = o;", "destructuring pattern"],
    ["var [a] = o;", "destructuring pattern"],
    ["f(...args);", "spread"],
    ["var a = [...b];", "spread"],
    ["var a = { ...b };", "spread"],
    ["function f(...rest) {}", "rest element"],
    ["function f(a = 1) {}", "default value (parameter or destructuring)"],
    ["a?.b;", "optional chaining"],
    ["a?.();", "optional chaining"],
    ["a ?? b;", "nullish coalescing (??)"],
    ["a ** 2;", "exponentiation (**)"],
    ["a **= 2;", "assignment operator **="],
    ["a ??= 2;", "assignment operator ??="],
    ["a ||= 2;", "assignment operator ||="],
    ["async function f() {}", "async function"],
    ["var f = async () => 1;", "async function"],
    ["function* g() { yield 1; }", "generator function"],
    ["outer: for (;;) { break outer; }", "labelled statement"],
    ["var o = { get x() { return 1; } };", "getter"],
    ["var o = { set x(v) {} };", "setter"],
    ["class K { get x() { return 1; } }", "getter"],
    ["class K { static set x(v) {} }", "setter"],
    ["class K { #p = 1; }", "class private name"],
    ["class K { #m() {} }", "class private name"],
    ["class K { static { f(); } }", "class static block"],
    ["var r = /a/s;", "regular expression flag s"],
    ["var r = /a/u;", "regular expression flag u"],
    ["var r = /a/y;", "regular expression flag y"],
    ["new Map();", "reference to Map"],
    ["new Set();", "reference to Set"],
    ["new WeakMap();", "reference to WeakMap"],
    ["Symbol.iterator;", "reference to Symbol"],
    ["new TextEncoder();", "reference to TextEncoder"],
    ["Array.from(x);", "reference to Array.from"],
    ["Math.imul(a, b);", "reference to Math.imul"],
    ["Math.trunc(a);", "reference to Math.trunc"],
    ["Math.clz32(a);", "reference to Math.clz32"],
    ['Math["log2"](a);', "reference to Math.log2"],
    ["Number.isInteger(a);", "reference to Number.isInteger"],
    ["Number.isNaN(a);", "reference to Number.isNaN"],
    ["Number.MAX_SAFE_INTEGER;", "reference to Number.MAX_SAFE_INTEGER"],
    ["Promise.race([]);", "reference to Promise.race"],
    ["Uint8Array.from([]);", "reference to Uint8Array.from"],
    ["Object.freeze(o);", "reference to Object.freeze"],
    ['__defProp(t, n, { get: all[n], enumerable: true });', "accessor descriptor ({get}/{set}) passed to a call"],
  ])("flags %s as %s", (source, what) => {
    expect(findings(source)).toContain(what);
  });

  it("flags `await` inside an async function as well as the function", () => {
    expect(findings("async function f() { await g(); }")).toEqual(["async function", "await"]);
  });

  it("does not flag a global name the script declares itself, or a property of that name", () => {
    expect(findings("function Symbol() {} Symbol(); o.Map = 1; o.Set(); var p = { Map: 1 };")).toEqual([]);
  });

  it("reports where each construct is, in order", () => {
    const [first, second] = checkEspruinoSyntax("var a = 1;\nvar b = a ?? 2;\nvar c = x?.y;");
    expect(first).toMatchObject({ line: 2, column: 8, what: "nullish coalescing (??)" });
    expect(second).toMatchObject({ line: 3, column: 8, what: "optional chaining" });
    expect(formatSyntaxFinding("mote.js", first)).toBe("mote.js:2:9: nullish coalescing (??)");
  });

  it("turns a parse error into one finding", () => {
    const result = checkEspruinoSyntax("var = 1;");
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ line: 1, column: 4 });
    expect(result[0].what).toMatch(/^syntax error: /);
  });

  it("flags identifiers called of or static, which Espruino's lexer reserves, but not properties of those names", () => {
    expect(findings("var of = 1; function f(static) { return static; } o.of = 2; var p = { of: 3, static: 4 };")).toEqual([
      "identifier of (a reserved word to Espruino's lexer)",
      "identifier static (a reserved word to Espruino's lexer)",
      "identifier static (a reserved word to Espruino's lexer)",
    ]);
  });

  it("flags a function used before its declaration is reached, in any scope, and nothing that runs later", () => {
    expect(findings("function make() { var events = { onData: handle }; function handle() {} return events; }")).toEqual([
      "handle used before its function declaration is reached (Espruino does not hoist)",
    ]);
    expect(findings("late(); function late() {}")).toEqual(["late used before its function declaration is reached (Espruino does not hoist)"]);
    expect(findings("function make() { function handle() {} return { onData: handle }; }")).toEqual([]);
    expect(findings("function make() { var later = function () { return handle(); }; function handle() {} return later; }")).toEqual([]);
    expect(findings("function make() { { let handle = 1; use(handle); } function handle() {} }")).toEqual([]);
    expect(findings("function make() { var o = { handle: 1 }; o.handle = 2; function handle() {} }")).toEqual([]);
  });

  it("renames identifiers called of or static so the bundle means the same and Espruino can parse it", () => {
    const source = "function of(a) { return a * 2; } var static = { of: of(2) }; var short = { of }; var result = [of(3), static.of, short.of(4), o.of];";
    const renamed = renameReservedNames(source);
    expect(findings(renamed)).toEqual([]);
    const run = (text: string): unknown => vm.runInNewContext(`var o = { of: 5 }; ${text} result`);
    expect(run(renamed)).toEqual(run(source));
    expect(renameReservedNames("var a = { of: 1 }; a.of;")).toBe("var a = { of: 1 }; a.of;");
  });
});

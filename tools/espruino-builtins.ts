/**
 * What Espruino's interpreter offers of the standard JavaScript library, as data.
 *
 * Taken from the `/*JSON{...}*\/` headers of Espruino's `src/jswrap_*.c` (2v29), which generate its
 * built-ins, and matching RUNTIMES.md. Two readers: the bundle syntax check
 * (tools/espruino-syntax.ts) flags names outside these lists, and the test VM
 * (hal/sim/espruino-vm.ts) deletes from V8 everything outside them. Hardware globals
 * (pins, `I2C1`, `digitalWrite` ...) are not listed: this file is only about the language.
 */

/** Standard globals Espruino defines (V8's others are missing there). */
export const ESPRUINO_GLOBALS: readonly string[] = [
  "Array", "ArrayBuffer", "Boolean", "DataView", "Date", "Error", "Float32Array", "Float64Array",
  "Function", "Int16Array", "Int32Array", "Int8Array", "JSON", "Math", "Number", "Object",
  "Promise", "ReferenceError", "RegExp", "String", "SyntaxError", "TypeError", "Uint16Array",
  "Uint32Array", "Uint8Array", "Uint8ClampedArray", "decodeURIComponent", "encodeURIComponent",
  "eval", "isFinite", "isNaN", "parseFloat", "parseInt", "Infinity", "NaN", "undefined",
  "globalThis",
];

/**
 * Standard or Node.js globals a bundle might name that Espruino does not have: each reference is
 * an error on the device.
 */
export const MISSING_GLOBALS: readonly string[] = [
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Symbol", "Proxy",
  "Reflect", "BigInt", "BigInt64Array", "BigUint64Array", "SharedArrayBuffer", "Atomics", "Intl",
  "AggregateError", "EvalError", "RangeError", "URIError", "Iterator", "encodeURI", "decodeURI",
  "escape", "unescape", "TextEncoder", "TextDecoder", "Buffer", "queueMicrotask",
  "structuredClone", "setImmediate",
];

const NO_STATICS: readonly string[] = [];

/** For each standard constructor or namespace, the static members Espruino has. */
export const ESPRUINO_STATICS: Readonly<Record<string, readonly string[]>> = {
  Math: [
    "abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "exp", "floor", "log", "max", "min",
    "pow", "random", "round", "sign", "sin", "sqrt", "tan", "clip", "wrap", "randInt", "E",
    "LN10", "LN2", "LOG10E", "LOG2E", "PI", "SQRT1_2", "SQRT2",
  ],
  Number: ["MAX_VALUE", "MIN_VALUE", "NEGATIVE_INFINITY", "NaN", "POSITIVE_INFINITY"],
  Array: ["isArray"],
  Object: [
    "assign", "create", "defineProperties", "defineProperty", "entries", "fromEntries",
    "getOwnPropertyDescriptor", "getOwnPropertyDescriptors", "getOwnPropertyNames",
    "getPrototypeOf", "keys", "setPrototypeOf", "values",
  ],
  Promise: ["all", "reject", "resolve"],
  String: ["fromCharCode"],
  JSON: ["parse", "stringify"],
  Date: ["now", "parse"],
  ArrayBuffer: NO_STATICS,
  Int8Array: NO_STATICS,
  Uint8Array: NO_STATICS,
  Uint8ClampedArray: NO_STATICS,
  Int16Array: NO_STATICS,
  Uint16Array: NO_STATICS,
  Int32Array: NO_STATICS,
  Uint32Array: NO_STATICS,
  Float32Array: NO_STATICS,
  Float64Array: NO_STATICS,
};

/**
 * For each standard prototype, the members Espruino has. `TypedArray` stands for the shared
 * prototype of all typed arrays (Espruino's `ArrayBufferView`).
 */
export const ESPRUINO_PROTOTYPES: Readonly<Record<string, readonly string[]>> = {
  Array: [
    "concat", "every", "fill", "filter", "find", "findIndex", "forEach", "includes", "indexOf",
    "join", "map", "pop", "push", "reduce", "reverse", "shift", "slice", "some", "sort", "splice",
    "toString", "unshift",
  ],
  String: [
    "charAt", "charCodeAt", "concat", "endsWith", "includes", "indexOf", "lastIndexOf", "match",
    "padEnd", "padStart", "repeat", "replace", "replaceAll", "slice", "split", "startsWith",
    "substr", "substring", "toLowerCase", "toUpperCase", "trim", "toString", "valueOf",
  ],
  Number: ["toFixed", "toString", "valueOf"],
  Promise: ["then", "catch"],
  Object: ["emit", "hasOwnProperty", "on", "removeAllListeners", "removeListener", "toString", "valueOf"],
  Function: ["apply", "bind", "call", "toString"],
  TypedArray: [
    "buffer", "byteLength", "byteOffset", "every", "fill", "filter", "find", "findIndex", "forEach",
    "includes", "indexOf", "join", "map", "reduce", "reverse", "set", "slice", "some", "sort",
    "subarray", "toString",
  ],
  ArrayBuffer: ["byteLength"],
};

/** Members every function or prototype keeps: the language's plumbing, not a library. */
export const PLUMBING: readonly string[] = [
  "constructor", "prototype", "length", "name", "__proto__", "arguments", "caller",
];

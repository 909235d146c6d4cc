/**
 * A Node `vm` context that offers what Espruino's interpreter offers, to run the Espruino bundle
 * exactly as built: V8 with every standard global, static member and prototype method that
 * Espruino lacks deleted (tools/espruino-builtins.ts, from Espruino's sources; RUNTIMES.md), plus
 * Espruino's own `E.toString`, `E.toUint8Array`, `getTime`, `Modules` and `require`, `print` and
 * `console.log`, and the event emitter every Espruino object is (`on`, `emit`, `removeListener`,
 * `removeAllListeners` on `Object.prototype`, with `emit` queued for Node's event loop).
 *
 * Not emulated: the syntax Espruino lacks (the build's syntax check covers it), function
 * declarations not being hoisted, byte strings (V8 strings hold UTF-16 units: pass text in as
 * byte strings, see byte-strings.ts), and `E.toString` returning a typed array's own backing
 * string. Hardware, events and modules such as `net` belong to the simulator (hal/sim): a context
 * can be given built-in modules (`addBuiltin`, `EspruinoVmOptions.modules`) and Espruino's timers
 * (`EspruinoVmOptions.timers`), which Node's event loop then drives.
 */
import * as fs from "node:fs";
import * as vm from "node:vm";
import {
  ESPRUINO_GLOBALS,
  ESPRUINO_PROTOTYPES,
  ESPRUINO_STATICS,
  PLUMBING,
} from "../../tools/espruino-builtins";

/** The exports of a module loaded in the context. */
export type EspruinoModule = Record<string, any>;

/** What a context offers beyond the language (all off by default). */
export interface EspruinoVmOptions {
  /**
   * Built-in modules `require(name)` returns, as the firmware's own libraries (e.g. the emulated
   * `net` and `tls` from hal/sim/espruino-net.ts).
   */
  modules?: Record<string, EspruinoModule>;
  /**
   * Espruino's timers (`setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`, returning
   * integer ids), run by Node's event loop; a callback that throws is recorded in `uncaught`.
   */
  timers?: boolean;
}

/** An Espruino-like context. */
export interface EspruinoVm {
  /** The context: its properties are the interpreter's globals (tests may replace `getTime`). */
  context: vm.Context;
  /** The context's global object, whose `Object`, `Error` ... are the context's own. */
  global: Record<string, any>;
  /** Runs `code` as a script in the context, as typed at Espruino's REPL; returns its value. */
  run(code: string): unknown;
  /** Espruino's `require`: a module added with `addCached`; throws if there is none. */
  require(name: string): EspruinoModule;
  /** Espruino's `Modules.addCached`: runs `source` as module `name` now and caches its exports. */
  addCached(name: string, source: string): void;
  /** Makes `require(name)` return `exports`, as for one of the firmware's built-in libraries. */
  addBuiltin(name: string, exports: EspruinoModule): void;
  /** Lines printed with `print` or `console.log`, in order. */
  printed: string[];
  /**
   * Exceptions thrown by callbacks that the event loop ran (timers, or events from `report`), in
   * order: Espruino prints them and carries on.
   */
  uncaught: unknown[];
  /** Records an exception thrown by a callback the event loop ran (see `uncaught`). */
  report(error: unknown): void;
  /** Cancels every timer still pending (clean-up for tests). */
  clearTimers(): void;
  /** How many timers are pending (intervals until cleared, timeouts until they fire). */
  pendingTimers(): number;
}

/**
 * Makes a fresh Espruino-like context with no modules cached, and with the built-in modules and
 * timers `options` asks for.
 */
export function createEspruinoVm(options: EspruinoVmOptions = {}): EspruinoVm {
  const context = vm.createContext({});
  const global = vm.runInContext("globalThis", context) as Record<string, any>;
  removeWhatEspruinoLacks(context, global);
  const printed: string[] = [];
  const cache = new Map<string, EspruinoModule>(Object.entries(options.modules ?? {}));
  const uncaught: unknown[] = [];
  const report = (error: unknown): void => {
    uncaught.push(error);
  };
  const timers = new Map<number, NodeJS.Timeout>();
  let lastTimer = 0;

  const addCached = (name: string, source: string): void => {
    const evaluate = vm.compileFunction(source, ["exports", "module"], {
      parsingContext: context,
      filename: `${name}.js`,
    });
    const module = new global.Object();
    module.exports = new global.Object();
    evaluate.call(module.exports, module.exports, module);
    cache.set(name, module.exports);
  };
  const require = (name: string): EspruinoModule => {
    const exports = cache.get(name);
    if (exports === undefined) throw new global.Error(`Module "${name}" not found`);
    return exports;
  };
  const print = (...values: unknown[]): void => {
    printed.push(values.map((value) => String(value)).join(" "));
  };

  const E = new global.Object();
  E.toString = (...args: unknown[]): string => String.fromCharCode(...espruinoBytes(args));
  E.toUint8Array = (...args: unknown[]): Uint8Array => new global.Uint8Array(espruinoBytes(args));
  const Modules = new global.Object();
  Modules.addCached = addCached;
  const console = new global.Object();
  console.log = print;
  Object.assign(global, {
    global,
    E,
    Modules,
    require,
    print,
    console,
    getTime: () => (performance.timeOrigin + performance.now()) / 1000,
  });
  if (options.timers === true) addTimers(global, timers, () => ++lastTimer, report);
  addEventEmitter(global, (message) => printed.push(`WARNING: ${message}`), report);

  return {
    context,
    global,
    run: (code) => vm.runInContext(code, context, { filename: "REPL" }),
    require,
    addCached,
    addBuiltin: (name, exports) => {
      cache.set(name, exports);
    },
    printed,
    uncaught,
    report,
    clearTimers: () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    pendingTimers: () => timers.size,
  };
}

/** Gives the context Espruino's timers, run by Node's; see `EspruinoVmOptions.timers`. */
function addTimers(
  global: Record<string, any>,
  timers: Map<number, NodeJS.Timeout>,
  nextId: () => number,
  report: (error: unknown) => void,
): void {
  const start = (callback: unknown, ms: unknown, repeat: boolean): number => {
    if (typeof callback !== "function") throw new global.TypeError("the callback is not a function");
    const id = nextId();
    const delay = Math.max(0, Number(ms) || 0);
    const run = (): void => {
      if (!repeat) timers.delete(id);
      try {
        callback();
      } catch (error) {
        report(error);
      }
    };
    timers.set(id, repeat ? setInterval(run, delay) : setTimeout(run, delay));
    return id;
  };
  const stop = (id: unknown): void => {
    const timer = timers.get(Number(id));
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(Number(id));
  };
  global.setTimeout = (callback: unknown, ms: unknown) => start(callback, ms, false);
  global.setInterval = (callback: unknown, ms: unknown) => start(callback, ms, true);
  global.clearTimeout = stop;
  global.clearInterval = stop;
}

/** Defines `value` on `target` as Espruino's built-ins are: not enumerable. */
function defineHidden(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Espruino's EventEmitter on every object (src/jswrap_object.c, 2v29): `on(event, listener)` keeps
 * the listener in the object's hidden `#on<event>` property (one function, or an array once there
 * are several); `emit(event, ...args)` takes the listeners present now and queues them, with at
 * most 4 arguments (more are dropped with a warning), to run from the event loop in order with
 * `this` set to the object; `removeListener(event, listener)` and `removeAllListeners([event])`
 * forget them. An event that is not a string or a listener that is not a function is refused with
 * a warning, as Espruino does. A listener that throws is recorded (`report`), and the rest run.
 */
function addEventEmitter(global: Record<string, any>, warn: (message: string) => void, report: (error: unknown) => void): void {
  const prototype = global.Object.prototype;
  const listenersOf = (target: Record<string, unknown>, event: string): Function[] => {
    const current = target[`#on${event}`];
    if (typeof current === "function") return [current];
    return Array.isArray(current) ? [...current] : [];
  };
  const keep = (target: Record<string, unknown>, event: string, listeners: Function[]): void => {
    if (listeners.length === 0) delete target[`#on${event}`];
    else defineHidden(target, `#on${event}`, listeners.length === 1 ? listeners[0] : new global.Array(...listeners));
  };
  defineHidden(prototype, "on", function (this: Record<string, unknown>, event: unknown, listener: unknown): void {
    if (typeof event !== "string") return warn("First argument to EventEmitter.on(..) must be a string");
    if (typeof listener !== "function") return warn("Second argument to EventEmitter.on(..) must be a function");
    keep(this, event, [...listenersOf(this, event), listener]);
  });
  defineHidden(prototype, "emit", function (this: Record<string, unknown>, event: unknown, ...args: unknown[]): void {
    if (typeof event !== "string") return warn("First argument to EventEmitter.emit(..) must be a string");
    if (args.length > 4) warn("Too many arguments");
    const listeners = listenersOf(this, event);
    const target = this;
    setImmediate(() => {
      for (const listener of listeners) {
        try {
          listener.apply(target, args.slice(0, 4));
        } catch (error) {
          report(error);
        }
      }
    });
  });
  defineHidden(prototype, "removeListener", function (this: Record<string, unknown>, event: unknown, listener: unknown): void {
    if (typeof event !== "string") return;
    const listeners = listenersOf(this, event);
    const index = listeners.indexOf(listener as Function);
    if (index >= 0) listeners.splice(index, 1);
    keep(this, event, listeners);
  });
  defineHidden(prototype, "removeAllListeners", function (this: Record<string, unknown>, event?: unknown): void {
    const names = event === undefined ? Object.getOwnPropertyNames(this).filter((name) => name.startsWith("#on")) : [`#on${String(event)}`];
    for (const name of names) delete this[name];
  });
}

/**
 * Makes a fresh Espruino-like context and caches the bundle in `file` as module `name`, as the
 * Espruino IDE does before running code that calls `require(name)`.
 */
export function loadEspruinoBundle(file: string, name = "mote", options: EspruinoVmOptions = {}): EspruinoVm {
  const espruino = createEspruinoVm(options);
  espruino.addCached(name, fs.readFileSync(file, "utf8"));
  return espruino;
}

/**
 * Deletes from the context every standard global and member outside Espruino's lists. V8 will not
 * delete non-configurable ones: Number's constants (so `Number` becomes a stand-in, see
 * `numberStandIn`) and the typed arrays' `BYTES_PER_ELEMENT` (left alone).
 */
function removeWhatEspruinoLacks(context: vm.Context, global: Record<string, any>): void {
  for (const name of Object.getOwnPropertyNames(global)) {
    if (!ESPRUINO_GLOBALS.includes(name)) delete global[name];
  }
  const typedArray = Object.getPrototypeOf(global.Uint8Array);
  keepOnly(typedArray, []);
  for (const [name, statics] of Object.entries(ESPRUINO_STATICS)) keepOnly(global[name], statics);
  for (const [name, members] of Object.entries(ESPRUINO_PROTOTYPES)) {
    const prototype = name === "TypedArray" ? typedArray.prototype : global[name].prototype;
    keepOnly(prototype, members);
  }
  global.Number = numberStandIn(context, global);
}

/** Deletes the configurable own members of `target` that are neither `kept` nor plumbing. */
function keepOnly(target: object, kept: readonly string[]): void {
  for (const name of Object.getOwnPropertyNames(target)) {
    const configurable = Object.getOwnPropertyDescriptor(target, name)?.configurable === true;
    if (configurable && !kept.includes(name) && !PLUMBING.includes(name)) {
      delete (target as Record<string, unknown>)[name];
    }
  }
}

/**
 * A `Number` for the context's global that converts and constructs as the real one does and
 * shares its prototype, but carries only the statics Espruino has.
 */
function numberStandIn(context: vm.Context, global: Record<string, any>): unknown {
  const makeStandIn = vm.runInContext(
    `(function (RealNumber) {
      return function Number(value) {
        var number = arguments.length === 0 ? 0 : RealNumber(value);
        return new.target === undefined ? number : new RealNumber(number);
      };
    })`,
    context,
  ) as (real: unknown) => Record<string, unknown>;
  const standIn = makeStandIn(global.Number);
  standIn.prototype = global.Number.prototype;
  for (const name of ESPRUINO_STATICS.Number) standIn[name] = global.Number[name];
  return standIn;
}

/**
 * The bytes `E.toString` and `E.toUint8Array` make of their arguments: strings and arrays (plain
 * or typed) element by element, `{data, count}` repeated, `{callback}` called, anything else one
 * byte. A char above 255 cannot be in an Espruino string, so it is an error here.
 */
function espruinoBytes(args: unknown[]): number[] {
  const bytes: number[] = [];
  const add = (value: unknown): void => {
    if (typeof value === "string") {
      for (let index = 0; index < value.length; index++) {
        const code = value.charCodeAt(index);
        if (code > 255) throw new Error(`E.toString: char ${code} in a string: not a byte string`);
        bytes.push(code);
      }
    } else if (Array.isArray(value) || (ArrayBuffer.isView(value) && "length" in value)) {
      const elements = value as ArrayLike<unknown>;
      for (let index = 0; index < elements.length; index++) add(elements[index]);
    } else if (typeof value === "object" && value !== null && "data" in value) {
      const { data, count } = value as { data: unknown; count?: number };
      for (let time = 0; time < (count ?? 1); time++) add(data);
    } else if (typeof value === "object" && value !== null && "callback" in value) {
      add((value as { callback: () => unknown }).callback());
    } else {
      bytes.push(((Math.floor(Number(value)) % 256) + 256) % 256);
    }
  };
  args.forEach(add);
  return bytes;
}

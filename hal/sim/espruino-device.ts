/**
 * A simulated ESP32 running Espruino: boots a built artefact (dist/<board-id>/firmware.js) in an
 * Espruino VM (hal/sim/espruino-vm.ts) with every module and global the firmware uses, wired to a
 * virtual board (hal/sim/virtual-board.ts), a virtual access point and a flash folder, and runs it
 * as Espruino runs saved code at boot: the source as one top-level script.
 *
 * What a boot installs:
 * - `require("net")`, `require("tls")`: hal/sim/espruino-net.ts, with the caller's `net` options
 *   as given (the realm and, unless given, `onError` are the boot's own);
 * - `require("Wifi")` over the access point (espruino-wifi.ts), `require("Storage")` over the flash
 *   folder (espruino-storage.ts), `Serial1`/`LoopbackA`/`E.setConsole` (espruino-serial.ts);
 * - `I2C1`, `OneWire`, `analogRead`, the pin functions and watches over the virtual board
 *   (espruino-buses.ts);
 * - `getSerial()` (the MAC as 12 hex digits, device-identity.ts), `E.getTemperature()` (the
 *   virtual chip's °C), `E.reboot()`, `process.memory()` and `process.version`;
 * - `modules`: sources cached with `Modules.addCached` before the artefact runs, as the IDE
 *   uploads them (a user script's `require("mote")`, say).
 * The console is one stream: what the firmware writes to `Serial1` and what it prints (`print`,
 * `console.log`, each line ended by CRLF as Espruino's console does), kept (the last
 * `OUTPUT_KEPT` characters, device-life.ts) and handed to `onOutput` as it comes. Bytes typed with
 * `type` go to `Serial1` (to its `data` listeners once the console was moved off it).
 *
 * An exception from the top-level script or from a callback (timers, events, socket and Wi-Fi
 * callbacks, watches) is recorded in `uncaught` and the device keeps running, as Espruino prints
 * it and carries on. `E.reboot()` (or `reboot()`) tears the boot down — timers cleared, sockets
 * destroyed, the Wi-Fi station off the air, no event of the old boot delivered any more — and
 * boots the same artefact again, on the next turn of the event loop, over the same flash folder.
 * `stop()` tears down for good so that the process can exit.
 *
 * Each process compiles an artefact once (`loadEspruinoArtefact`, a `vm.Script` cached by path)
 * and runs it in each device's context: a fleet pays per device only for the context and the
 * firmware's own state (measured with the mote bundle inside an artefact, 1,000 devices joined to
 * Wi-Fi in one process: about 265 KB of heap and 4 ms to boot per device).
 *
 * Not emulated: the REPL (typed bytes while the console is on `Serial1` are kept, not run), `print`
 * following `E.setConsole` (it always reaches the stream here), `save()`, `E.on("init")`, deep
 * sleep, `process.env`.
 */
import * as fs from "node:fs";
import * as vm from "node:vm";
import { createEspruinoVm } from "./espruino-vm";
import type { EspruinoVm } from "./espruino-vm";
import { createEspruinoNet } from "./espruino-net";
import type { EspruinoNet, EspruinoNetOptions } from "./espruino-net";
import { createEspruinoWifi } from "./espruino-wifi";
import { createEspruinoStorage } from "./espruino-storage";
import { installEspruinoSerial } from "./espruino-serial";
import type { EspruinoSerialPort } from "./espruino-serial";
import { installEspruinoBuses } from "./espruino-buses";
import type { VirtualWifi } from "./virtual-wifi";
import type { VirtualBoard } from "./virtual-board";
import { espruinoSerialOf } from "./device-identity";
import { startDeviceLife } from "./device-life";
import type { BootContext } from "./device-life";

/** A built artefact compiled once for any number of contexts. */
export interface EspruinoArtefact {
  readonly file: string;
  readonly script: vm.Script;
  /** The source's length in bytes. */
  readonly bytes: number;
}

/** Options for `bootEspruinoDevice`. */
export interface EspruinoDeviceOptions {
  /** The firmware: a built artefact's path (dist/<board-id>/firmware.js), or one already loaded. */
  artefact: string | EspruinoArtefact;
  /** The hardware the firmware finds on its buses. */
  board: VirtualBoard;
  /** The access point `require("Wifi")` joins. */
  air: VirtualWifi;
  /** The folder that is the device's flash (`require("Storage")`), kept across reboots. */
  flashFolder: string;
  /** The device's serial number, 0..0xFFFFFF: the last three bytes of its MAC (24:0a:c4:..). */
  serialNumber: number;
  /** Passed to `createEspruinoNet` as given, with the boot's realm (and `onError` unless set). */
  net?: EspruinoNetOptions;
  /** Module sources cached before the artefact runs (name -> source), as `Modules.addCached` would. */
  modules?: Record<string, string>;
  /** Told every piece of console output as it is written. */
  onOutput?: (text: string) => void;
}

/** A running simulated device. */
export interface EspruinoDevice {
  /** The current boot's context (a new one after each reboot). */
  readonly vm: EspruinoVm;
  /** Reboots done so far (by `E.reboot()` or `reboot()`). */
  readonly reboots: number;
  /** Exceptions the firmware did not catch, across boots, in order. */
  readonly uncaught: unknown[];
  /** The station MAC's hex digits (what `getSerial()` returns). */
  readonly serial: string;
  /** The console output so far (the last `OUTPUT_KEPT` characters, device-life.ts), a byte string. */
  output(): string;
  /** Types bytes (a byte string) on the console UART. */
  type(data: string): void;
  /** Reboots as `E.reboot()` does: tears down now, boots again on the next turn of the event loop. */
  reboot(): void;
  /** Tears the device down for good: no timer, socket or Wi-Fi station of it is left. */
  stop(): void;
}

/** Espruino's memory blocks on an ESP32, and their size in bytes (RUNTIMES.md). */
const TOTAL_BLOCKS = 16000;
const BLOCK_BYTES = 14;
/** The Espruino version the emulation follows (RUNTIMES.md). */
const ESPRUINO_VERSION = "2v29";

const artefacts = new Map<string, EspruinoArtefact>();

/**
 * Reads and compiles the artefact at `file` once per process (later calls return the same one).
 * Throws a SyntaxError naming the file when it does not compile.
 */
export function loadEspruinoArtefact(file: string): EspruinoArtefact {
  let artefact = artefacts.get(file);
  if (artefact === undefined) {
    const source = fs.readFileSync(file, "utf8");
    artefact = { file, script: new vm.Script(source, { filename: file }), bytes: Buffer.byteLength(source, "latin1") };
    artefacts.set(file, artefact);
  }
  return artefact;
}

/** One boot: the context and what must be torn down with it. */
interface Boot {
  espruino: EspruinoVm;
  net: EspruinoNet;
  wifi: Record<string, any>;
  port: EspruinoSerialPort;
}

/** Boots `options.artefact` on a new simulated device (see the module comment). */
export function bootEspruinoDevice(options: EspruinoDeviceOptions): EspruinoDevice {
  const artefact = typeof options.artefact === "string" ? loadEspruinoArtefact(options.artefact) : options.artefact;
  const serial = espruinoSerialOf(options.serialNumber);
  const earlierUncaught: unknown[] = [];

  const boot = (context: BootContext): Boot => {
    const espruino = createEspruinoVm({ timers: true });
    const realm = espruino.global;
    const report = espruino.report;
    const net = createEspruinoNet({ onError: report, ...options.net, realm });
    const wifi = createEspruinoWifi({ realm, air: options.air, onError: report });
    espruino.addBuiltin("net", net.net);
    espruino.addBuiltin("tls", net.tls);
    espruino.addBuiltin("Wifi", wifi);
    espruino.addBuiltin("Storage", createEspruinoStorage({ realm, folder: options.flashFolder }).module);
    const port = installEspruinoSerial({ realm });
    installConsole(realm, context.write);
    installEspruinoBuses({ ...options.board.espruinoBuses, realm, onError: report });
    realm.getSerial = (): string => serial;
    realm.E.getTemperature = (): number => options.board.chipCelsius();
    realm.E.reboot = (): void => context.reboot();
    realm.process = processOf(realm, artefact.bytes);
    for (const [name, source] of Object.entries(options.modules ?? {})) espruino.addCached(name, source);
    try {
      artefact.script.runInContext(espruino.context);
    } catch (error) {
      report(error);
    }
    return { espruino, net, wifi, port };
  };

  const tearDown = (ending: Boot): void => {
    ending.espruino.clearTimers();
    silence(ending.espruino.global);
    ending.net.destroyAll();
    ending.wifi.disconnect();
    earlierUncaught.push(...ending.espruino.uncaught);
    ending.espruino.uncaught.length = 0;
  };

  const life = startDeviceLife(boot, tearDown, options.onOutput);
  return {
    get vm() {
      return life.current.espruino;
    },
    get reboots() {
      return life.reboots;
    },
    get uncaught() {
      return [...earlierUncaught, ...life.current.espruino.uncaught];
    },
    serial,
    output: life.output,
    type: (data) => life.current.port.type(data),
    reboot: life.reboot,
    stop: life.stop,
  };
}

/**
 * Sends `Serial1.write` and `print`/`console.log` to the device's console stream (and not to the
 * emulation's own unbounded record). `Serial1.write` refuses a char above 255 as the emulation does.
 */
function installConsole(realm: Record<string, any>, write: (text: string) => void): void {
  realm.Serial1.write = (data: unknown): void => {
    const text = String(data);
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) > 255) throw new realm.Error("Serial1.write: not a byte string");
    }
    write(text);
  };
  const print = (...values: unknown[]): void => write(`${values.map((value) => String(value)).join(" ")}\r\n`);
  realm.print = print;
  realm.console.log = print;
}

/** Stops a torn-down context from running anything more: no new timers, no events delivered. */
function silence(realm: Record<string, any>): void {
  const nothing = (): number => 0;
  realm.setTimeout = nothing;
  realm.setInterval = nothing;
  Object.defineProperty(realm.Object.prototype, "emit", { value: nothing, writable: true, configurable: true, enumerable: false });
}

/** Espruino's `process`: `version` and `memory()` in blocks (the artefact's size counted as used). */
function processOf(realm: Record<string, any>, artefactBytes: number): Record<string, unknown> {
  const process = new realm.Object();
  process.version = ESPRUINO_VERSION;
  process.memory = (): Record<string, number> => {
    const usage = Math.min(TOTAL_BLOCKS, Math.ceil(artefactBytes / BLOCK_BYTES));
    return Object.assign(new realm.Object(), {
      free: TOTAL_BLOCKS - usage,
      usage,
      total: TOTAL_BLOCKS,
      history: 0,
      gc: 0,
      gctime: 0,
      blocksize: BLOCK_BYTES,
    });
  };
  return process;
}

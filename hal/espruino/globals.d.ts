/**
 * The Espruino globals that hal/espruino uses, as the Espruino reference documents them
 * (espruino.com/Reference). Only tsconfig.espruino.json sees this file: nothing else may name them.
 */

/** Espruino's utility namespace. */
declare namespace E {
  /**
   * A string whose char codes are the bytes of the arguments (strings, arrays and typed arrays are
   * walked element by element, numbers become one char). Since 2v18, a single argument that is a
   * whole 8-bit typed array returns the array's backing string itself, without a copy.
   */
  function toString(...args: unknown[]): string;
  /** A new Uint8Array holding the bytes of the arguments, walked as `E.toString` walks them. */
  function toUint8Array(...args: unknown[]): Uint8Array;
}

/** Seconds since 1970 (or since boot, until the clock is set), as a float. */
declare function getTime(): number;

/** A timer id as Espruino's `setTimeout` returns it. */
type EspruinoTimer = number;
/** Calls `callback` once after `ms` milliseconds, from the event loop. */
declare function setTimeout(callback: () => void, ms: number): EspruinoTimer;
/** Cancels a `setTimeout` that has not fired yet (an id that has fired or is unknown is ignored). */
declare function clearTimeout(timer: EspruinoTimer): void;
/** Calls `callback` every `ms` milliseconds, from the event loop, until `clearInterval`. */
declare function setInterval(callback: () => void, ms: number): EspruinoTimer;
/** Stops a `setInterval` (an unknown id is ignored). */
declare function clearInterval(timer: EspruinoTimer): void;

/**
 * Every Espruino object is an event emitter (jswrap_object.c): listeners are kept in a hidden
 * `#on<event>` property; `emit` queues the listeners present now, with at most 4 arguments, to
 * run from the event loop with `this` set to the object.
 */
interface Object {
  on(event: string, listener: (...args: any[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  removeListener(event: string, listener: (...args: any[]) => void): void;
  removeAllListeners(event?: string): void;
}

/**
 * Espruino's `require` for its built-in modules (the `net` and `tls` libraries). Throws when the
 * firmware was built without the module (`Module tls not found`).
 */
declare function require(name: EspruinoNetModuleName): EspruinoNetModule;

/** The built-in modules that open TCP (`net`) and TLS (`tls`) connections. */
type EspruinoNetModuleName = "net" | "tls";

/** The options `require("net").connect` and `require("tls").connect` read. */
interface EspruinoConnectOptions {
  host: string;
  port: number;
  /** TLS only: the CA certificate(s), the client key and certificate (PEM bodies, as Espruino reads them). */
  ca?: string;
  key?: string;
  cert?: string;
}

/**
 * Espruino's `net` (and `tls`) library (libs/network/jswrap_net.c): `connect` returns the socket at
 * once and calls `onConnect(socket)` from the event loop when the connection is up.
 */
interface EspruinoNetModule {
  connect(options: EspruinoConnectOptions, onConnect: (this: EspruinoNetSocket, socket: EspruinoNetSocket) => void): EspruinoNetSocket;
}

/**
 * A `net.Socket` on Espruino (libs/network/jswrap_net.c, socketserver.c). Every event is queued and
 * runs from the event loop with `this` set to the socket:
 * - `data (string)`: received bytes, one char per byte (at most the network's chunk size, 536
 *   bytes on ESP32, per event);
 * - `drain (socket)`: everything written so far has been handed to the network stack (also fired
 *   once after connecting when nothing was waiting);
 * - `error ({code, message})`: the connection failed or broke (always followed by `close`);
 * - `close (hadError)`: the connection is gone; after `end()` too.
 */
interface EspruinoNetSocket {
  /**
   * Appends `data` (a byte string) to the socket's send buffer, which grows without bound. Always
   * returns false ("for node.js compatibility"): only `drain` says the buffer has emptied.
   */
  write(data: string): boolean;
  /** Closes the socket once the send buffer has been sent; `close` follows. */
  end(): void;
  on(event: "data", listener: (this: EspruinoNetSocket, data: string) => void): void;
  on(event: "drain", listener: (this: EspruinoNetSocket) => void): void;
  on(event: "error", listener: (this: EspruinoNetSocket, error: { code: number; message: string }) => void): void;
  on(event: "close", listener: (this: EspruinoNetSocket, hadError: boolean) => void): void;
  removeAllListeners(event?: string): void;
}

/**
 * Espruino's `Wifi` library on ESP32 (libs/network/esp32/jswrap_esp32_network.c). Events run
 * from the event loop with `this` set to the module:
 * - `connected ({ip, netmask, gw})`: the station has an address (ESP-IDF's STA_GOT_IP);
 * - `disconnected ({ssid, mac, reason, msg})`: the station lost its access point or an attempt
 *   failed; `reason` is ESP-IDF's reason number as text ("201"), `msg` its name ("NO_AP_FOUND").
 */
interface EspruinoWifiModule {
  /**
   * Joins `ssid` (throws "No SSID provided" for a non-string); `callback(null)` once the station
   * has an address. A failed attempt calls nothing: it shows as a `disconnected` event.
   */
  connect(ssid: string, options: { password: string }, callback?: (error: string | null) => void): void;
  /** Leaves the access point; `callback` runs from the event loop. */
  disconnect(callback?: () => void): void;
  /** Sets the name the station gives the access point's DHCP server (ESP32). */
  setHostname(hostname: string, callback?: () => void): void;
  /** The station's address details (`ip` "0.0.0.0" while not connected). */
  getIP(): { ip: string; netmask: string; gw: string; mac: string };
  on(event: "connected", listener: (details: { ip: string; netmask: string; gw: string }) => void): void;
  on(event: "disconnected", listener: (details: { ssid: string; mac: string; reason: string; msg: string }) => void): void;
  removeListener(event: string, listener: (...args: any[]) => void): void;
}

/**
 * Espruino's `Storage` library (src/jswrap_storage.c): flat files in flash, each written whole.
 * `write` at offset 0 of an existing name erases the old file first, then writes the new one, so
 * a replace is not atomic (hal/espruino/storage.ts builds atomic replace on top).
 */
interface EspruinoStorageModule {
  /** The whole file as a byte string (memory-mapped from flash on the device), or undefined. */
  read(name: string): string | undefined;
  /** Writes the file (a byte string), replacing any of that name; true on success. */
  write(name: string, data: string): boolean;
  /** Removes the file (nothing happens when there is none). */
  erase(name: string): void;
  /** The names of every file. */
  list(): string[];
}

/** Espruino's `require` for the Wifi library. */
declare function require(name: "Wifi"): EspruinoWifiModule;
/** Espruino's `require` for the Storage library. */
declare function require(name: "Storage"): EspruinoStorageModule;

/**
 * A serial device (`Serial1`, `USB`, `LoopbackA`/`LoopbackB`): `write` sends a byte string; the
 * `data` event brings received bytes as a byte string, from the event loop. While the console
 * (REPL) is on a device, its input goes to the interpreter, not to `data` listeners.
 */
interface EspruinoSerialDevice {
  setup(baud: number): void;
  write(data: string): void;
  on(event: "data", listener: (data: string) => void): void;
  removeAllListeners(event?: string): void;
}

/** The first UART: the console on ESP32 boards. */
declare const Serial1: EspruinoSerialDevice;
/**
 * One end of Espruino's loopback: what is written to `LoopbackA` arrives at `LoopbackB` and back.
 * Moving the console there (`E.setConsole(LoopbackA)`) frees the real UART for the program.
 */
declare const LoopbackA: EspruinoSerialDevice;

declare namespace E {
  /**
   * Moves the console (REPL) to `device`; `E.setConsole(Serial1)` brings it back. With `force`,
   * it stays there when a USB, Bluetooth or Telnet connection comes or goes (which would
   * otherwise move it).
   */
  function setConsole(device: EspruinoSerialDevice, options?: { force?: boolean }): void;
}

/** Espruino's device functions the firmware uses (hal/espruino/device.ts). */
declare namespace E {
  /** The chip's temperature in degrees Celsius (ESP32: its internal sensor), a float; NaN where not implemented. */
  function getTemperature(): number;
  /** Restarts the chip, as a reset would. */
  function reboot(): void;
}

/** The board's serial number: on ESP32, the Wi-Fi MAC address in hex. */
declare function getSerial(): string;

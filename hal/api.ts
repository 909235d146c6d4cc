import type { Bytes } from "../src/bytes/bytes";

/**
 * The runtime services the portable core needs: byte stores, text <-> bytes, and a clock.
 *
 * One implementation per runtime lives in `hal/<runtime>/platform.ts`; the core receives it at
 * creation and never names a runtime API itself. Text is UTF-8 on the wire; each runtime turns
 * its own strings into those bytes (JavaScript strings on Node, byte strings on Espruino and Lua).
 */
export interface Platform {
  /** Makes a zero-filled store of `size` bytes. Allocates: call only at creation time. */
  newBytes(this: void, size: number): Bytes;
  /** The number of UTF-8 bytes `text` takes on the wire. Never allocates. */
  textByteLength(this: void, text: string): number;
  /**
   * Copies the UTF-8 bytes of `text` into `store` at `offset` and returns how many were written.
   * The caller has checked the room with `textByteLength`. Never allocates.
   */
  writeText(this: void, text: string, store: Bytes, offset: number): number;
  /** Makes a string from `length` bytes of `store` at `offset`. Allocates the string it returns. */
  readText(this: void, store: Bytes, offset: number, length: number): string;
  /** Milliseconds from an arbitrary origin, monotonic, as an integer. Never allocates. */
  nowMs(this: void): number;
}

/**
 * What a socket tells its owner. The owner hands these over once, at `open`; the socket calls
 * them from the runtime's event loop, never from inside `open`, `write` or `close`.
 */
export interface SocketEvents {
  /** The connection is up (for TLS, the handshake is done): writes may begin. Never allocates. */
  onConnect(this: void): void;
  /**
   * `length` bytes arrived, in `store` at `offset`. The bytes are valid only during the call:
   * the owner copies or decodes them before returning. Never allocates.
   */
  onData(this: void, store: Bytes, offset: number, length: number): void;
  /** A `write` that took fewer bytes than offered may be retried now. Never allocates. */
  onWritable(this: void): void;
  /**
   * The link is gone: closed by either side, dropped, or never opened (`failed` true when it
   * ended in an error). Called once per `open`; the socket may be opened again afterwards.
   * Never allocates.
   */
  onClose(this: void, failed: boolean): void;
}

/**
 * One transport connection — TCP, TLS, WebSocket or a cellular modem all present this shape
 * (coreMQTT's transport contract, with ECMA-419's events). Nothing blocks: `open` starts the
 * connection and `onConnect` says when it is up; `write` takes what it can now. The core calls
 * these on its hot path (@hotpath): the core itself allocates nothing around them, and what an
 * implementation allocates is its runtime's price (a socket object per `open` on Node; a string
 * per `write` on Espruino and NodeMCU, whose socket APIs take strings).
 */
export interface Socket {
  /**
   * Starts connecting to `host`:`port` (TLS when `secure`). Returns false, without calling any
   * event, when it cannot start (already open, or the runtime cannot do TLS); otherwise exactly
   * one `onClose` will follow, after `onConnect` or instead of it. @hotpath
   */
  open(host: string, port: number, secure: boolean, events: SocketEvents): boolean;
  /**
   * Offers `length` bytes from `store` at `offset` for sending and returns how many were taken:
   * `length` when all, fewer (even 0) when the runtime's buffer is full — wait for `onWritable`
   * and offer the rest — and -1 when the socket is not connected. Never returns 0 for a dead
   * link. The bytes are copied before it returns. @hotpath
   */
  write(store: Bytes, offset: number, length: number): number;
  /** Closes the connection if one is open or opening; `onClose` follows. @hotpath */
  close(): void;
}

/**
 * A store of integers that are not bytes (pulse durations in microseconds): an `Int32Array` or
 * plain array on JavaScript runtimes, a table indexed from 0 on Lua, like `Bytes`. Its length
 * travels beside it.
 */
export interface Integers {
  [index: number]: number;
}

/**
 * What an I2C bus takes at creation (ECMA-419's one options object; the bus does not keep it).
 * Pins are the runtime's pin numbers; `port` picks a hardware controller where there are several.
 */
export interface I2cOptions {
  data: number;
  clock: number;
  hz: number;
  port?: number;
}

/**
 * An I2C bus in controller mode, shared by every device on it: the 7-bit address travels with each
 * call, as on Espruino's `I2C1` and NodeMCU's `i2c`. Every call is synchronous and returns how many
 * bytes moved, or -1 when no device acknowledged its address (missing, unpowered or busy), so a
 * driver turns a silent chip into an error reading. Bytes go to and from the caller's stores;
 * the interface itself never allocates, and what an implementation allocates is its runtime's
 * price (Espruino's `readFrom` returns a new array, NodeMCU's `i2c.read` a new string).
 */
export interface I2c {
  /**
   * Writes `length` bytes from `store` at `offset` to the device at `address`, with a stop at
   * the end. Returns `length`, or -1 when the device did not acknowledge. Never allocates.
   */
  write(address: number, store: Bytes, offset: number, length: number): number;
  /**
   * Reads `length` bytes from the device at `address` into `store` at `offset`, with a stop at
   * the end. Returns `length`, or -1 when the device did not acknowledge. Never allocates.
   */
  read(address: number, store: Bytes, offset: number, length: number): number;
  /**
   * Writes the one-byte `register` number, then reads `length` bytes from the device at
   * `address` into `store` at `offset` (the usual register read). Returns `length`, or -1 when
   * the device did not acknowledge. Never allocates.
   */
  readRegisters(address: number, register: number, store: Bytes, offset: number, length: number): number;
  /** Gives the pins back; the bus is not used afterwards. */
  close(): void;
}

/** What a 1-Wire bus takes at creation: the pin it runs on. */
export interface OneWireOptions {
  pin: number;
}

/**
 * A 1-Wire bus (Espruino's `OneWire`, NodeMCU's `ow`). Synchronous; bytes go to and from the
 * caller's stores. A ROM code is 8 bytes: family code, 48-bit serial, CRC-8 (Maxim).
 */
export interface OneWire {
  /** Sends a reset pulse; true when at least one device answered with a presence pulse. Never allocates. */
  reset(): boolean;
  /** Addresses the one device whose 8-byte ROM code is in `store` at `offset` (Match ROM, 0x55). Never allocates. */
  select(store: Bytes, offset: number): void;
  /** Addresses every device on the bus at once (Skip ROM, 0xCC). Never allocates. */
  skip(): void;
  /** Writes `length` bytes from `store` at `offset`. Never allocates. */
  write(store: Bytes, offset: number, length: number): void;
  /**
   * Reads `length` bytes into `store` at `offset`. With no device driving the line every byte
   * reads as 0xFF. Never allocates.
   */
  read(store: Bytes, offset: number, length: number): void;
  /**
   * Finds the devices on the bus (Search ROM, 0xF0) and copies up to `capacity` ROM codes, 8
   * bytes each, into `store` from `offset`; returns how many were copied. Used when a bus is set
   * up, not per reading: an implementation may allocate (Espruino's `search` returns an array).
   */
  search(store: Bytes, offset: number, capacity: number): number;
  /** Gives the pin back; the bus is not used afterwards. */
  close(): void;
}

/** What an analog input takes at creation: the pin (or the runtime's channel number). */
export interface AdcOptions {
  pin: number;
}

/**
 * One analog input. `read` returns the raw conversion as an integer 0..`maximum` (Espruino's
 * `analogRead` fraction and NodeMCU's `adc.read` count are both scaled to it by the runtime).
 * A chip's internal temperature sensor presents the same shape, its raw value in the runtime's
 * own unit.
 */
export interface Adc {
  /** The largest raw value `read` returns (4095 for the ESP32's 12-bit converter). */
  readonly maximum: number;
  /** Converts once and returns the raw integer 0..`maximum`. Never allocates. */
  read(): number;
  /** Gives the pin back; the input is not used afterwards. */
  close(): void;
}

/** How a GPIO pin is driven. */
export const enum PinMode {
  Input = 0,
  InputPullUp = 1,
  Output = 2,
  OpenDrain = 3,
}

/** What a GPIO pin takes at creation: its number and first mode. */
export interface GpioOptions {
  pin: number;
  mode: PinMode;
}

/**
 * One digital pin. Besides levels it can capture a single-wire reply timed by pulse lengths (the
 * DHT22's): the host drives the line low for a while, releases it, and the runtime records how
 * long each level lasts after that — from a watch on the pin on Espruino (`digitalPulse` then
 * `setWatch`), from a timed loop in C on NodeMCU. A capture may finish inside `capturePulses` or
 * later; the reader waits the device's reply time and then asks `capturedPulses`.
 */
export interface Gpio {
  /** Sets how the pin is driven. Never allocates. */
  mode(mode: PinMode): void;
  /** Drives the pin to `level` (0 or 1). Never allocates. */
  write(level: number): void;
  /** The pin's level now, 0 or 1. Never allocates. */
  read(): number;
  /**
   * Drives the pin low for `lowMicroseconds`, releases it (input with pull-up), and records the
   * length in microseconds of each level that follows into `durations` from index 0 — the first
   * low the device drives, then high, low, ... — until `capacity` are recorded or the line stays
   * still for a millisecond. Returns false when a capture is already running. The store belongs
   * to the caller and is only written, never kept past the next capture. Never allocates.
   */
  capturePulses(lowMicroseconds: number, durations: Integers, capacity: number): boolean;
  /** How many durations the last capture has recorded so far. Never allocates. */
  capturedPulses(): number;
  /** Gives the pin back; it is not used afterwards. */
  close(): void;
}

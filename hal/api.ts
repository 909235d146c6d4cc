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

/** Where a Link stands (`Link.linkStatus()`). */
export const LINK_IDLE = 0;
/** `join` started an attempt that has not ended yet. */
export const LINK_CONNECTING = 1;
/** Joined, with an address: sockets may open. */
export const LINK_UP = 2;
/** The last attempt or the link ended; `Link.reason()` says why. */
export const LINK_DOWN = 3;

/** Why a Link went down (`LinkEvents.onDown`, `Link.reason()`). */
export const LINK_REASON_NONE = 0;
/** The access point refused the password (ESP-IDF AUTH_FAIL, 4-way handshake timeout). */
export const LINK_REASON_WRONG_PASSWORD = 1;
/** No access point with that SSID answered (ESP-IDF NO_AP_FOUND). */
export const LINK_REASON_NO_NETWORK = 2;
/** The link was up and was lost (beacon timeout, the access point left ...). */
export const LINK_REASON_LOST = 3;
/** `close()` ended it. */
export const LINK_REASON_CLOSED = 4;
/** Any other failure (the runtime's own code is not kept). */
export const LINK_REASON_FAILED = 5;

/**
 * What a Link tells its owner, handed over once at creation (ECMA-419: callbacks are options).
 * Called from the runtime's event loop, never from inside `join` or `close`.
 */
export interface LinkEvents {
  /**
   * The link is up with `address` (dotted IPv4 text, the string the runtime made for its own
   * event). Never allocates.
   */
  onUp(this: void, address: string): void;
  /**
   * The link or the attempt ended, with a LINK_REASON_*. Once per attempt that failed and once
   * per loss of a link that was up. The runtime's firmware may retry by itself; the Link says
   * `onUp` again when it comes back. Never allocates.
   */
  onDown(this: void, reason: number): void;
}

/**
 * A Wi-Fi station. `join` starts an attempt and returns at once; the outcome arrives as
 * `onUp`/`onDown`. A link that drops is rejoined by the runtime (both firmwares retry), and
 * `onUp` follows when it is back. Nothing here allocates per event: the address string is the
 * runtime's own.
 */
export interface Link {
  /**
   * Starts joining `ssid` with `password` ("" for an open network), leaving any current network.
   * Returns false, calling nothing, when the runtime refused to start (no Wi-Fi, bad SSID).
   */
  join(ssid: string, password: string): boolean;
  /** LINK_IDLE, LINK_CONNECTING, LINK_UP or LINK_DOWN. Never allocates. */
  linkStatus(): number;
  /** Why the link last went down (LINK_REASON_*; LINK_REASON_NONE while it has not). */
  reason(): number;
  /** Leaves the network and stops listening; `onDown(LINK_REASON_CLOSED)` follows if it was up. */
  close(): void;
}

/** Storage results: a non-negative count, or one of these. */
export const STORAGE_OK = 0;
/** No blob of that name. */
export const STORAGE_NOT_FOUND = -1;
/** The blob is longer than the room the caller gave (nothing was read). */
export const STORAGE_TOO_BIG = -2;
/**
 * Every stored copy of the blob failed its check (bad header, length or checksum): it was
 * written by something else or damaged. Nothing good was found; the caller falls back to its
 * defaults. A later `write` replaces it.
 */
export const STORAGE_CORRUPT = -3;
/** The runtime refused the write (flash full, file system error); the last good copy remains. */
export const STORAGE_WRITE_FAILED = -4;
/** The name is empty, too long for the runtime, or holds a character the HAL keeps for itself. */
export const STORAGE_BAD_NAME = -5;

/**
 * Named blobs in the device's flash, each replaced whole and atomically: a crash or power cut
 * in the middle of `write` leaves either the new copy or the last good one, never a mix. Every
 * copy carries a header (length, generation, checksum), so damaged data is told apart from good.
 * How each runtime gets there (hal/espruino/storage.ts: two slots and a generation counter;
 * hal/nodemcu/storage.ts: write a temporary file, then rename) is documented with it.
 *
 * Writes and reads go through the runtime's string-based file APIs, which allocate what they
 * allocate; the HAL adds no object per call. Not for the hot path.
 */
export interface Storage {
  /**
   * Copies the newest good copy of blob `name` into `store` at `offset` and returns its length;
   * STORAGE_NOT_FOUND, STORAGE_TOO_BIG (longer than `room`), STORAGE_CORRUPT or STORAGE_BAD_NAME
   * otherwise. On an error the store may hold partial bytes.
   */
  read(name: string, store: Bytes, offset: number, room: number): number;
  /**
   * Replaces blob `name` with `length` bytes of `store` from `offset`, atomically. Returns
   * STORAGE_OK, STORAGE_WRITE_FAILED or STORAGE_BAD_NAME.
   */
  write(name: string, store: Bytes, offset: number, length: number): number;
  /** Forgets blob `name` (every copy). STORAGE_OK, also when there was none. */
  remove(name: string): number;
  /** Whether a blob `name` is stored (good or not: `read` tells). */
  has(name: string): boolean;
  /**
   * Puts the names of the stored blobs into `names` from index 0 and returns how many; entries
   * beyond the count are stale. Allocates the name strings.
   */
  list(names: string[]): number;
}

/** What a Serial tells its owner, handed over once at creation. */
export interface SerialEvents {
  /**
   * `length` bytes arrived, in `store` at `offset`, valid only during the call. Lines are the
   * owner's business (a console splits on CR/LF). Never allocates.
   */
  onData(this: void, store: Bytes, offset: number, length: number): void;
}

/**
 * The serial console as a byte stream for the firmware (console commands in, replies out). While
 * open it takes the console from the runtime's own interpreter; `close()` gives it back.
 */
export interface Serial {
  /**
   * Sends `length` bytes of `store` from `offset` and returns how many were taken (all of them;
   * -1 once closed). Allocates the runtime's string for the bytes.
   */
  write(store: Bytes, offset: number, length: number): number;
  /** Stops listening and hands the console back to the interpreter. */
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

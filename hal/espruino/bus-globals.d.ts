/**
 * The Espruino globals that the bus HAL (hal/espruino/i2c-bus.ts, onewire-bus.ts, adc-input.ts,
 * gpio-pin.ts) uses, as the Espruino reference documents them. Apart from globals.d.ts so that a
 * bundle only keeps these field names (`state`, `time`, `data` ...) from shortening when it uses
 * the buses: each bus file names this file with a reference directive.
 */
/**
 * An I2C controller (`I2C1`, or a software `new I2C()`), as the Espruino reference documents
 * `I2C.setup`, `I2C.writeTo` and `I2C.readFrom`. On ESP32 a transfer the device does not
 * acknowledge throws (the firmware's exception names the failed step).
 */
interface EspruinoI2c {
  /** Takes the pins and the clock (`bitrate` in Hz, 100000 by default). */
  setup(options: { sda: number; scl: number; bitrate?: number }): void;
  /** Writes the bytes (a number, an array or a typed array) to `address`, with a stop at the end. */
  writeTo(address: number, data: number | Uint8Array): void;
  /** Reads `count` bytes from `address`, with a stop at the end; a new Uint8Array. */
  readFrom(address: number, count: number): Uint8Array;
}

/** The first hardware I2C controller. */
declare const I2C1: EspruinoI2c;

/**
 * A 1-Wire bus on one pin (Espruino's `OneWire` class, src/jswrap_onewire.c). ROM codes travel
 * as 16 hex digits, the family code's two first.
 */
interface EspruinoOneWire {
  /** A reset pulse; true when a device answered with a presence pulse. */
  reset(): boolean;
  /** Match ROM (0x55) with the ROM code as 16 hex digits. */
  select(rom: string): void;
  /** Skip ROM (0xCC): addresses every device. */
  skip(): void;
  /** Writes one byte (or an array of them); `power` keeps the line driven high afterwards (parasite power). */
  write(data: number, power?: boolean): void;
  /** Reads one byte. */
  read(): number;
  /** Search ROM: the ROM codes found, as 16 hex digits each (a new array). */
  search(): string[];
}

/** Makes a 1-Wire bus on `pin`. */
declare const OneWire: { new (pin: number): EspruinoOneWire };

/** Converts once on `pin`: a float from 0 (ground) to 1 (the reference voltage). */
declare function analogRead(pin: number): number;

/** How `pinMode` drives a pin. */
type EspruinoPinMode = "input" | "input_pullup" | "output" | "opendrain";
/** Sets how `pin` is driven. */
declare function pinMode(pin: number, mode: EspruinoPinMode): void;
/** Drives `pin` to `value` (0 or 1). */
declare function digitalWrite(pin: number, value: number): void;
/** The level on `pin`, 0 or 1. */
declare function digitalRead(pin: number): number;
/** Drives `pin` to `value` for `milliseconds` (in the background), then to the opposite level. */
declare function digitalPulse(pin: number, value: number, milliseconds: number): void;
/** What a watch's callback gets: the new level, and the times (seconds, as `getTime`) of this edge and the last. */
interface EspruinoWatchEvent {
  state: boolean;
  time: number;
  lastTime: number;
}
/** Calls `callback` on the edges of `pin` from the event loop; returns the id for `clearWatch`. */
declare function setWatch(callback: (event: EspruinoWatchEvent) => void, pin: number, options: { repeat: boolean; edge: "rising" | "falling" | "both" }): number;
/** Removes a watch. */
declare function clearWatch(id: number): void;

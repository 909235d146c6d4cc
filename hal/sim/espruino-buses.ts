/**
 * Espruino's bus globals emulated for the Espruino VM (hal/sim/espruino-vm.ts) over the
 * simulator's virtual devices (hal/sim/devices): `I2C1` over a `VirtualI2cBus`, the `OneWire`
 * class over `VirtualOneWireBus`es by pin, and `analogRead` over `VirtualAdc`s by pin.
 *
 * What it follows (Espruino reference; src/jswrap_i2c.c, jswrap_onewire.c):
 * - `I2C1.setup({sda, scl, bitrate})` records the options; `writeTo(address, data)` (a number,
 *   an array or a typed array) and `readFrom(address, count)` (a new Uint8Array) are one
 *   transfer each on the virtual bus, and a transfer the device does not acknowledge throws, as
 *   the ESP32 firmware does. Using the bus before `setup` throws too.
 * - `new OneWire(pin)`: `reset()`, `skip()`, `select(hex)`, `write(byte or array, power)`,
 *   `read()` (one byte) or `read(count)` (an array), `search()` (ROM codes as 16 hex digits).
 *   A pin with no bus reads as a floating line: no presence, 0xFF.
 * - `analogRead(pin)`: the pin's `VirtualAdc` raw count over its maximum, 0 for a pin with none.
 * - `pinMode(pin, mode)`, `digitalWrite`, `digitalRead` on the pin's virtual `Gpio` (a
 *   `VirtualGpio`, or a `VirtualDht22Pin`); `setWatch(fn, pin, {repeat, edge})` and `clearWatch`.
 *   `digitalPulse(pin, 0, ms)` is a start signal: its own two edges, then the edges of what the
 *   pin's device answers (its `capturePulses`, 30 us after the release), each delivered to the
 *   pin's watches from Node's event loop as `{state, time, lastTime}`, times on `getTime`'s clock.
 * Not emulated: watch `debounce` and `data`, pulse trains (`digitalPulse` with an array), `I2C2`, software `new I2C()`, `writeTo({data, stop})` options, repeated starts,
 * 1-Wire alarm search.
 */
import type { VirtualI2cBus } from "./devices/i2c-bus";
import type { VirtualOneWireBus } from "./devices/onewire-bus";
import type { VirtualAdc } from "./devices/adc";
import { PinMode } from "../api";
import type { Gpio } from "../api";
import { OneWireByteStream } from "./onewire-bytes";

/** Options for `installEspruinoBuses`: the VM's global, and what is wired to which pins. */
export interface EspruinoBusesOptions {
  realm: Record<string, any>;
  i2c?: VirtualI2cBus;
  oneWire?: Map<number, VirtualOneWireBus>;
  adc?: Map<number, VirtualAdc>;
  pins?: Map<number, Gpio>;
  /** Where exceptions thrown by watch callbacks go (Espruino prints them). */
  onError?: (error: unknown) => void;
}

/** `pinMode`'s names for the modes. */
const PIN_MODES: Record<string, PinMode> = {
  input: PinMode.Input,
  input_pullup: PinMode.InputPullUp,
  output: PinMode.Output,
  opendrain: PinMode.OpenDrain,
};

/** How long after the host releases the line a device starts its answer, in microseconds. */
const ANSWER_DELAY_US = 30;
/** The most durations one start signal's answer is asked for. */
const MOST_PULSES = 100;

/** What a test can see of the emulated buses. */
export interface EspruinoBuses {
  /** The options `I2C1.setup` was last given (undefined before). */
  i2cSetup(): Record<string, unknown> | undefined;
}

/** The bytes of an Espruino data argument: a number, an array or a typed array. */
function bytesOf(data: unknown): Uint8Array {
  if (typeof data === "number") return Uint8Array.of(data & 0xff);
  return Uint8Array.from(data as ArrayLike<number>, (value) => value & 0xff);
}

/** The 16 hex digits Espruino writes a ROM code as. */
function hexOf(rom: Uint8Array): string {
  return Buffer.from(rom).toString("hex");
}

/** Installs `I2C1`, `OneWire` and `analogRead` on the VM's global (see the module comment). */
export function installEspruinoBuses(options: EspruinoBusesOptions): EspruinoBuses {
  const { realm } = options;
  let setup: Record<string, unknown> | undefined;

  const i2cBus = (): VirtualI2cBus => {
    if (setup === undefined) throw new realm.Error("I2C device not initialised - call I2C1.setup first");
    if (options.i2c === undefined) throw new realm.Error("I2C: no bus wired");
    return options.i2c;
  };
  const i2c1 = new realm.Object();
  i2c1.setup = (settings: Record<string, unknown>): void => {
    setup = { ...settings };
  };
  i2c1.writeTo = (address: number, data: unknown): void => {
    const bytes = bytesOf(data);
    if (i2cBus().write(address, bytes, 0, bytes.length) < 0) throw new realm.Error(`I2C Error: no ACK from 0x${address.toString(16)}`);
  };
  i2c1.readFrom = (address: number, count: number): Uint8Array => {
    const received = new realm.Uint8Array(count) as Uint8Array;
    if (i2cBus().read(address, received, 0, count) < 0) throw new realm.Error(`I2C Error: no ACK from 0x${address.toString(16)}`);
    return received;
  };
  realm.I2C1 = i2c1;

  const streams = new Map<number, OneWireByteStream>();
  for (const [pin, bus] of options.oneWire ?? []) streams.set(pin, new OneWireByteStream(bus));
  realm.OneWire = function OneWire(pin: number): Record<string, unknown> {
    const stream = streams.get(pin);
    const ow = new realm.Object();
    ow.reset = (): boolean => stream !== undefined && stream.reset();
    ow.skip = (): void => stream?.skip();
    ow.select = (rom: string): void => stream?.select(Uint8Array.from(Buffer.from(rom, "hex")));
    ow.write = (data: unknown): void => {
      for (const value of bytesOf(data)) stream?.write(value);
    };
    ow.read = (count?: number): number | number[] => {
      const one = (): number => (stream === undefined ? 0xff : stream.read());
      if (count === undefined) return one();
      const values = new realm.Array();
      for (let index = 0; index < count; index++) values.push(one());
      return values;
    };
    ow.search = (): string[] => {
      const found = new realm.Array();
      for (const rom of stream?.search(64) ?? []) found.push(hexOf(rom));
      return found;
    };
    return ow;
  };

  realm.analogRead = (pin: number): number => {
    const input = options.adc?.get(pin);
    return input === undefined ? 0 : input.read() / input.maximum;
  };

  installPins(realm, options.pins ?? new Map(), options.onError ?? ((error) => setImmediate(() => { throw error; })));
  return { i2cSetup: () => setup };
}

/** Installs `pinMode`, `digitalWrite`, `digitalRead`, `digitalPulse`, `setWatch` and `clearWatch`. */
function installPins(realm: Record<string, any>, pins: Map<number, Gpio>, report: (error: unknown) => void): void {
  const watches = new Map<number, { pin: number; callback: Function; repeat: boolean }>();
  let lastWatch = 0;
  const lastEdge = new Map<number, number>();
  const pinOf = (pin: number): Gpio => {
    const gpio = pins.get(pin);
    if (gpio === undefined) throw new realm.Error(`pin ${pin}: nothing wired`);
    return gpio;
  };
  const edge = (pin: number, state: boolean, time: number): void => {
    setImmediate(() => {
      const event = Object.assign(new realm.Object(), { state, time, lastTime: lastEdge.get(pin) ?? time });
      lastEdge.set(pin, time);
      for (const [id, watch] of watches) {
        if (watch.pin !== pin) continue;
        if (!watch.repeat) watches.delete(id);
        try {
          watch.callback(event);
        } catch (error) {
          report(error);
        }
      }
    });
  };

  realm.pinMode = (pin: number, mode: string): void => {
    const next = PIN_MODES[mode];
    if (next === undefined) throw new realm.Error(`pinMode: unknown mode ${mode}`);
    pinOf(pin).mode(next);
  };
  realm.digitalWrite = (pin: number, value: unknown): void => pinOf(pin).write(value ? 1 : 0);
  realm.digitalRead = (pin: number): number => pinOf(pin).read();
  realm.setWatch = (callback: Function, pin: number, watchOptions?: { repeat?: boolean }): number => {
    watches.set(++lastWatch, { pin, callback, repeat: watchOptions?.repeat === true });
    return lastWatch;
  };
  realm.clearWatch = (id: number): void => {
    watches.delete(id);
  };
  realm.digitalPulse = (pin: number, value: number, milliseconds: number): void => {
    const gpio = pinOf(pin);
    const start = realm.getTime() as number;
    const release = start + milliseconds / 1000;
    edge(pin, value !== 0, start);
    edge(pin, value === 0, release);
    if (value !== 0) return;
    const durations = new Array<number>(MOST_PULSES).fill(0);
    gpio.capturePulses(Math.round(milliseconds * 1000), durations, MOST_PULSES);
    let time = release + ANSWER_DELAY_US / 1000000;
    edge(pin, false, time);
    for (let index = 0; index < gpio.capturedPulses(); index++) {
      time += durations[index] / 1000000;
      edge(pin, index % 2 === 0, time);
    }
  };
}

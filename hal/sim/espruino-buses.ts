/**
 * Espruino's bus globals emulated for the Espruino VM (test/runtimes/espruino-vm.ts) over the
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
 * Not emulated: `I2C2`, software `new I2C()`, `writeTo({data, stop})` options, repeated starts,
 * 1-Wire alarm search.
 */
import type { VirtualI2cBus } from "./devices/i2c-bus";
import type { VirtualOneWireBus } from "./devices/onewire-bus";
import type { VirtualAdc } from "./devices/adc";
import { OneWireByteStream } from "./onewire-bytes";

/** Options for `installEspruinoBuses`: the VM's global, and what is wired to which pins. */
export interface EspruinoBusesOptions {
  realm: Record<string, any>;
  i2c?: VirtualI2cBus;
  oneWire?: Map<number, VirtualOneWireBus>;
  adc?: Map<number, VirtualAdc>;
}

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

  return { i2cSetup: () => setup };
}

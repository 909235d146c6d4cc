/** The DS18B20 driver against virtual devices on a virtual 1-Wire bus. */
import { describe, it, expect, beforeEach } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { VirtualOneWireBus } from "../../hal/sim/devices/onewire-bus";
import { VirtualDs18b20, ds18b20Rom } from "../../hal/sim/devices/ds18b20";
import { newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { DS18B20_FAMILY, ds18b20Read, ds18b20SetRom, ds18b20Start, newDs18b20 } from "../../hal/drivers/ds18b20";
import type { Ds18b20 } from "../../hal/drivers/ds18b20";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";

/** Half a 1/16-degree step from the device's rounding, half a hundredth from the driver's. */
const CELSIUS_TOLERANCE = 1 / 32 + 0.005;

describe("DS18B20 driver over the virtual 1-Wire bus", () => {
  let environment: Environment;
  let bus: VirtualOneWireBus;
  let device: VirtualDs18b20;
  let sensor: Ds18b20;
  const temperature = newReading();

  beforeEach(() => {
    environment = newEnvironment();
    bus = new VirtualOneWireBus();
    device = new VirtualDs18b20(ds18b20Rom(0x0123456789ab), environment);
    bus.attach(device);
    sensor = newDs18b20(nodePlatform, bus);
  });

  const measure = (target: Ds18b20 = sensor): ReadingStatus => {
    const started = ds18b20Start(target);
    return started === ReadingStatus.Ok ? ds18b20Read(target, temperature) : started;
  };

  it("reads the power-up scratchpad as 85 degrees before any conversion", () => {
    expect(ds18b20Read(sensor, temperature)).toBe(ReadingStatus.Ok);
    expect(temperature).toEqual({ value: 8500, decimals: 2, unit: Unit.Celsius, status: ReadingStatus.Ok });
  });

  it("round-trips any temperature in -55..125 degrees at 12 bits", () => {
    fc.assert(
      fc.property(fc.double({ min: -55, max: 125, noNaN: true }), (celsius) => {
        environment.celsius = celsius;
        expect(measure()).toBe(ReadingStatus.Ok);
        expect(Math.abs(temperature.value / 100 - celsius)).toBeLessThanOrEqual(CELSIUS_TOLERANCE);
      }),
    );
  });

  it("decodes -10.125 degrees (0xFF5E), halfway between hundredths, as -10.12 (halves round upward), and 9-bit conversions at half-degree steps", () => {
    environment.celsius = -10.125;
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(device.scratchpad[0]).toBe(0x5e);
    expect(device.scratchpad[1]).toBe(0xff);
    expect(temperature.value).toBe(-1012);
    bus.reset();
    bus.skip();
    bus.write(new Uint8Array([0x4e, 0x4b, 0x46, 0x1f]), 0, 4);
    environment.celsius = 21.3;
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(temperature.value).toBe(2100);
  });

  it("finds two devices by search and reads each by its ROM code", () => {
    const second = new VirtualDs18b20(ds18b20Rom(0x42), newEnvironment());
    second.environment.celsius = -5;
    bus.attach(second);
    const roms = new Uint8Array(16);
    expect(bus.search(roms, 0, 2)).toBe(2);
    const readings = [0, 8].map((offset) => {
      expect(roms[offset]).toBe(DS18B20_FAMILY);
      const addressed = newDs18b20(nodePlatform, bus);
      expect(ds18b20SetRom(addressed, roms, offset)).toBe(true);
      expect(measure(addressed)).toBe(ReadingStatus.Ok);
      return temperature.value;
    });
    expect(readings.sort((a, b) => a - b)).toEqual([-500, 2000]);
  });

  it("refuses a ROM code whose CRC is wrong", () => {
    const rom = ds18b20Rom(7);
    rom[3] ^= 0x10;
    expect(ds18b20SetRom(sensor, rom, 0)).toBe(false);
  });

  it("a corrupted scratchpad gives BadChecksum, not a number", () => {
    device.corruptScratchpad = true;
    expect(measure()).toBe(ReadingStatus.BadChecksum);
    expect(temperature).toMatchObject({ value: 0, status: ReadingStatus.BadChecksum });
  });

  it("no presence pulse gives NoDevice; a ROM nobody answers to reads all 0xFF: BadChecksum", () => {
    device.present = false;
    expect(ds18b20Start(sensor)).toBe(ReadingStatus.NoDevice);
    expect(ds18b20Read(sensor, temperature)).toBe(ReadingStatus.NoDevice);
    expect(temperature).toMatchObject({ value: 0, status: ReadingStatus.NoDevice });
    device.present = true;
    expect(ds18b20SetRom(sensor, ds18b20Rom(99), 0)).toBe(true);
    expect(measure()).toBe(ReadingStatus.BadChecksum);
  });
});

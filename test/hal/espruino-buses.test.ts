/**
 * The Espruino bus HAL (hal/espruino/i2c-bus.ts, onewire-bus.ts, adc-input.ts), built alone with the sensor
 * drivers as an Espruino bundle (test/runtimes/fixtures/hal-buses-espruino.ts) and run in the
 * Espruino VM with `I2C1`, `OneWire` and `analogRead` emulated over the virtual devices
 * (hal/sim/espruino-buses.ts, hal/sim/devices). The readings must be the ones the same drivers
 * give on Node straight over the virtual buses, and match the virtual air within the sensors'
 * resolution.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import type { EspruinoModule } from "../../hal/sim/espruino-vm";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import { PROJECT_ROOT } from "../../tools/build/project";
import { installEspruinoBuses } from "../../hal/sim/espruino-buses";
import { busRig, nodeReadings, readThrough } from "./bus-rig";
import type { BusRig } from "./bus-rig";
import { ReadingStatus } from "../../hal/drivers/reading";
import { PinMode } from "../../hal/api";
import { VirtualDht22Pin } from "../../hal/sim/devices/dht22";
import { waitFor } from "../runtimes/socket-harness";

const BUNDLE = path.join(PROJECT_ROOT, "dist/test/hal-buses-espruino.js");
let source = "";

beforeAll(async () => {
  await buildEspruinoBundle("test/runtimes/fixtures/hal-buses-espruino.ts", BUNDLE);
  source = fs.readFileSync(BUNDLE, "utf8");
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The pin the DHT22 is on. */
const DHT22_PIN = 15;

/** A fresh VM with the bus bundle and the emulated buses wired to `rig` (a DHT22 on `DHT22_PIN`). */
function boot(rig: BusRig, dht22 = new VirtualDht22Pin(rig.environment)): { hal: EspruinoModule; setup: () => Record<string, unknown> | undefined } {
  const espruino = createEspruinoVm({ timers: true });
  cleanups.push(() => {
    expect(espruino.uncaught).toEqual([]);
    espruino.clearTimers();
  });
  const buses = installEspruinoBuses({
    realm: espruino.global,
    i2c: rig.i2c,
    oneWire: new Map([[rig.oneWirePin, rig.oneWire]]),
    adc: new Map([[rig.adcPin, rig.adc]]),
    pins: new Map([[DHT22_PIN, dht22]]),
    onError: espruino.report,
  });
  espruino.addCached("hal", source);
  return { hal: espruino.require("hal"), setup: buses.i2cSetup };
}

/** The runtime's buses, made through the bundle's HAL. */
function runtimeBuses(hal: EspruinoModule, rig: BusRig) {
  return {
    i2c: hal.newI2c({ data: 21, clock: 22, hz: 100000 }),
    oneWire: hal.newOneWire({ pin: rig.oneWirePin }),
    adc: hal.newAdc({ pin: rig.adcPin }),
  };
}

describe("Espruino bus HAL over the emulated I2C1, OneWire and analogRead", () => {
  it("sets I2C1 up on the given pins and clock", () => {
    const rig = busRig();
    const { hal, setup } = boot(rig);
    runtimeBuses(hal, rig);
    expect(setup()).toEqual({ sda: 21, scl: 22, bitrate: 100000 });
  });

  it("reads the BME280, SHT3x, DS18B20 and analog input as the drivers do on Node", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    const device = readThrough(hal, hal.platform, runtimeBuses(hal, rig));
    expect(device).toEqual(nodeReadings(busRig()));
    expect(device.statuses.every((status) => status === ReadingStatus.Ok)).toBe(true);
    rig.expectNearEnvironment(device);
  });

  it("follows the air as it changes", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    const buses = runtimeBuses(hal, rig);
    rig.setAir(-12.5, 83, 99000, 1000);
    const device = readThrough(hal, hal.platform, buses);
    rig.expectNearEnvironment(device);
    expect(device.values[5]).toBe(-1250);
  });

  it("gives error readings, not a crash, when the devices are gone", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    rig.removeAll();
    const device = readThrough(hal, hal.platform, runtimeBuses(hal, rig));
    expect(device.starts).toEqual([ReadingStatus.NoDevice, ReadingStatus.NoDevice, ReadingStatus.NoDevice]);
    // The BME280 never got its calibration, so its reads are incomplete; the others find no device.
    expect(device.statuses.slice(0, 6)).toEqual([
      ReadingStatus.Incomplete,
      ReadingStatus.Incomplete,
      ReadingStatus.Incomplete,
      ReadingStatus.NoDevice,
      ReadingStatus.NoDevice,
      ReadingStatus.NoDevice,
    ]);
    expect(device.values.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("finds the DS18B20 by Search ROM and reads it by its ROM code", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    const buses = runtimeBuses(hal, rig);
    const store = hal.platform.newBytes(16);
    expect(buses.oneWire.search(store, 0, 2)).toBe(1);
    expect(Array.from(store.slice(0, 8))).toEqual(Array.from(rig.romCode));
    const sensor = hal.newDs18b20(hal.platform, buses.oneWire);
    expect(hal.ds18b20SetRom(sensor, store, 0)).toBe(true);
    const reading = hal.newReading();
    expect(hal.ds18b20Start(sensor)).toBe(ReadingStatus.Ok);
    expect(hal.ds18b20Read(sensor, reading)).toBe(ReadingStatus.Ok);
    expect(reading.value).toBe(2000);
  });

  it("stops a closed bus: NACKs on I2C, no presence on 1-Wire, -1 from the ADC", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    const buses = runtimeBuses(hal, rig);
    buses.i2c.close();
    buses.oneWire.close();
    buses.adc.close();
    expect(buses.i2c.readRegisters(0x76, 0xd0, hal.platform.newBytes(1), 0, 1)).toBe(-1);
    expect(buses.oneWire.reset()).toBe(false);
    expect(buses.adc.read()).toBe(-1);
  });

  it("reads a DHT22 through digitalPulse and setWatch", async () => {
    const rig = busRig();
    rig.setAir(-7.3, 61.4, 101325, 0);
    const { hal } = boot(rig);
    const pin = hal.newGpio({ pin: DHT22_PIN, mode: PinMode.InputPullUp });
    const sensor = hal.newDht22(pin);
    expect(hal.dht22Start(sensor)).toBe(true);
    expect(hal.dht22Start(sensor)).toBe(false);
    await waitFor("the DHT22 reply", () => pin.capturedPulses() >= 83);
    const temperature = hal.newReading();
    const humidity = hal.newReading();
    expect(hal.dht22Read(sensor, temperature, humidity)).toBe(ReadingStatus.Ok);
    expect([temperature.value, humidity.value]).toEqual([-73, 614]);
    expect(hal.dht22Start(sensor)).toBe(true);
  });

  it("gives a DHT22 that does not answer a no-device reading", async () => {
    const rig = busRig();
    const dht22 = new VirtualDht22Pin(rig.environment);
    dht22.present = false;
    const { hal } = boot(rig, dht22);
    const sensor = hal.newDht22(hal.newGpio({ pin: DHT22_PIN, mode: PinMode.InputPullUp }));
    expect(hal.dht22Start(sensor)).toBe(true);
    await waitFor("the capture window to close", () => hal.dht22Start(sensor));
    const temperature = hal.newReading();
    expect(hal.dht22Read(sensor, temperature, hal.newReading())).toBe(ReadingStatus.NoDevice);
  });

  it("drives and reads a plain pin", () => {
    const rig = busRig();
    const { hal } = boot(rig);
    const pin = hal.newGpio({ pin: DHT22_PIN, mode: PinMode.Output });
    pin.write(0);
    expect(pin.read()).toBe(0);
    pin.mode(PinMode.InputPullUp);
    expect(pin.read()).toBe(1);
  });
});

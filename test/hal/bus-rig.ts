/**
 * The virtual devices the bus HAL tests wire to each runtime's emulated buses — a BME280 (0x76)
 * and an SHT3x (0x44) on I2C, a DS18B20 on 1-Wire, an analog input — the reading cycle the tests
 * run through the drivers (the same on Node and in a runtime's bundle), and how close a reading
 * must come to the virtual air.
 */
import { expect } from "vitest";
import type { Platform } from "../../hal/api";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { VirtualI2cBus } from "../../hal/sim/devices/i2c-bus";
import { VirtualOneWireBus } from "../../hal/sim/devices/onewire-bus";
import { VirtualAdc } from "../../hal/sim/devices/adc";
import { VirtualBme280 } from "../../hal/sim/devices/bme280";
import { VirtualSht3x } from "../../hal/sim/devices/sht3x";
import { VirtualDs18b20, ds18b20Rom } from "../../hal/sim/devices/ds18b20";
import { Unit } from "../../hal/drivers/reading";
import * as reading from "../../hal/drivers/reading";
import * as bme280 from "../../hal/drivers/bme280";
import * as sht3x from "../../hal/drivers/sht3x";
import * as ds18b20 from "../../hal/drivers/ds18b20";
import * as analog from "../../hal/drivers/analog";

/** The readings of one cycle, in order: BME280 T, RH, P; SHT3x T, RH; DS18B20 T; analog mV. */
export interface CycleReadings {
  values: number[];
  statuses: number[];
  /** What each start returned: BME280, SHT3x, DS18B20. */
  starts: number[];
}

/** The buses a cycle reads through (the runtime's own, or the virtual ones on Node). */
export interface CycleBuses {
  i2c: unknown;
  oneWire: unknown;
  adc: unknown;
}

/** The virtual devices and their buses. */
export interface BusRig {
  environment: Environment;
  i2c: VirtualI2cBus;
  oneWire: VirtualOneWireBus;
  oneWirePin: number;
  adc: VirtualAdc;
  adcPin: number;
  romCode: Uint8Array;
  bme280: VirtualBme280;
  sht3x: VirtualSht3x;
  ds18b20: VirtualDs18b20;
  /** Sets the air and the analog input's raw count. */
  setAir(celsius: number, humidityPercent: number, pascal: number, raw: number): void;
  /** Takes every device off its bus (I2C detached, the DS18B20 silent). */
  removeAll(): void;
  /** Asserts that `cycle` reads the rig's air within each sensor's resolution. */
  expectNearEnvironment(cycle: CycleReadings): void;
}

/** The analog input's calibration: 0..4095 counts for 0..3300 mV. */
export const MILLIVOLTS = { rawLow: 0, valueLow: 0, rawHigh: 4095, valueHigh: 3300, decimals: 3, unit: Unit.Volt, minimum: 0, maximum: 3300 };

/** Makes the rig at 20 degrees, 50 %RH, 101325 Pa, with the analog input at 2048 counts. */
export function busRig(): BusRig {
  const environment = newEnvironment();
  const i2c = new VirtualI2cBus();
  const bme = new VirtualBme280(environment);
  const sht = new VirtualSht3x(environment);
  i2c.attach(bme280.BME280_ADDRESS, bme);
  i2c.attach(sht3x.SHT3X_ADDRESS, sht);
  const oneWire = new VirtualOneWireBus();
  const romCode = ds18b20Rom(0x1234);
  const ds = new VirtualDs18b20(romCode, environment);
  oneWire.attach(ds);
  const adc = new VirtualAdc();
  adc.raw = 2048;
  return {
    environment,
    i2c,
    oneWire,
    oneWirePin: 4,
    adc,
    adcPin: 6,
    romCode,
    bme280: bme,
    sht3x: sht,
    ds18b20: ds,
    setAir(celsius, humidityPercent, pascal, raw) {
      Object.assign(environment, { celsius, humidityPercent, pascal });
      adc.raw = raw;
    },
    removeAll() {
      i2c.detach(bme280.BME280_ADDRESS);
      i2c.detach(sht3x.SHT3X_ADDRESS);
      ds.present = false;
    },
    expectNearEnvironment(cycle) {
      const [bmeT, bmeH, bmeP, shtT, shtH, dsT, millivolts] = cycle.values;
      expect(Math.abs(bmeT / 100 - environment.celsius)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(bmeH / 100 - environment.humidityPercent)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(bmeP - environment.pascal)).toBeLessThanOrEqual(8);
      expect(Math.abs(shtT / 100 - environment.celsius)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(shtH / 100 - environment.humidityPercent)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(dsT / 100 - environment.celsius)).toBeLessThanOrEqual(1 / 16);
      expect(millivolts).toBe(Math.round((adc.raw * 3300) / 4095));
    },
  };
}

/** The driver functions a cycle calls: the Node modules, or a runtime bundle's exports. */
export type Drivers = Record<string, any>;

/** Runs one cycle of every driver over `buses` with `platform` and returns the readings. */
export function readThrough(drivers: Drivers, platform: Platform, buses: CycleBuses): CycleReadings {
  const readings = Array.from({ length: 7 }, () => drivers.newReading());
  const bme = drivers.newBme280(platform, buses.i2c, bme280.BME280_ADDRESS);
  const starts = [drivers.bme280Start(bme)];
  drivers.bme280Read(bme, readings[0], readings[1], readings[2]);
  const sht = drivers.newSht3x(platform, buses.i2c, sht3x.SHT3X_ADDRESS);
  starts.push(drivers.sht3xStart(sht));
  drivers.sht3xRead(sht, readings[3], readings[4]);
  const ds = drivers.newDs18b20(platform, buses.oneWire);
  starts.push(drivers.ds18b20Start(ds));
  drivers.ds18b20Read(ds, readings[5]);
  drivers.analogRead(drivers.newAnalogInput(buses.adc, MILLIVOLTS), readings[6]);
  return { values: readings.map((one) => one.value), statuses: readings.map((one) => one.status), starts };
}

/** The cycle's readings on Node, straight over `rig`'s virtual buses. */
export function nodeReadings(rig: BusRig): CycleReadings {
  const drivers = { ...reading, ...bme280, ...sht3x, ...ds18b20, ...analog };
  return readThrough(drivers, nodePlatform, { i2c: rig.i2c, oneWire: rig.oneWire, adc: rig.adc });
}

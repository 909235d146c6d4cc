/**
 * The BME280 driver against the virtual chip on the virtual I2C bus: register dumps give Bosch's
 * numbers, environments round-trip through raw counts, and a silent or wrong chip gives error
 * readings, never numbers.
 */
import { describe, it, expect, beforeEach } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { VirtualI2cBus } from "../../hal/sim/devices/i2c-bus";
import { VirtualBme280, EXAMPLE_CALIBRATION } from "../../hal/sim/devices/bme280";
import { newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { fineTemperature, humidityPercent, pressurePascal, temperatureCelsius } from "../../hal/sim/devices/bme280-physics";
import { BME280_ADDRESS, bme280Calibrate, bme280Read, bme280Start, newBme280 } from "../../hal/drivers/bme280";
import type { Bme280 } from "../../hal/drivers/bme280";
import { compensateHumidity, compensatePressure, compensateTemperature, newBme280Calibration } from "../../hal/drivers/bme280-compensation";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";
import { BOSCH_VECTORS } from "./bosch-vectors";

/**
 * Registers 0x88..0xA1 and 0xE1..0xE7 holding `EXAMPLE_CALIBRATION`, little-endian as the chip
 * stores them (datasheet table 16), and a measurement 0xF7..0xFE of the worked example
 * (adcP 415148 = 0x655AC, adcT 519888 = 0x7EED0, adcH 30000 = 0x7530).
 */
const CALIBRATION_DUMP_LOW = [
  0x70, 0x6b, 0x43, 0x67, 0x18, 0xfc, 0x7d, 0x8e, 0x43, 0xd6, 0xd0, 0x0b, 0x27, 0x0b, 0x8c, 0x00,
  0xf9, 0xff, 0x8c, 0x3c, 0xf8, 0xc6, 0x70, 0x17, 0x00, 0x4b,
];
const CALIBRATION_DUMP_HIGH = [0x6a, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1e];
const MEASUREMENT_DUMP = [0x65, 0x5a, 0xc0, 0x7e, 0xed, 0x00, 0x75, 0x30];

/**
 * How far the datasheet's 32-bit integer formulas land from its floating-point ones, over the
 * operating range with the example calibration (the integers match Bosch's C exactly, above):
 * temperature within its 0.01-degree step; humidity within 0.02 %RH (its Q22.10 result rounded
 * to hundredths); pressure within 8 Pa (the 32-bit pressure formula drops low bits of its
 * intermediate terms — 3 Pa on the worked example — against a stated absolute accuracy of ±100 Pa).
 */
const CELSIUS_TOLERANCE = 0.01;
const PERCENT_TOLERANCE = 0.02;
const PASCAL_TOLERANCE = 8;

describe("BME280 compensation", () => {
  it.each(BOSCH_VECTORS)("raw %i / %i / %i gives what Bosch's 32-bit C gives", (adcT, adcP, adcH, centi, pascal, humidity) => {
    const calibration = Object.assign(newBme280Calibration(), EXAMPLE_CALIBRATION);
    expect(compensateTemperature(calibration, adcT)).toBe(centi);
    expect(compensatePressure(calibration, adcP)).toBe(pascal);
    expect(compensateHumidity(calibration, adcH)).toBe(humidity);
  });
});

describe("BME280 driver over the virtual I2C bus", () => {
  let environment: Environment;
  let bus: VirtualI2cBus;
  let chip: VirtualBme280;
  let sensor: Bme280;
  const temperature = newReading();
  const humidity = newReading();
  const pressure = newReading();

  beforeEach(() => {
    environment = newEnvironment();
    bus = new VirtualI2cBus();
    chip = new VirtualBme280(environment);
    bus.attach(BME280_ADDRESS, chip);
    sensor = newBme280(nodePlatform, bus, BME280_ADDRESS);
  });

  const measure = (): ReadingStatus => {
    const started = bme280Start(sensor);
    return started === ReadingStatus.Ok ? bme280Read(sensor, temperature, humidity, pressure) : started;
  };

  it("a register dump of the datasheet's worked example reads 25.08 degrees and the float formulas' pressure and humidity", () => {
    chip.loadRegisters(0x88, CALIBRATION_DUMP_LOW);
    chip.loadRegisters(0xe1, CALIBRATION_DUMP_HIGH);
    expect(bme280Calibrate(sensor)).toBe(ReadingStatus.Ok);
    chip.loadRegisters(0xf7, MEASUREMENT_DUMP);
    expect(bme280Read(sensor, temperature, humidity, pressure)).toBe(ReadingStatus.Ok);
    const fine = fineTemperature(EXAMPLE_CALIBRATION, 519888);
    expect(temperature).toEqual({ value: 2508, decimals: 2, unit: Unit.Celsius, status: ReadingStatus.Ok });
    expect(Math.abs(temperature.value / 100 - temperatureCelsius(EXAMPLE_CALIBRATION, 519888))).toBeLessThanOrEqual(CELSIUS_TOLERANCE);
    expect(pressure).toMatchObject({ decimals: 0, unit: Unit.Pascal, status: ReadingStatus.Ok });
    expect(Math.abs(pressure.value - pressurePascal(EXAMPLE_CALIBRATION, fine, 415148))).toBeLessThanOrEqual(PASCAL_TOLERANCE);
    expect(humidity).toMatchObject({ decimals: 2, unit: Unit.RelativeHumidity, status: ReadingStatus.Ok });
    expect(Math.abs(humidity.value / 100 - humidityPercent(EXAMPLE_CALIBRATION, fine, 30000))).toBeLessThanOrEqual(PERCENT_TOLERANCE);
  });

  it("starts forced measurements at oversampling x1: ctrl_hum 0x01, then ctrl_meas 0x25 (back to sleep after)", () => {
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(chip.measurements).toBe(1);
    expect(chip.registers[0xf2]).toBe(0x01);
    expect(chip.registers[0xf4]).toBe(0x24);
  });

  it("round-trips any environment in the operating range through raw counts", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -39.9, max: 84.9, noNaN: true }),
        fc.double({ min: 0.5, max: 99.5, noNaN: true }),
        fc.double({ min: 30100, max: 109900, noNaN: true }),
        (celsius, percent, pascal) => {
          environment.celsius = celsius;
          environment.humidityPercent = percent;
          environment.pascal = pascal;
          expect(measure()).toBe(ReadingStatus.Ok);
          expect(Math.abs(temperature.value / 100 - celsius)).toBeLessThanOrEqual(CELSIUS_TOLERANCE);
          expect(humidity.status).toBe(ReadingStatus.Ok);
          expect(Math.abs(humidity.value / 100 - percent)).toBeLessThanOrEqual(PERCENT_TOLERANCE);
          expect(pressure.status).toBe(ReadingStatus.Ok);
          expect(Math.abs(pressure.value - pascal)).toBeLessThanOrEqual(PASCAL_TOLERANCE);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a missing chip gives NoDevice readings", () => {
    chip.present = false;
    expect(measure()).toBe(ReadingStatus.NoDevice);
    expect(bme280Read(sensor, temperature, humidity, pressure)).toBe(ReadingStatus.Incomplete);
    chip.present = true;
    expect(measure()).toBe(ReadingStatus.Ok);
    bus.detach(BME280_ADDRESS);
    expect(bme280Read(sensor, temperature, humidity, pressure)).toBe(ReadingStatus.NoDevice);
    for (const reading of [temperature, humidity, pressure]) {
      expect(reading).toMatchObject({ value: 0, status: ReadingStatus.NoDevice });
    }
  });

  it("a BMP280 (chip id 0x58) is refused as WrongDevice", () => {
    bus.attach(BME280_ADDRESS, new VirtualBme280(environment, { chipId: 0x58 }));
    expect(measure()).toBe(ReadingStatus.WrongDevice);
  });

  it("registers still at their reset value (no measurement yet) read as Incomplete", () => {
    expect(bme280Calibrate(sensor)).toBe(ReadingStatus.Ok);
    expect(bme280Read(sensor, temperature, humidity, pressure)).toBe(ReadingStatus.Incomplete);
    expect(pressure.status).toBe(ReadingStatus.Incomplete);
  });

  it("temperatures and pressures outside the operating range are OutOfRange, not numbers", () => {
    environment.celsius = 90;
    expect(measure()).toBe(ReadingStatus.OutOfRange);
    expect(temperature.value).toBe(0);
    expect(pressure.status).toBe(ReadingStatus.OutOfRange);
    environment.celsius = 20;
    environment.pascal = 25000;
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(pressure).toMatchObject({ value: 0, status: ReadingStatus.OutOfRange });
  });
});

/**
 * A sensor reading cycle as an allocation workload: every driver reads its virtual device once
 * per iteration — BME280 and SHT3x on a virtual I2C bus, a DS18B20 on a virtual 1-Wire bus, a
 * DHT22 from its pulse train, an analog input and the chip temperature — while the environment
 * follows its waveform, so each reading differs. Everything is made in `newWorkload`;
 * `runWorkload` must not allocate (neither the drivers nor the virtual devices do per reading).
 * Node only: the virtual devices are Node code.
 */
import type { Platform } from "../../hal/api";
import { VirtualI2cBus } from "../../hal/sim/devices/i2c-bus";
import { VirtualBme280 } from "../../hal/sim/devices/bme280";
import { VirtualSht3x } from "../../hal/sim/devices/sht3x";
import { VirtualOneWireBus } from "../../hal/sim/devices/onewire-bus";
import { VirtualDs18b20, ds18b20Rom } from "../../hal/sim/devices/ds18b20";
import { VirtualDht22Pin } from "../../hal/sim/devices/dht22";
import { VirtualAdc } from "../../hal/sim/devices/adc";
import { followWaveform, newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { BME280_ADDRESS, bme280Read, bme280Start, newBme280 } from "../../hal/drivers/bme280";
import type { Bme280 } from "../../hal/drivers/bme280";
import { SHT3X_ADDRESS, newSht3x, sht3xRead, sht3xStart } from "../../hal/drivers/sht3x";
import type { Sht3x } from "../../hal/drivers/sht3x";
import { ds18b20Read, ds18b20Start, newDs18b20 } from "../../hal/drivers/ds18b20";
import type { Ds18b20 } from "../../hal/drivers/ds18b20";
import { dht22Read, dht22Start, newDht22 } from "../../hal/drivers/dht22";
import type { Dht22 } from "../../hal/drivers/dht22";
import { analogRead, newAnalogInput } from "../../hal/drivers/analog";
import type { AnalogInput } from "../../hal/drivers/analog";
import { newChipTemperature } from "../../hal/drivers/chip-temperature";
import { ReadingStatus, Unit, newReading } from "../../hal/drivers/reading";
import type { Reading } from "../../hal/drivers/reading";

/** Readings per iteration: BME280 3, SHT3x 2, DS18B20 1, DHT22 2, analog 1, chip 1. */
const READINGS_PER_CYCLE = 10;

/** Everything the workload touches, made once. */
export interface DriverWorkload {
  environment: Environment;
  bme280: Bme280;
  sht3x: Sht3x;
  ds18b20: Ds18b20;
  dht22: Dht22;
  analog: AnalogInput;
  chip: AnalogInput;
  readings: Reading[];
}

/** Makes the devices, buses, drivers and readings (`version` is the meter's, unused here). */
export function newWorkload(platform: Platform, _version: number): DriverWorkload {
  const environment = newEnvironment();
  const i2c = new VirtualI2cBus();
  i2c.attach(BME280_ADDRESS, new VirtualBme280(environment));
  i2c.attach(SHT3X_ADDRESS, new VirtualSht3x(environment));
  const oneWire = new VirtualOneWireBus();
  oneWire.attach(new VirtualDs18b20(ds18b20Rom(0x1234), environment));
  const adc = new VirtualAdc();
  adc.waveform = true;
  const chipSensor = new VirtualAdc(255);
  chipSensor.raw = 110;
  const readings: Reading[] = [];
  for (let index = 0; index < READINGS_PER_CYCLE; index++) {
    readings.push(newReading());
  }
  return {
    environment,
    bme280: newBme280(platform, i2c, BME280_ADDRESS),
    sht3x: newSht3x(platform, i2c, SHT3X_ADDRESS),
    ds18b20: newDs18b20(platform, oneWire),
    dht22: newDht22(new VirtualDht22Pin(environment)),
    analog: newAnalogInput(adc, { rawLow: 0, valueLow: 0, rawHigh: 4095, valueHigh: 3300, decimals: 3, unit: Unit.Volt, minimum: 0, maximum: 3300 }),
    chip: newChipTemperature(chipSensor),
    readings,
  };
}

/** Runs `count` reading cycles and returns how many readings came out `Ok`. */
export function runWorkload(workload: DriverWorkload, count: number): number {
  const r = workload.readings;
  let good = 0;
  for (let cycle = 0; cycle < count; cycle++) {
    followWaveform(workload.environment, cycle);
    bme280Start(workload.bme280);
    bme280Read(workload.bme280, r[0], r[1], r[2]);
    sht3xStart(workload.sht3x);
    sht3xRead(workload.sht3x, r[3], r[4]);
    ds18b20Start(workload.ds18b20);
    ds18b20Read(workload.ds18b20, r[5]);
    dht22Start(workload.dht22);
    dht22Read(workload.dht22, r[6], r[7]);
    analogRead(workload.analog, r[8]);
    analogRead(workload.chip, r[9]);
    for (let index = 0; index < READINGS_PER_CYCLE; index++) {
      if (r[index].status === ReadingStatus.Ok) {
        good++;
      }
    }
  }
  return good;
}

/** Every reading of every cycle is good. */
export function expectedPackets(_workload: DriverWorkload, count: number): number {
  return count * READINGS_PER_CYCLE;
}

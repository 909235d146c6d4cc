/**
 * A sensor reading cycle as an allocation workload: every driver reads its virtual device once
 * per iteration — BME280 and SHT3x on a virtual I2C bus, a DS18B20 on a virtual 1-Wire bus, a
 * DHT22 from its pulse train, an analog input on a triangle wave — while the environment follows
 * its waveform, so each reading differs. Everything is made in `newWorkload`; `runWorkload` must
 * not allocate (neither the drivers nor the virtual devices do per reading). Node only: the
 * virtual devices are Node code (driver-replay-workload.ts is the same cycle for Lua).
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
import { BME280_ADDRESS, newBme280 } from "../../hal/drivers/bme280";
import { SHT3X_ADDRESS, newSht3x } from "../../hal/drivers/sht3x";
import { newDs18b20 } from "../../hal/drivers/ds18b20";
import { newDht22 } from "../../hal/drivers/dht22";
import { newAnalogInput } from "../../hal/drivers/analog";
import { MILLIVOLTS, newReadings, readCycle } from "./driver-replay-workload";
import type { DriverSet } from "./driver-replay-workload";

export { expectedPackets } from "./driver-replay-workload";

/** Everything the workload touches, made once. */
export interface DriverWorkload extends DriverSet {
  environment: Environment;
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
  return {
    environment,
    bme280: newBme280(platform, i2c, BME280_ADDRESS),
    sht3x: newSht3x(platform, i2c, SHT3X_ADDRESS),
    ds18b20: newDs18b20(platform, oneWire),
    dht22: newDht22(new VirtualDht22Pin(environment)),
    analog: newAnalogInput(adc, MILLIVOLTS),
    readings: newReadings(),
  };
}

/** Runs `count` reading cycles, the environment one waveform step further each; returns how many readings came out `Ok`. */
export function runWorkload(workload: DriverWorkload, count: number): number {
  let good = 0;
  for (let cycle = 0; cycle < count; cycle++) {
    followWaveform(workload.environment, cycle);
    good += readCycle(workload);
  }
  return good;
}

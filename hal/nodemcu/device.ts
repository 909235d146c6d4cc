import type { Adc, AdcOptions } from "../api";
import type { DeviceHal } from "../device-hal";
import { chipIdFromText } from "../chip-id";
import { nodemcuPlatform } from "./platform";
import { newNodemcuSocket } from "./socket";
import { newNodemcuLink } from "./link";
import { newNodemcuStorage } from "./storage";
import { newNodemcuSerial } from "./serial";
import { newNodemcuI2c } from "./i2c-bus";
import { newNodemcuOneWire } from "./onewire-bus";
import { newNodemcuAdc } from "./adc-input";
import { newNodemcuGpio } from "./gpio-pin";

/**
 * The DeviceHal for NodeMCU on ESP32 (`dev-esp32`): the HAL pieces of this folder, plus the chip's
 * identity from its MAC address (`wifi.sta.getmac()`), a restart with `node.restart()`, and timers from `tmr`. Analog
 * inputs are named by GPIO in board files and by ADC1 channel in NodeMCU's `adc`: the map is the
 * ESP32's (GPIO36..39 are channels 0..3, GPIO32..35 channels 4..7). NodeMCU has no way to read
 * the chip's internal temperature sensor, so `newChipTemperature` gives none.
 */

/** ADC1 channel by GPIO: index GPIO - 32 (GPIO32..39). */
const ADC1_CHANNELS = [4, 5, 6, 7, 0, 1, 2, 3];
const FIRST_ADC1_GPIO = 32;

/** The ADC1 input on GPIO `options.pin`. */
function newAdc(this: void, options: AdcOptions): Adc {
  return newNodemcuAdc({ pin: ADC1_CHANNELS[options.pin - FIRST_ADC1_GPIO] });
}

/**
 * The chip id from the station's MAC address (see chipIdFromText), as Espruino's `getSerial()`
 * gives it: the same board has the same device id on both firmwares. (`node.chipid()` on ESP32
 * leaves the MAC's last byte out.)
 */
function chipId(this: void): number {
  return chipIdFromText(nodemcuPlatform, wifi.sta.getmac());
}

/** Makes the DeviceHal (see the module comment). Allocates: call once at boot. */
export function newNodemcuDevice(): DeviceHal {
  return {
    runtime: "nodemcu",
    platform: nodemcuPlatform,
    newSocket: () => newNodemcuSocket(),
    newLink: (events, hostname) => newNodemcuLink({ onUp: events.onUp, onDown: events.onDown, hostname: hostname }),
    storage: newNodemcuStorage(),
    newSerial: (events) => newNodemcuSerial(events),
    newI2c: newNodemcuI2c,
    newOneWire: newNodemcuOneWire,
    newAdc: newAdc,
    newGpio: newNodemcuGpio,
    newChipTemperature: () => undefined,
    chipId: chipId,
    every(this: void, periodMs: number, tick: (this: void) => void): void {
      tmr.create().alarm(periodMs, tmr.ALARM_AUTO, () => tick());
    },
    after(this: void, delayMs: number, action: (this: void) => void): void {
      tmr.create().alarm(delayMs, tmr.ALARM_SINGLE, () => action());
    },
    reboot(this: void): void {
      node.restart();
    },
  };
}

import type { Adc } from "../api";
import type { DeviceHal } from "../device-hal";
import { chipIdFromText } from "../chip-id";
import { espruinoPlatform } from "./platform";
import { newEspruinoSocket } from "./socket";
import { newEspruinoLink } from "./link";
import { newEspruinoStorage } from "./storage";
import { newEspruinoSerial } from "./serial";
import { newEspruinoI2c } from "./i2c-bus";
import { newEspruinoOneWire } from "./onewire-bus";
import { newEspruinoAdc } from "./adc-input";
import { newEspruinoGpio } from "./gpio-pin";

/**
 * The DeviceHal for Espruino on ESP32: the HAL pieces of this folder, plus the chip's identity
 * from `getSerial()` (its MAC address in hex; see chipIdFromText), its temperature
 * from `E.getTemperature()` and a restart with `E.reboot()`. The tick is one `setInterval`.
 */

/** The chip id from the serial (see chipIdFromText). */
function chipId(this: void): number {
  return chipIdFromText(espruinoPlatform, getSerial());
}

/** The internal temperature sensor as whole degrees Fahrenheit (what the chip-temperature driver reads), or -1 when the firmware cannot read it. */
function newChipTemperature(this: void): Adc | undefined {
  let open = true;
  return {
    maximum: 255,
    read(this: unknown): number {
      const celsius = open ? E.getTemperature() : NaN;
      return celsius === celsius ? Math.round((celsius * 9) / 5 + 32) : -1;
    },
    close(this: unknown): void {
      open = false;
    },
  };
}

/** Makes the DeviceHal (see the module comment). Allocates: call once at boot. */
export function newEspruinoDevice(): DeviceHal {
  return {
    runtime: "espruino",
    platform: espruinoPlatform,
    newSocket: () => newEspruinoSocket(),
    newLink: (events, hostname) => newEspruinoLink({ onUp: events.onUp, onDown: events.onDown, hostname: hostname }),
    storage: newEspruinoStorage(),
    newSerial: (events) => newEspruinoSerial({ onData: events.onData }),
    newI2c: newEspruinoI2c,
    newOneWire: newEspruinoOneWire,
    newAdc: newEspruinoAdc,
    newGpio: newEspruinoGpio,
    newChipTemperature: newChipTemperature,
    chipId: chipId,
    every(this: void, periodMs: number, tick: (this: void) => void): void {
      setInterval(tick, periodMs);
    },
    after(this: void, delayMs: number, action: (this: void) => void): void {
      setTimeout(action, delayMs);
    },
    reboot(this: void): void {
      E.reboot();
    },
  };
}

/**
 * The quantities the telemetry layer knows by name: the unit a reading of each is published in,
 * and its Home Assistant sensor device class. A sensor spec may name others (with its own unit).
 */
import type { QuantitySpec } from "./sensor-spec";

/**
 * Known quantity names, with their unit and device class at the same index. Units are UTF-8 bytes,
 * not text: a bundle keeps "°" as an escape, which Espruino (no Unicode) reads as one byte 0xb0.
 */
const QUANTITY_NAMES = ["temperature", "humidity", "pressure", "voltage", "current", "illuminance", "battery"];
const QUANTITY_UNITS = [[0xc2, 0xb0, 0x43], [0x25], [0x68, 0x50, 0x61], [0x56], [0x41], [0x6c, 0x78], [0x25]];
const QUANTITY_DEVICE_CLASSES = ["temperature", "humidity", "pressure", "voltage", "current", "illuminance", "battery"];

/** The index of a known quantity name, or -1. */
function knownQuantity(name: string): number {
  for (let index = 0; index < QUANTITY_NAMES.length; index++) {
    if (QUANTITY_NAMES[index] === name) {
      return index;
    }
  }
  return -1;
}

/**
 * The UTF-8 bytes of the unit the known table gives a quantity named `name` ("°C" for
 * temperature), or an empty list for a name it does not know.
 */
export function knownQuantityUnit(name: string): number[] {
  const known = knownQuantity(name);
  return known < 0 ? [] : QUANTITY_UNITS[known];
}

/** The Home Assistant device class of `quantity`: its own, else the known table's, else "" (none). */
export function quantityDeviceClass(quantity: QuantitySpec): string {
  if (quantity.deviceClass !== undefined) {
    return quantity.deviceClass;
  }
  const known = knownQuantity(quantity.name);
  return known < 0 ? "" : QUANTITY_DEVICE_CLASSES[known];
}

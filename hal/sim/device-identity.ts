/**
 * A simulated ESP32's identity from one serial number: its station MAC (Espressif's OUI 24:0a:c4
 * and the serial in the last three bytes), Espruino's `getSerial()` and NodeMCU's `node.chipid()`
 * as each firmware derives them from that MAC.
 */
import { maximCrc } from "./devices/crc8";

/** The largest serial number (three MAC bytes). */
export const MOST_SERIAL_NUMBER = 0xffffff;

/** The six MAC bytes of the device with `serialNumber` (0..0xFFFFFF; throws outside it). */
export function macOf(serialNumber: number): Uint8Array {
  if (!Number.isInteger(serialNumber) || serialNumber < 0 || serialNumber > MOST_SERIAL_NUMBER) {
    throw new Error(`serial number ${serialNumber}: an integer from 0 to ${MOST_SERIAL_NUMBER} (the MAC's last three bytes)`);
  }
  return Uint8Array.of(0x24, 0x0a, 0xc4, serialNumber >> 16, (serialNumber >> 8) & 0xff, serialNumber & 0xff);
}

/** Espruino's `getSerial()` on ESP32: the station MAC as 12 lowercase hex digits. */
export function espruinoSerialOf(serialNumber: number): string {
  return Buffer.from(macOf(serialNumber)).toString("hex");
}

/**
 * NodeMCU's `node.chipid()` on ESP32 (`dev-esp32`, components/modules/node.c): a string "0x" and
 * lowercase hex, made as esptool makes a chip id from eFuse block 0 — the MAC CRC byte and the MAC's
 * first five bytes (its last byte dropped), i.e. ((word2 & 0xffffff) << 24) | ((word1 >> 8) & 0xffffff)
 * with word1 the MAC's low 32 bits and word2 its high 16 bits under the CRC-8 (Maxim) of the MAC.
 */
export function nodemcuChipIdOf(serialNumber: number): string {
  const mac = macOf(serialNumber);
  const crc = maximCrc(mac, 0, 6);
  const digits = [crc, mac[0], mac[1], mac[2], mac[3], mac[4]].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `0x${digits.replace(/^0+(?=.)/, "")}`;
}

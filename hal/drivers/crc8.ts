/**
 * The two CRC-8 variants the sensors use, computed without bitwise operators (SUBSET.md rule 2):
 * Sensirion's (polynomial 0x31, most significant bit first, initial 0xFF; SHT3x datasheet 4.12)
 * and Maxim's 1-Wire CRC (polynomial 0x31 reflected, so 0x8C least significant bit first, initial
 * 0; DS18B20 datasheet, "CRC generation"). Each has a 256-entry table built once when the module
 * loads, so a byte costs one table look-up and one exclusive-or of two bytes.
 * @hotpath-module
 */
import type { Bytes } from "../../src/bytes/bytes";
import { floorDivide } from "./fixed-point";

/**
 * Exclusive-or of two bytes, bit by bit with arithmetic. (On Lua 5.3 the halved operands are
 * floats, exact below 256 at any precision; the result is a sum of integers.) Never allocates.
 */
export function xorByte(left: number, right: number): number {
  let result = 0;
  let weight = 1;
  let a = left;
  let b = right;
  for (let bit = 0; bit < 8; bit++) {
    const aBit = a % 2;
    const bBit = b % 2;
    if (aBit !== bBit) {
      result = result + weight;
    }
    a = (a - aBit) / 2;
    b = (b - bBit) / 2;
    weight = weight * 2;
  }
  return result;
}

/** The CRC of the one byte `index` through eight rounds of `polynomial`, most significant bit first. */
function msbFirstEntry(index: number, polynomial: number): number {
  let crc = index;
  for (let bit = 0; bit < 8; bit++) {
    crc = crc >= 128 ? xorByte(crc * 2 - 256, polynomial) : crc * 2;
  }
  return crc;
}

/** The CRC of the one byte `index` through eight rounds of the reflected `polynomial`. */
function lsbFirstEntry(index: number, polynomial: number): number {
  let crc = index;
  for (let bit = 0; bit < 8; bit++) {
    const low = crc % 2;
    crc = floorDivide(crc, 2);
    if (low === 1) {
      crc = xorByte(crc, polynomial);
    }
  }
  return crc;
}

/** The table for a polynomial in one bit order. Allocates: runs when the module loads. */
function crcTable(polynomial: number, lsbFirst: boolean): number[] {
  const table: number[] = [];
  for (let index = 0; index < 256; index++) {
    table.push(lsbFirst ? lsbFirstEntry(index, polynomial) : msbFirstEntry(index, polynomial));
  }
  return table;
}

const SENSIRION_TABLE = crcTable(0x31, false);
const MAXIM_TABLE = crcTable(0x8c, true);

/** Sensirion's CRC-8 of `length` bytes of `store` at `offset` (0x92 for 0xBE 0xEF). Never allocates. */
export function crc8Sensirion(store: Bytes, offset: number, length: number): number {
  let crc = 0xff;
  for (let index = 0; index < length; index++) {
    crc = SENSIRION_TABLE[xorByte(crc, store[offset + index])];
  }
  return crc;
}

/**
 * Maxim's 1-Wire CRC-8 of `length` bytes of `store` at `offset`. Over a whole ROM code or
 * scratchpad, CRC byte included, it is 0 when the bytes are intact. Never allocates.
 */
export function crc8Maxim(store: Bytes, offset: number, length: number): number {
  let crc = 0;
  for (let index = 0; index < length; index++) {
    crc = MAXIM_TABLE[xorByte(crc, store[offset + index])];
  }
  return crc;
}

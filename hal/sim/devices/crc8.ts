/**
 * CRC-8 for the virtual devices, written bit by bit from the datasheets' definitions with
 * JavaScript's bitwise operators — a separate implementation from the drivers' table-driven,
 * arithmetic one, so each checks the other.
 */

/** Sensirion: polynomial x^8 + x^5 + x^4 + 1 (0x31), initial 0xFF, most significant bit first. */
export function sensirionCrc(bytes: ArrayLike<number>, offset: number, length: number): number {
  let crc = 0xff;
  for (let index = offset; index < offset + length; index++) {
    crc ^= bytes[index];
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x80 ? ((crc << 1) ^ 0x31) & 0xff : (crc << 1) & 0xff;
    }
  }
  return crc;
}

/** Maxim 1-Wire: the same polynomial reflected (0x8C), initial 0, least significant bit first. */
export function maximCrc(bytes: ArrayLike<number>, offset: number, length: number): number {
  let crc = 0;
  for (let index = offset; index < offset + length; index++) {
    let byte = bytes[index];
    for (let bit = 0; bit < 8; bit++) {
      const mix = (crc ^ byte) & 1;
      crc >>= 1;
      if (mix) {
        crc ^= 0x8c;
      }
      byte >>= 1;
    }
  }
  return crc;
}

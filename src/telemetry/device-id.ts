/**
 * The default device id: the chip id in lowercase hexadecimal, the way ESP boards print theirs.
 */
import type { Platform } from "../../hal/api";
import { writeHexByte } from "../bytes/ascii";

/** The fewest bytes the id shows: three (six digits), the size of an ESP8266 chip id. */
const MIN_ID_BYTES = 3;
/** A chip id is at most four bytes (within 2^31, as every integer here). */
const MAX_ID_BYTES = 4;

/**
 * The device id for `chipId` (an integer 0 .. 2^31 - 1, as NodeMCU's `node.chipid()` gives):
 * lowercase hexadecimal, two digits per byte, at least six digits ("00beef" for 0xbeef,
 * "1a2b3c4d" for 0x1a2b3c4d). Returns "" for a chip id out of that range. Allocates the string.
 */
export function deviceIdFromChipId(platform: Platform, chipId: number): string {
  if (!(chipId >= 0 && chipId <= 2147483647) || chipId % 1 !== 0) {
    return "";
  }
  const bytes = [0, 0, 0, 0];
  let rest = chipId;
  let count = 0;
  while (count < MIN_ID_BYTES || (rest > 0 && count < MAX_ID_BYTES)) {
    const low = rest % 256;
    bytes[count] = low;
    rest = (rest - low) / 256;
    count = count + 1;
  }
  const store = platform.newBytes(count * 2);
  for (let index = 0; index < count; index++) {
    writeHexByte(store, index * 2, bytes[count - 1 - index]);
  }
  return platform.readText(store, 0, count * 2);
}

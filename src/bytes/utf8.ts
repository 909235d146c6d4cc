import type { Bytes } from "./bytes";
import { Status } from "../mqtt/status";

/**
 * Checks that `length` bytes of `store` at `offset` are well-formed UTF-8 as MQTT requires
 * (RFC 3629: no overlong forms, no surrogates U+D800..U+DFFF, nothing above U+10FFFF) and hold no
 * U+0000. Returns Success, BadUtf8 or Utf8Null. Reads only inside the range; never allocates.
 * @hotpath
 */
export function validateUtf8(store: Bytes, offset: number, length: number): Status {
  const end = offset + length;
  let index = offset;
  while (index < end) {
    const lead = store[index];
    if (lead < 0x80) {
      if (lead === 0) {
        return Status.Utf8Null;
      }
      index = index + 1;
      continue;
    }
    let continuationCount = 0;
    let lowestSecond = 0x80;
    let highestSecond = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuationCount = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuationCount = 2;
      if (lead === 0xe0) {
        lowestSecond = 0xa0;
      } else if (lead === 0xed) {
        highestSecond = 0x9f;
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuationCount = 3;
      if (lead === 0xf0) {
        lowestSecond = 0x90;
      } else if (lead === 0xf4) {
        highestSecond = 0x8f;
      }
    } else {
      return Status.BadUtf8;
    }
    if (index + continuationCount >= end) {
      return Status.BadUtf8;
    }
    const second = store[index + 1];
    if (second < lowestSecond || second > highestSecond) {
      return Status.BadUtf8;
    }
    for (let k = 2; k <= continuationCount; k++) {
      const continuation = store[index + k];
      if (continuation < 0x80 || continuation > 0xbf) {
        return Status.BadUtf8;
      }
    }
    index = index + continuationCount + 1;
  }
  return Status.Success;
}

import {
  STORAGE_BAD_NAME,
  STORAGE_CORRUPT,
  STORAGE_NOT_FOUND,
  STORAGE_OK,
  STORAGE_TOO_BIG,
  STORAGE_WRITE_FAILED,
} from "../api";
import type { Storage } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import {
  BLOB_HEADER_SIZE,
  BLOB_MAX_LENGTH,
  blobChecksumAdd,
  blobChecksumMatches,
  blobChecksumOfHeader,
  blobGeneration,
  blobGenerationNewer,
  blobLength,
  fillBlobHeader,
  nextBlobGeneration,
} from "../blob-frame";

/**
 * The Storage for Espruino, over its `Storage` library (RUNTIMES.md, Espruino: `read`, `write`,
 * `erase`, `list`; src/jswrap_storage.c).
 *
 * Atomic replace: two slots and a generation counter. Espruino's `Storage.write` of an existing
 * name erases the old file and then writes the new one, so a power cut in between would lose
 * both. Each blob therefore lives in two files, `<name>~0` and `<name>~1`, each a copy with the
 * header of hal/blob-frame.ts (generation, length, checksum). `write` always writes the slot that
 * does not hold the newest good copy, with the next generation; `read` takes the good copy with
 * the newest generation. A write cut short leaves a slot that fails its checksum (or is missing)
 * and the other slot, untouched, still holds the last good copy. Names may hold up to 26
 * characters (Espruino's limit is 28), never `~`.
 *
 * Allocation: `Storage.read` gives the firmware's memory-mapped string (no RAM on the device),
 * read char by char; `write` makes one string of header and data (`E.toString`), as the library
 * takes strings, and each call names its slot files (`name + "~0"`). The header store is made
 * once, at creation.
 */

/** Espruino's longest file name (2v05 on) less the slot suffix. */
const MAX_NAME_LENGTH = 26;
const SLOT_SUFFIXES = ["~0", "~1"];
/** The character that marks a slot; refused in names. */
const SLOT_MARK = "~";

/** Loads the `Storage` library; the name arrives as a parameter so the bundler leaves the `require` alone. */
function loadStorage(name: "Storage"): EspruinoStorageModule {
  return require(name);
}

/** Makes the Espruino Storage (see the module comment). Throws when the firmware has no `Storage` library. */
export function newEspruinoStorage(): Storage {
  const flash = loadStorage("Storage");
  const header = new Uint8Array(BLOB_HEADER_SIZE);
  /** Per slot, after `inspect`: the data length of a good copy, or a STORAGE_* error. */
  const slotLength = [0, 0];
  const slotGeneration = [0, 0];

  function nameOk(name: string): boolean {
    return name.length > 0 && name.length <= MAX_NAME_LENGTH && name.indexOf(SLOT_MARK) < 0;
  }

  /** Checks slot `slot` of `name`: fills slotLength/slotGeneration. Returns the slot's text. */
  function inspect(name: string, slot: number): string | undefined {
    const text = flash.read(name + SLOT_SUFFIXES[slot]);
    if (text === undefined) {
      slotLength[slot] = STORAGE_NOT_FOUND;
      return undefined;
    }
    slotLength[slot] = STORAGE_CORRUPT;
    if (text.length < BLOB_HEADER_SIZE) return text;
    for (let index = 0; index < BLOB_HEADER_SIZE; index++) {
      header[index] = text.charCodeAt(index);
    }
    const length = blobLength(header, 0);
    if (length < 0 || text.length !== BLOB_HEADER_SIZE + length) return text;
    let state = blobChecksumOfHeader(header, 0);
    for (let index = 0; index < length; index++) {
      state = blobChecksumAdd(state, text.charCodeAt(BLOB_HEADER_SIZE + index));
    }
    if (!blobChecksumMatches(header, 0, state)) return text;
    slotLength[slot] = length;
    slotGeneration[slot] = blobGeneration(header, 0);
    return text;
  }

  /** After `inspect` of both slots: the slot with the newest good copy, or -1. */
  function newestSlot(): number {
    if (slotLength[0] >= 0 && slotLength[1] >= 0) {
      return blobGenerationNewer(slotGeneration[1], slotGeneration[0]) ? 1 : 0;
    }
    if (slotLength[0] >= 0) return 0;
    return slotLength[1] >= 0 ? 1 : -1;
  }

  function read(this: unknown, name: string, store: Bytes, offset: number, room: number): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    const first = inspect(name, 0);
    const second = inspect(name, 1);
    const slot = newestSlot();
    if (slot < 0) {
      return slotLength[0] === STORAGE_NOT_FOUND && slotLength[1] === STORAGE_NOT_FOUND ? STORAGE_NOT_FOUND : STORAGE_CORRUPT;
    }
    const text = (slot === 0 ? first : second) as string;
    const length = slotLength[slot];
    if (length > room) return STORAGE_TOO_BIG;
    for (let index = 0; index < length; index++) {
      store[offset + index] = text.charCodeAt(BLOB_HEADER_SIZE + index);
    }
    return length;
  }

  function write(this: unknown, name: string, store: Bytes, offset: number, length: number): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    if (length > BLOB_MAX_LENGTH) return STORAGE_WRITE_FAILED;
    inspect(name, 0);
    inspect(name, 1);
    const newest = newestSlot();
    const slot = newest === 0 ? 1 : 0;
    const generation = newest < 0 ? 0 : nextBlobGeneration(slotGeneration[newest]);
    fillBlobHeader(header, 0, generation, store, offset, length);
    let written = false;
    try {
      written = flash.write(name + SLOT_SUFFIXES[slot], E.toString(header, (store as Uint8Array).subarray(offset, offset + length)));
    } catch (error) {
      written = false;
    }
    return written ? STORAGE_OK : STORAGE_WRITE_FAILED;
  }

  function remove(this: unknown, name: string): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    flash.erase(name + SLOT_SUFFIXES[0]);
    flash.erase(name + SLOT_SUFFIXES[1]);
    return STORAGE_OK;
  }

  function has(this: unknown, name: string): boolean {
    if (!nameOk(name)) return false;
    return flash.read(name + SLOT_SUFFIXES[0]) !== undefined || flash.read(name + SLOT_SUFFIXES[1]) !== undefined;
  }

  function list(this: unknown, names: string[]): number {
    const files = flash.list();
    let count = 0;
    for (let index = 0; index < files.length; index++) {
      const file = files[index];
      const mark = file.length - 2;
      if (mark < 1 || file.charAt(mark) !== SLOT_MARK) continue;
      const name = file.substring(0, mark);
      let seen = false;
      for (let earlier = 0; earlier < count; earlier++) {
        if (names[earlier] === name) seen = true;
      }
      if (!seen) {
        names[count] = name;
        count = count + 1;
      }
    }
    return count;
  }

  return { read, write, remove, has, list };
}

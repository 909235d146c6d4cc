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
  blobLength,
  fillBlobHeader,
} from "../blob-frame";

/**
 * The Storage for NodeMCU, over its `file` module (RUNTIMES.md, NodeMCU: `file.open(name, mode)`
 * with `:read`, `:write`, `:close`; `file.exists`, `file.remove`, `file.rename`, `file.list`).
 * Each blob is one file holding the header of hal/blob-frame.ts (length, checksum) and the data.
 *
 * Atomic replace: write a temporary file, then rename. `write` writes `<name>~` whole and closes
 * it, removes `<name>`, and renames `<name>~` to `<name>` (SPIFFS will not rename onto an existing
 * name). A power cut while the temporary file is written leaves `<name>` as it was; one between
 * the remove and the rename leaves a complete `<name>~` and no `<name>`, which the next `read`,
 * `write` or `has` finds and finishes renaming (a `<name>~` that fails its check is removed
 * instead). Names may hold up to 30 characters (SPIFFS's 31 less the mark), never `~`.
 *
 * Allocation: the firmware's file API moves strings, so reading makes one string per READ_CHUNK
 * bytes and writing one per WRITE_CHUNK bytes (`string.char`), plus the names with the mark. The
 * header store is made once, at creation. Call the methods with `:` from Lua.
 */

/** SPIFFS's longest name (31) less the temporary mark. */
const MAX_NAME_LENGTH = 30;
const TEMPORARY_MARK = "~";
/** Bytes per `:read`. */
const READ_CHUNK = 128;
/** Bytes per `string.char` and `:write`: far below every Lua's C-stack limit. */
const WRITE_CHUNK = 128;

const unpackRange = table.unpack !== undefined ? table.unpack : unpack;

function nameOk(name: string): boolean {
  const length = string.len(name);
  if (length === 0 || length > MAX_NAME_LENGTH) return false;
  const [markAt] = string.find(name, TEMPORARY_MARK, 1, true);
  return markAt === undefined;
}

/** Makes the NodeMCU Storage (see the module comment). */
export function newNodemcuStorage(): Storage {
  const header: Bytes = {};
  for (let index = 0; index < BLOB_HEADER_SIZE; index++) {
    header[index] = 0;
  }

  /**
   * Reads the copy in file `fileName` into `store` at `offset` (`room` bytes at most, or none when
   * `room` is negative: only checks it). Returns its length or a STORAGE_* error.
   */
  function readCopy(fileName: string, store: Bytes, offset: number, room: number): number {
    const copy = file.open(fileName, "r");
    if (copy === undefined) return STORAGE_NOT_FOUND;
    const head = copy.read(BLOB_HEADER_SIZE);
    if (head === undefined || string.len(head) < BLOB_HEADER_SIZE) {
      copy.close();
      return STORAGE_CORRUPT;
    }
    for (let index = 0; index < BLOB_HEADER_SIZE; index++) {
      header[index] = string.byte(head, index + 1);
    }
    const length = blobLength(header, 0);
    if (length < 0) {
      copy.close();
      return STORAGE_CORRUPT;
    }
    if (room >= 0 && length > room) {
      copy.close();
      return STORAGE_TOO_BIG;
    }
    let state = blobChecksumOfHeader(header, 0);
    let at = 0;
    while (at < length) {
      const piece = copy.read(length - at < READ_CHUNK ? length - at : READ_CHUNK);
      if (piece === undefined) break;
      const count = string.len(piece);
      for (let index = 0; index < count; index++) {
        const byte = string.byte(piece, index + 1);
        state = blobChecksumAdd(state, byte);
        if (room >= 0) store[offset + at + index] = byte;
      }
      at = at + count;
    }
    const extra = copy.read(1);
    copy.close();
    if (at !== length || extra !== undefined || !blobChecksumMatches(header, 0, state)) return STORAGE_CORRUPT;
    return length;
  }

  /** Finishes a replace a power cut interrupted between the remove and the rename (see the module comment). */
  function recover(name: string): void {
    const temporary = name + TEMPORARY_MARK;
    if (file.exists(name) || !file.exists(temporary)) return;
    if (readCopy(temporary, header, 0, -1) >= 0) {
      file.rename(temporary, name);
    } else {
      file.remove(temporary);
    }
  }

  function read(this: unknown, name: string, store: Bytes, offset: number, room: number): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    recover(name);
    return readCopy(name, store, offset, room);
  }

  function write(this: unknown, name: string, store: Bytes, offset: number, length: number): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    if (length > BLOB_MAX_LENGTH) return STORAGE_WRITE_FAILED;
    recover(name);
    const temporary = name + TEMPORARY_MARK;
    const copy = file.open(temporary, "w");
    if (copy === undefined) return STORAGE_WRITE_FAILED;
    fillBlobHeader(header, 0, 0, store, offset, length);
    let written = copy.write(string.char(...unpackRange(header, 0, BLOB_HEADER_SIZE - 1))) === true;
    for (let at = 0; written && at < length; at = at + WRITE_CHUNK) {
      const last = (at + WRITE_CHUNK < length ? at + WRITE_CHUNK : length) - 1;
      written = copy.write(string.char(...unpackRange(store, offset + at, offset + last))) === true;
    }
    copy.close();
    if (!written) {
      file.remove(temporary);
      return STORAGE_WRITE_FAILED;
    }
    file.remove(name);
    return file.rename(temporary, name) ? STORAGE_OK : STORAGE_WRITE_FAILED;
  }

  function remove(this: unknown, name: string): number {
    if (!nameOk(name)) return STORAGE_BAD_NAME;
    file.remove(name + TEMPORARY_MARK);
    file.remove(name);
    return STORAGE_OK;
  }

  function has(this: unknown, name: string): boolean {
    if (!nameOk(name)) return false;
    recover(name);
    return file.exists(name);
  }

  function list(this: unknown, names: string[]): number {
    let count = 0;
    for (const [fileName] of pairs(file.list())) {
      if (nameOk(fileName)) {
        names[count] = fileName;
        count = count + 1;
      }
    }
    return count;
  }

  return { read, write, remove, has, list };
}

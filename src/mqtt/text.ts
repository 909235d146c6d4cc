/**
 * MQTT UTF-8 strings on the way out: the two-byte length, then the runtime's UTF-8 bytes, checked
 * after writing (a runtime string can hold U+0000 or, on Espruino and Lua, bytes that are not
 * UTF-8), so the encoder never sends a string the receiver must refuse.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { Status } from "./status";
import { validateUtf8 } from "../bytes/utf8";
import { writeTwoByteInteger } from "./wire";

/** Where a writer records the first text problem it meets; Success while there is none. */
export interface TextReport {
  textStatus: Status;
}

/**
 * Writes `text` as an MQTT string (two-byte length, then the bytes) at `offset`; returns the
 * offset after it. The caller has checked the room. Never allocates.
 * @hotpath
 */
export function writeText(platform: Platform, store: Bytes, offset: number, text: string): number {
  const written = platform.writeText(text, store, offset + 2);
  writeTwoByteInteger(store, offset, written);
  return offset + 2 + written;
}

/**
 * Writes `text` as `writeText` does, then checks the bytes written: BadUtf8 or Utf8Null goes
 * into `report` unless it already holds a problem. Returns the offset after the string.
 * Never allocates.
 * @hotpath
 */
export function writeCheckedText(platform: Platform, store: Bytes, offset: number, text: string, report: TextReport): number {
  const end = writeText(platform, store, offset, text);
  noteTextStatus(report, validateUtf8(store, offset + 2, end - offset - 2));
  return end;
}

/** Records `status` in `report` unless it is Success or a problem is already there. Never allocates. @hotpath */
export function noteTextStatus(report: TextReport, status: Status): void {
  if (report.textStatus === Status.Success) {
    report.textStatus = status;
  }
}

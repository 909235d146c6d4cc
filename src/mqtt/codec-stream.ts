/**
 * The streaming decoder: bytes in any chunking (one at a time, several packets at once, a packet
 * split across chunks) are reassembled into one fixed receive store and decoded a packet at a
 * time. A packet over the maximum size is refused as soon as its remaining length is known,
 * before its body is read. Never grows memory, never throws.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { Status } from "./status";
import { Decoder, newDecoder, decodePacket, checkFixedHeader } from "./codec-decode";
import { readVariableInteger, copyBytes } from "./wire";

/** The longest fixed header: one type byte and a four-byte remaining length. */
const LONGEST_FIXED_HEADER = 5;

/**
 * A receive store and the state of the packet being reassembled in it. `status` is the result of
 * the last feed: NeedMoreBytes, Success (a whole packet is in decoder.view until the next feed),
 * or an error, which stays until `resetStream` (the connection must be closed).
 */
export interface StreamDecoder {
  decoder: Decoder;
  store: Bytes;
  /** The largest packet accepted, fixed header included (MQTT 5 Maximum Packet Size). */
  maximumPacketSize: number;
  /** Bytes of the current packet in the store, and its whole size once the header is read (0 before). */
  filled: number;
  expected: number;
  status: Status;
}

/**
 * Makes a stream decoder for protocol `version` that accepts packets of up to
 * `maximumPacketSize` bytes. Owns one store of that size (at least 5). Allocates: call at
 * creation time.
 */
export function newStreamDecoder(platform: Platform, version: number, maximumPacketSize: number): StreamDecoder {
  const storeSize = maximumPacketSize < LONGEST_FIXED_HEADER ? LONGEST_FIXED_HEADER : maximumPacketSize;
  const store = platform.newBytes(storeSize);
  return {
    decoder: newDecoder(version, store),
    store: store,
    maximumPacketSize: maximumPacketSize,
    filled: 0,
    expected: 0,
    status: Status.NeedMoreBytes,
  };
}

/** Forgets any partial packet and any error, for a new connection. Never allocates. @hotpath */
export function resetStream(stream: StreamDecoder): void {
  stream.filled = 0;
  stream.expected = 0;
  stream.status = Status.NeedMoreBytes;
}

/**
 * Takes bytes from `chunk[offset .. offset + length)` until one packet is complete or the bytes
 * run out, and returns how many it took. Then `stream.status` says what happened: Success (the
 * packet is in stream.decoder.view: handle it, then feed the rest of the chunk), NeedMoreBytes
 * (all taken), or an error status (nothing more is taken until `resetStream`). A packet that
 * arrives whole in one chunk is decoded in place, without a copy: its view points into `chunk`,
 * so the caller keeps the chunk unchanged until the next feed.
 * Never reads outside the given range; never allocates.
 * @hotpath
 */
export function feedStream(stream: StreamDecoder, chunk: Bytes, offset: number, length: number): number {
  if (stream.status === Status.Success) {
    stream.filled = 0;
    stream.expected = 0;
    stream.status = Status.NeedMoreBytes;
  }
  if (stream.status !== Status.NeedMoreBytes) {
    return 0;
  }
  if (stream.filled === 0) {
    const whole = decodeWholePacket(stream, chunk, offset, length);
    if (whole > 0) {
      return whole;
    }
  }
  let taken = 0;
  while (stream.expected === 0 && taken < length) {
    stream.store[stream.filled] = chunk[offset + taken];
    stream.filled = stream.filled + 1;
    taken = taken + 1;
    const headerStatus = readHeaderSoFar(stream);
    if (headerStatus !== Status.NeedMoreBytes) {
      stream.status = headerStatus;
      return taken;
    }
  }
  if (stream.expected === 0) {
    return taken;
  }
  const wanted = stream.expected - stream.filled;
  const available = length - taken;
  const copied = wanted < available ? wanted : available;
  copyBytes(chunk, offset + taken, stream.store, stream.filled, copied);
  stream.filled = stream.filled + copied;
  taken = taken + copied;
  if (stream.filled === stream.expected) {
    stream.status = decodePacket(stream.decoder, stream.store, 0, stream.expected);
  }
  return taken;
}

/**
 * The fast path, when no partial packet is waiting: if the chunk holds a whole packet from
 * `offset`, decodes it where it lies (the view then points into the chunk, valid until the next
 * feed) and returns its size; returns 0 when it does not, so the bytes go through the store.
 * Never allocates.
 * @hotpath
 */
function decodeWholePacket(stream: StreamDecoder, chunk: Bytes, offset: number, length: number): number {
  const reading = stream.decoder.reading;
  readVariableInteger(chunk, offset + 1, offset + length, reading);
  if (reading.byteCount <= 0) {
    return 0;
  }
  const size = 1 + reading.byteCount + reading.value;
  if (size > length || size > stream.maximumPacketSize) {
    return 0;
  }
  stream.status = decodePacket(stream.decoder, chunk, offset, offset + size);
  return size;
}

/**
 * Looks at the header bytes gathered so far: refuses a bad type or flags at the first byte, a
 * malformed or too large remaining length as soon as it is complete; sets `expected` once known.
 * Returns NeedMoreBytes to go on.
 * @hotpath
 */
function readHeaderSoFar(stream: StreamDecoder): Status {
  const store = stream.store;
  const decoder = stream.decoder;
  if (stream.filled === 1) {
    const first = store[0];
    const headerStatus = checkFixedHeader((first - (first % 16)) / 16, first % 16, decoder.version);
    return headerStatus === Status.Success ? Status.NeedMoreBytes : headerStatus;
  }
  const reading = decoder.reading;
  readVariableInteger(store, 1, stream.filled, reading);
  if (reading.byteCount < 0) {
    return Status.MalformedVariableInteger;
  }
  if (reading.byteCount === 0) {
    return Status.NeedMoreBytes;
  }
  const expected = 1 + reading.byteCount + reading.value;
  if (expected > stream.maximumPacketSize) {
    return Status.PacketTooLarge;
  }
  stream.expected = expected;
  if (expected === stream.filled) {
    return decodePacket(decoder, store, 0, expected);
  }
  return Status.NeedMoreBytes;
}

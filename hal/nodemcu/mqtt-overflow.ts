/**
 * NodeMCU's `max_message_length` for the drop-in MQTT client (mqtt-client.ts): a Socket that
 * wraps another and hands every incoming packet on unchanged, except an MQTT 3.1/3.1.1 PUBLISH
 * larger than the limit, which it cuts down to the limit (one byte less where the smaller
 * remaining length is written in a byte less) — the fixed header rewritten with the smaller
 * remaining length, the topic and packet id kept, the payload cut short, the rest of the packet
 * dropped. The client then decodes, acknowledges and delivers it like any message (QoS 2
 * exactly once included), and the adapter reports it as "overflow" because `cutting` is true
 * while those bytes are handed on. NodeMCU's mqtt.c does the same: the head of the message goes
 * to "overflow", QoS 1/2 messages are still acknowledged, later messages arrive as usual.
 *
 * MQTT 5 needs no cutting: the client sends the limit as Maximum Packet Size, so the broker never
 * sends more (a broker that does is refused as the core refuses any oversize packet). A PUBLISH
 * whose topic and packet id alone do not fit is handed on uncut, and the core refuses it.
 *
 * Copies nothing but packet headers: runs of whole packets go on as the ranges of the bytes they
 * arrived in. A fixed header split across two arrivals is held back (at most 7 bytes) until it
 * is complete. Allocates only at creation.
 */
import type { Bytes } from "../../src/bytes/bytes";
import type { Platform, Socket, SocketEvents } from "../api";
import type { VariableIntegerReading } from "../../src/mqtt/wire";
import { readVariableInteger, writeVariableInteger, variableIntegerSize } from "../../src/mqtt/wire";

/** What the wrapped stream is doing with the bytes that arrive next. */
const enum Mode {
  /** Reading a fixed header (and, for a PUBLISH over the limit, its topic length). */
  Header = 0,
  /** Handing on `left` more bytes of the current packet. */
  Passing = 1,
  /** Handing on `left` more bytes of a cut PUBLISH, then skipping `skipAfter`. */
  Cutting = 2,
  /** Dropping `left` more bytes of a cut PUBLISH. */
  Skipping = 3,
  /** A malformed header: everything is handed on for the client to refuse. */
  PassingAll = 4,
}

/** What `decideHeader` made of the header bytes read so far. */
const enum Decision {
  /** More header bytes are needed. */
  Undecided = 0,
  /** The packet goes on as it arrived. */
  Whole = 1,
  /** The packet is cut: the new header is in `cutHeader`. */
  Cut = 2,
}

/** The PUBLISH packet type. */
const PUBLISH = 3;
/** A fixed header (at most 5 bytes) and a PUBLISH's topic length (2). */
const HEADER_STORE_SIZE = 7;

/** A guarded Socket and what the adapter reads from it. */
export interface OverflowGuard {
  /** The Socket to give the client: the wrapped one with oversize PUBLISH packets cut. */
  socket: Socket;
  /** True while the bytes of a cut PUBLISH are handed on: a message delivered now was cut. */
  cutting: boolean;
  /** The current connection reached its onConnect (the TCP/TLS link came up). */
  connected: boolean;
}

/** The largest remaining length whose packet, fixed header included, fits in `limit` bytes. */
function cutRemainingLength(limit: number): number {
  let remaining = limit - 2;
  while (remaining > 0 && 1 + variableIntegerSize(remaining) + remaining > limit) {
    remaining = remaining - 1;
  }
  return remaining;
}

/**
 * Wraps `inner` so that every MQTT 3.1/3.1.1 PUBLISH over `limit` bytes arrives cut to `limit`
 * (see the module comment); `limit` 0 hands everything on unchanged (MQTT 5). Allocates its two
 * header stores now.
 */
export function newOverflowGuard(platform: Platform, inner: Socket, limit: number): OverflowGuard {
  const header = platform.newBytes(HEADER_STORE_SIZE);
  const cutHeader = platform.newBytes(HEADER_STORE_SIZE);
  const reading: VariableIntegerReading = { value: 0, byteCount: 0 };
  const cutRemaining = cutRemainingLength(limit);
  let owner: SocketEvents | undefined = undefined;
  let mode = Mode.Header;
  /** Header bytes read so far, and how many of them arrived before the current chunk. */
  let filled = 0;
  let carried = 0;
  let left = 0;
  let skipAfter = 0;
  /** The bytes of the rewritten header in `cutHeader`. */
  let cutHeaderLength = 0;

  function hand(store: Bytes, offset: number, length: number): void {
    if (length > 0) {
      (owner as SocketEvents).onData(store, offset, length);
    }
  }

  function handCut(store: Bytes, offset: number, length: number): void {
    guard.cutting = true;
    hand(store, offset, length);
    guard.cutting = false;
  }

  /** After the cut part of a PUBLISH, or after a packet handed on whole: what comes next. */
  function afterPart(): void {
    if (mode === Mode.Cutting && skipAfter > 0) {
      mode = Mode.Skipping;
      left = skipAfter;
    } else {
      mode = Mode.Header;
    }
  }

  /**
   * Looks at the header bytes read so far and decides, once it can, whether the packet goes on
   * whole (the held-back bytes are handed on now, the rest with the chunk) or cut (the new header
   * is written into `cutHeader` for the caller to hand on).
   */
  function decideHeader(): Decision {
    if (filled < 2) {
      return Decision.Undecided;
    }
    readVariableInteger(header, 1, filled, reading);
    if (reading.byteCount === 0) {
      return Decision.Undecided;
    }
    if (reading.byteCount < 0) {
      hand(header, 0, carried);
      mode = Mode.PassingAll;
      return Decision.Whole;
    }
    const fixedLength = 1 + reading.byteCount;
    const remaining = reading.value;
    const type = (header[0] - (header[0] % 16)) / 16;
    const qos = ((header[0] % 8) - (header[0] % 2)) / 2;
    const oversize = limit > 0 && type === PUBLISH && qos < 3 && remaining >= 2 && fixedLength + remaining > limit;
    if (oversize && filled < fixedLength + 2) {
      return Decision.Undecided;
    }
    const variableHeader = oversize ? 2 + header[fixedLength] * 256 + header[fixedLength + 1] + (qos > 0 ? 2 : 0) : 0;
    if (oversize && variableHeader <= cutRemaining) {
      const end = writeVariableInteger(cutHeader, 1, cutRemaining);
      cutHeader[0] = header[0];
      cutHeader[end] = header[fixedLength];
      cutHeader[end + 1] = header[fixedLength + 1];
      cutHeaderLength = end + 2;
      mode = Mode.Cutting;
      left = cutRemaining - 2;
      skipAfter = remaining - cutRemaining;
      return Decision.Cut;
    }
    hand(header, 0, carried);
    mode = Mode.Passing;
    left = remaining - (filled - fixedLength);
    if (left === 0) {
      afterPart();
    }
    return Decision.Whole;
  }

  function onData(this: void, chunk: Bytes, offset: number, length: number): void {
    const end = offset + length;
    let at = offset;
    /** Bytes [runStart, at) go on unchanged at the next hand-over. */
    let runStart = offset;
    /** Where the current header's bytes in this chunk begin. */
    let headerStart = offset;
    while (at < end) {
      if (mode === Mode.PassingAll) {
        at = end;
      } else if (mode === Mode.Header) {
        if (filled === 0) {
          headerStart = at;
        }
        header[filled] = chunk[at];
        filled = filled + 1;
        at = at + 1;
        const decision = decideHeader();
        if (decision === Decision.Cut) {
          hand(chunk, runStart, headerStart - runStart);
          handCut(cutHeader, 0, cutHeaderLength);
          runStart = at;
        }
        if (decision !== Decision.Undecided) {
          filled = 0;
          carried = 0;
        }
      } else {
        const step = left < end - at ? left : end - at;
        if (mode === Mode.Cutting) {
          handCut(chunk, at, step);
        }
        at = at + step;
        left = left - step;
        if (mode !== Mode.Passing) {
          runStart = at;
        }
        if (left === 0) {
          afterPart();
        }
      }
    }
    if (mode === Mode.Header && filled > 0) {
      hand(chunk, runStart, headerStart - runStart);
      carried = filled;
    } else {
      hand(chunk, runStart, end - runStart);
    }
  }

  function onConnect(this: void): void {
    guard.connected = true;
    (owner as SocketEvents).onConnect();
  }

  function onWritable(this: void): void {
    (owner as SocketEvents).onWritable();
  }

  function onClose(this: void, failed: boolean): void {
    (owner as SocketEvents).onClose(failed);
  }

  const innerEvents: SocketEvents = { onConnect: onConnect, onData: onData, onWritable: onWritable, onClose: onClose };

  function open(this: unknown, host: string, port: number, secure: boolean, events: SocketEvents): boolean {
    owner = events;
    mode = Mode.Header;
    filled = 0;
    carried = 0;
    guard.connected = false;
    guard.cutting = false;
    return inner.open(host, port, secure, innerEvents);
  }

  function write(this: unknown, store: Bytes, offset: number, length: number): number {
    return inner.write(store, offset, length);
  }

  function close(this: unknown): void {
    inner.close();
  }

  const guard: OverflowGuard = { socket: { open: open, write: write, close: close }, cutting: false, connected: false };
  return guard;
}

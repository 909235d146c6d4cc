import type { Serial, SerialEvents } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { espruinoPlatform } from "./platform";

/**
 * The Serial for Espruino on ESP32: the console UART, `Serial1`, taken from the interpreter
 * (RUNTIMES.md, Espruino: `E.setConsole(device)` moves the REPL, e.g. to `LoopbackA`, and moving it
 * back returns it; `Serial1.setup(baud)`, `on("data")`). At creation the REPL moves to `LoopbackA`,
 * forced there (`{force: true}`) so that a Telnet or USB connection does not take it back,
 * so what the user types on the serial port arrives as `Serial1`'s `data` events, which are copied
 * into a receive store made once and handed to `onData`; `write` sends with `Serial1.write`.
 * `close()` moves the REPL back to `Serial1`.
 *
 * Allocation: each `write` makes the one string `Serial1.write` takes; receiving allocates nothing
 * here (the `data` strings are the firmware's).
 */

/** Bytes handed to `onData` at once; longer `data` strings arrive in pieces of this size. */
const RECEIVE_STORE_SIZE = 128;
/** The console's speed, by default. */
const DEFAULT_BAUD = 115200;

/** Options for `newEspruinoSerial`: the events, and the UART's speed. */
export interface EspruinoSerialOptions extends SerialEvents {
  baud?: number;
}

/** Makes the Espruino Serial (see the module comment) and takes the console from the REPL. */
export function newEspruinoSerial(options: EspruinoSerialOptions): Serial {
  const onData = options.onData;
  const receiveStore = new Uint8Array(RECEIVE_STORE_SIZE);
  let open = true;

  function onSerialData(data: string): void {
    const length = data.length;
    let at = 0;
    while (at < length && open) {
      const count = length - at < RECEIVE_STORE_SIZE ? length - at : RECEIVE_STORE_SIZE;
      for (let index = 0; index < count; index++) {
        receiveStore[index] = data.charCodeAt(at + index);
      }
      at = at + count;
      onData(receiveStore, 0, count);
    }
  }

  Serial1.setup(options.baud !== undefined ? options.baud : DEFAULT_BAUD);
  E.setConsole(LoopbackA, { force: true });
  Serial1.on("data", onSerialData);

  function write(this: unknown, store: Bytes, offset: number, length: number): number {
    if (!open) return -1;
    if (length > 0) Serial1.write(espruinoPlatform.readText(store, offset, length));
    return length;
  }

  function close(this: unknown): void {
    if (!open) return;
    open = false;
    Serial1.removeAllListeners("data");
    E.setConsole(Serial1);
  }

  return { write, close };
}

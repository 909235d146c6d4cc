import type { Serial, SerialEvents } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { nodemcuPlatform } from "./platform";

/**
 * The Serial for NodeMCU: the console UART (0), taken from the Lua interpreter with
 * `uart.on("data", 0, fn, 0)` (RUNTIMES.md, NodeMCU: `run_input = 0` takes the serial input away
 * from the interpreter, and `uart.on("data")` gives it back). Each "data" string is copied into a
 * receive store made once and handed to `onData`; `write` sends with `uart.write(0, ...)`.
 * `close()` gives the input back to the interpreter. Call the methods with `:` from Lua.
 *
 * Allocation: each `write` makes the string `uart.write` takes (`nodemcuPlatform.readText`);
 * receiving allocates nothing here (the "data" strings are the firmware's).
 */

/** The console UART. */
const CONSOLE_UART = 0;
/** Bytes handed to `onData` at once; longer "data" strings arrive in pieces of this size. */
const RECEIVE_STORE_SIZE = 128;

/** Makes the NodeMCU Serial (see the module comment) and takes the console input from Lua. */
export function newNodemcuSerial(options: SerialEvents): Serial {
  const onData = options.onData;
  const receiveStore = nodemcuPlatform.newBytes(RECEIVE_STORE_SIZE);
  let open = true;

  function onUartData(this: void, data: string): void {
    const length = string.len(data);
    let at = 0;
    while (at < length && open) {
      const count = length - at < RECEIVE_STORE_SIZE ? length - at : RECEIVE_STORE_SIZE;
      for (let index = 0; index < count; index++) {
        receiveStore[index] = string.byte(data, at + index + 1);
      }
      at = at + count;
      onData(receiveStore, 0, count);
    }
  }

  uart.on("data", 0, onUartData, 0);

  function write(this: unknown, store: Bytes, offset: number, length: number): number {
    if (!open) return -1;
    if (length > 0) uart.write(CONSOLE_UART, nodemcuPlatform.readText(store, offset, length));
    return length;
  }

  function close(this: unknown): void {
    if (!open) return;
    open = false;
    uart.on("data");
  }

  return { write, close };
}

/**
 * The Espruino Socket (hal/espruino/socket.ts) as built into dist/espruino/mote.js, run in the
 * Espruino VM with the simulator's `net` emulation (hal/sim/espruino-net.ts) against real TCP
 * servers on 127.0.0.1.
 *
 * RUNTIMES.md lines relied on (Espruino, "Modules and globals"): `require("net").connect({host,
 * port}, onConnect)` returns a socket with `write(data)`, `end()`, events `data` (a string of
 * bytes), `close`, `error`, `drain`; data is written as a string whose char codes are the bytes,
 * made with `E.toString`; `setTimeout`/`clearTimeout` exist.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import type { EspruinoModule, EspruinoVm } from "../../hal/sim/espruino-vm";
import { bytePattern, refusedPort, settle, startServer, waitFor } from "./socket-harness";
import type { TestServer } from "./socket-harness";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import type { EspruinoNet } from "../../hal/sim/espruino-net";
import { ARTEFACTS } from "../../tools/build/artefacts";

interface Device {
  espruino: EspruinoVm;
  emulation: EspruinoNet;
  mote: EspruinoModule;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bundle in a VM with timers and the emulated `net` (and `tls` unless `withTls` is false). */
function device(withTls = true): Device {
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino, "mote", { timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report });
  espruino.addBuiltin("net", emulation.net);
  if (withTls) espruino.addBuiltin("tls", emulation.tls);
  cleanups.push(() => {
    emulation.destroyAll();
    espruino.clearTimers();
  });
  return { espruino, emulation, mote: espruino.require("mote") };
}

async function server(behaviour: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const started = await startServer(behaviour);
  cleanups.push(() => started.close());
  return started;
}

/**
 * A socket from the bundle and the events it gave, recording any event that came from inside a
 * call to the socket (the contract says never).
 */
function openable(mote: EspruinoModule) {
  const socket = mote.newSocket();
  const log: string[] = [];
  const received: Buffer[] = [];
  const pieces: number[] = [];
  let inside = false;
  let reentered = 0;
  const note = (entry: string): void => {
    if (inside) reentered += 1;
    log.push(entry);
  };
  let onWritable = (): void => undefined;
  const events = {
    onConnect: () => note("connect"),
    onData: (store: Uint8Array, offset: number, length: number) => {
      if (inside) reentered += 1;
      pieces.push(length);
      received.push(Buffer.from(store.subarray(offset, offset + length)));
    },
    onWritable: () => {
      note("writable");
      onWritable();
    },
    onClose: (failed: boolean) => note(`close ${failed}`),
  };
  const call = <T>(action: () => T): T => {
    inside = true;
    try {
      return action();
    } finally {
      inside = false;
    }
  };
  return {
    log,
    pieces,
    received: () => Buffer.concat(received),
    reentered: () => reentered,
    open: (port: number, secure = false): boolean => call(() => socket.open("127.0.0.1", port, secure, events)),
    write: (store: Uint8Array, offset: number, length: number): number => call(() => socket.write(store, offset, length)),
    close: (): void => call(() => socket.close()),
    whenWritable: (fn: () => void) => {
      onWritable = fn;
    },
  };
}

/**
 * Writes all of `payload` through the socket: as much as each write takes, the rest when
 * `onWritable` comes. Records every write's offer and result.
 */
function writeAll(mote: EspruinoModule, socket: ReturnType<typeof openable>, payload: Buffer) {
  const store: Uint8Array = mote.platform.newBytes(payload.length);
  for (let index = 0; index < payload.length; index++) store[index] = payload[index];
  const writes: { offered: number; taken: number }[] = [];
  let sent = 0;
  const pump = (): void => {
    while (sent < payload.length) {
      const offered = payload.length - sent;
      const taken = socket.write(store, sent, offered);
      writes.push({ offered, taken });
      if (taken < 0) throw new Error(`write returned ${taken}`);
      sent += taken;
      if (taken < offered) return;
    }
  };
  socket.whenWritable(pump);
  pump();
  return { writes, sent: () => sent };
}

/** Waits until `count()` stays the same for 300 ms and returns it; fails after `timeoutMs`. */
async function stalledAt(count: () => number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = count();
    await settle(300);
    if (count() === before) return before;
    if (Date.now() > deadline) throw new Error("the writes never stalled");
  }
}

describe("the Espruino Socket over the emulated net", () => {
  it("echoes 64 KiB holding every byte value, binary-safe, through split and merged frames", async () => {
    const { espruino, mote } = device();
    const echo = await server({ echo: true });
    const socket = openable(mote);
    expect(socket.open(echo.port)).toBe(true);
    expect(socket.log).toEqual([]);
    await waitFor("onConnect", () => socket.log.includes("connect"));

    const payload = bytePattern(65536);
    const { writes } = writeAll(mote, socket, payload);
    await waitFor("the echo", () => socket.received().length >= payload.length);
    await settle(20);

    expect(socket.received().equals(payload)).toBe(true);
    expect(echo.received().equals(payload)).toBe(true);
    // Espruino hands data over in chunks of 536 bytes: the 64 KiB came in many pieces, none over
    // the receive store's size.
    expect(socket.pieces.length).toBeGreaterThan(100);
    expect(Math.max(...socket.pieces)).toBeLessThanOrEqual(536);
    // The first write could not take 64 KiB at once: the rest went on onWritable.
    expect(writes[0].taken).toBeLessThan(65536);
    expect(socket.log.filter((entry) => entry === "writable").length).toBeGreaterThan(0);
    expect(socket.log[0]).toBe("connect");

    socket.close();
    // Promptly: the connection really ends (no waiting for the close timer's 5 s).
    await waitFor("onClose", () => socket.log.some((entry) => entry.startsWith("close")), 2000);
    await waitFor("the server to see the close", () => echo.closedConnections() === 1, 2000);
    await settle(20);
    expect(socket.log.filter((entry) => entry.startsWith("close"))).toEqual(["close false"]);
    expect(socket.reentered()).toBe(0);
    expect(espruino.uncaught).toEqual([]);
  });

  it("takes less than offered while a slow peer lags, and onWritable follows every short write", async () => {
    const { espruino, mote } = device();
    const slow = await server({ pauseMs: 5 });
    const socket = openable(mote);
    socket.open(slow.port);
    await waitFor("onConnect", () => socket.log.includes("connect"));

    const payload = bytePattern(65536);
    const { writes, sent } = writeAll(mote, socket, payload);
    await waitFor("the peer to read everything", () => slow.receivedLength() >= payload.length);

    expect(sent()).toBe(payload.length);
    expect(slow.received().equals(payload)).toBe(true);
    const short = writes.filter((write) => write.taken < write.offered);
    expect(short.length).toBeGreaterThan(10);
    // writeAll writes again only from onWritable after a short write: one onWritable per short write.
    expect(socket.log.filter((entry) => entry === "writable").length).toBe(short.length);
    expect(socket.reentered()).toBe(0);
    expect(espruino.uncaught).toEqual([]);
  });

  it("stops taking bytes while the peer reads nothing, and calls onWritable once it reads again", async () => {
    const { espruino, mote } = device();
    const stalled = await server({ hold: true });
    const socket = openable(mote);
    socket.open(stalled.port);
    await waitFor("onConnect", () => socket.log.includes("connect"));

    // More than Node and the kernel buffer between two local sockets (a few MiB).
    const payload = bytePattern(24 * 1024 * 1024);
    const { writes, sent } = writeAll(mote, socket, payload);
    // Stalled: nothing more is taken for 300 ms, and the last write took less than offered.
    const stuckAt = await stalledAt(sent, 60000);
    console.log(`Espruino: a peer that reads nothing stalled the writes after ${stuckAt} bytes`);
    expect(stuckAt).toBeLessThan(payload.length);
    expect(writes[writes.length - 1].taken).toBeLessThan(writes[writes.length - 1].offered);
    const writableBefore = socket.log.filter((entry) => entry === "writable").length;

    stalled.release();
    await waitFor("onWritable after the peer reads", () => socket.log.filter((e) => e === "writable").length > writableBefore);
    await waitFor("the peer to read everything", () => stalled.receivedLength() >= payload.length, 60000);
    expect(stalled.received().equals(payload)).toBe(true);
    expect(espruino.uncaught).toEqual([]);
  }, 90000);

  it("reports a close by the peer as onClose(false), once", async () => {
    const { espruino, mote } = device();
    const hangUp = await server({ endAfterMs: 20 });
    const socket = openable(mote);
    socket.open(hangUp.port);
    await waitFor("onClose", () => socket.log.some((entry) => entry.startsWith("close")));
    await settle(50);
    expect(socket.log).toEqual(["connect", "close false"]);
    const store = mote.platform.newBytes(4);
    expect(socket.write(store, 0, 4)).toBe(-1);
    expect(espruino.uncaught).toEqual([]);
  });

  it("reports a refused connection as onClose(true), once, without onConnect", async () => {
    const { espruino, mote } = device();
    const socket = openable(mote);
    expect(socket.open(await refusedPort())).toBe(true);
    await waitFor("onClose", () => socket.log.length > 0);
    await settle(50);
    expect(socket.log).toEqual(["close true"]);
    expect(espruino.uncaught).toEqual([]);
  });

  it("refuses a second open while one is under way, and opens again after onClose", async () => {
    const { espruino, mote } = device();
    const echo = await server({ echo: true });
    const socket = openable(mote);
    const store = mote.platform.newBytes(4);
    expect(socket.open(echo.port)).toBe(true);
    expect(socket.open(echo.port)).toBe(false);
    expect(socket.write(store, 0, 4)).toBe(-1);
    await waitFor("onConnect", () => socket.log.includes("connect"));
    expect(socket.open(echo.port)).toBe(false);
    socket.close();
    expect(socket.open(echo.port)).toBe(false);
    expect(socket.write(store, 0, 4)).toBe(-1);
    await waitFor("onClose", () => socket.log.includes("close false"));
    expect(socket.open(echo.port)).toBe(true);
    await waitFor("the second onConnect", () => socket.log.filter((entry) => entry === "connect").length === 2);
    socket.close();
    await waitFor("the second onClose", () => socket.log.length === 4, 2000);
    await waitFor("the server to see both closes", () => echo.closedConnections() === 2, 2000);
    await settle(20);
    expect(socket.log).toEqual(["connect", "close false", "connect", "close false"]);
    expect(echo.connections()).toBe(2);
    expect(socket.reentered()).toBe(0);
    expect(espruino.uncaught).toEqual([]);
  });

  it("closes while still connecting as onClose(false), once", async () => {
    const { mote } = device();
    const echo = await server({ echo: true });
    const socket = openable(mote);
    socket.open(echo.port);
    socket.close();
    await waitFor("onClose", () => socket.log.length > 0);
    await settle(50);
    expect(socket.log).toEqual(["close false"]);
  });

  it("takes nothing when the heap cannot hold a write's string, and offers a retry with onWritable", async () => {
    const { espruino, mote } = device();
    const echo = await server({ echo: true });
    const socket = openable(mote);
    socket.open(echo.port);
    await waitFor("onConnect", () => socket.log.includes("connect"));
    const store = mote.platform.newBytes(3);
    store.set([1, 2, 3]);
    const toString = espruino.global.E.toString;
    espruino.global.E.toString = () => undefined; // Espruino's answer when it is out of memory
    expect(socket.write(store, 0, 3)).toBe(0);
    espruino.global.E.toString = toString;
    await waitFor("onWritable", () => socket.log.includes("writable"), 2000);
    expect(socket.write(store, 0, 3)).toBe(3);
    await waitFor("the echo", () => socket.received().length === 3);
    expect([...socket.received()]).toEqual([1, 2, 3]);
    expect(echo.received().toString("latin1")).not.toContain("undefined");
    expect(socket.reentered()).toBe(0);
  });

  it("refuses a secure open, with no event, when the firmware has no tls module", async () => {
    const { mote } = device(false);
    const echo = await server({ echo: true });
    const socket = openable(mote);
    expect(socket.open(echo.port, true)).toBe(false);
    await settle(50);
    expect(socket.log).toEqual([]);
    expect(socket.open(echo.port, false)).toBe(true);
  });
});

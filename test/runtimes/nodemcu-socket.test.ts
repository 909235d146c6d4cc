/**
 * The NodeMCU Socket (hal/nodemcu/socket.ts) as built into dist/nodemcu/mote.lua, run on fengari
 * (Lua 5.3, 32-bit integers) with the simulator's `net` and `node.task` emulation
 * (hal/sim/nodemcu-net.ts) against real TCP servers on 127.0.0.1. A Lua driver (DRIVER) holds the
 * socket and records its events; the tests run Lua chunks in the same state between turns of
 * Node's event loop, which delivers the emulated network's callbacks.
 *
 * RUNTIMES.md lines relied on (NodeMCU): `net.createConnection()` returns a socket with
 * `:on("connection"|"reconnection"|"disconnection"|"receive"|"sent", fn(sck[, data]))`,
 * `:connect(port, host)`, `:send(str[, cb])`, `:close()`; back-to-back `send` calls are not
 * guaranteed (the emulation raises an error for one, so a HAL that did it would fail here);
 * "receive" fires per network frame (about 1460 bytes); ESP32 has no `tls` module.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createFengariLua } from "../../hal/sim/lua";
import type { FengariLua } from "../../hal/sim/lua";
import { bytePattern, refusedPort, settle, startServer, waitFor } from "./socket-harness";
import type { TestServer } from "./socket-harness";
import { installNodemcuNet, installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import { ARTEFACTS } from "../../tools/build/artefacts";

/** The Lua side: one socket from the bundle, a writer, and a record of every event. */
const DRIVER = `
  mote = require("mote")
  platform = mote.platform
  sock = mote.newSocket()
  log, chunks, pieces, writes, offers = {}, {}, {}, {}, {}
  inside, reentered, received, short = false, 0, 0, 0
  payload, total, sent = nil, 0, 0

  local function note(entry)
    if inside then reentered = reentered + 1 end
    log[#log + 1] = entry
  end

  -- Writes what is left of the payload (the 64 KiB pattern store, over and over): as much as the
  -- socket takes, the rest on onWritable.
  function pump()
    while sent < total do
      local at = sent % 65536
      local offered = math.min(total - sent, 65536 - at)
      inside = true
      local taken = sock:write(payload, at, offered)
      inside = false
      writes[#writes + 1] = taken
      offers[#offers + 1] = offered
      if taken < 0 then error("write returned " .. taken) end
      sent = sent + taken
      if taken < offered then short = short + 1 return end
    end
  end

  events = {
    onConnect = function() note("connect") end,
    onData = function(store, offset, length)
      if inside then reentered = reentered + 1 end
      pieces[#pieces + 1] = length
      chunks[#chunks + 1] = platform.readText(store, offset, length)
      received = received + length
    end,
    onWritable = function() note("writable") pump() end,
    onClose = function(failed) note("close " .. tostring(failed)) end,
  }

  function open(port, secure)
    inside = true
    local started = sock:open("127.0.0.1", port, secure, events)
    inside = false
    return started
  end

  function close()
    inside = true
    sock:close()
    inside = false
  end

  -- Starts writing n bytes of the pattern bytePattern() makes (which repeats every 64 KiB).
  function send(n)
    payload, total, sent = platform.newBytes(65536), n, 0
    for i = 0, 65535 do payload[i] = (i * 7 + math.floor(i / 256)) % 256 end
    pump()
  end

  function count(entry)
    local n = 0
    for _, e in ipairs(log) do if e == entry then n = n + 1 end end
    return n
  end

  function closes()
    local found = {}
    for _, e in ipairs(log) do if e:sub(1, 6) == "close " then found[#found + 1] = e end end
    return table.concat(found, ",")
  end
`;

interface Device {
  lua: FengariLua;
  errors: string[];
  /** Runs `chunk` and returns its first value. */
  value(chunk: string): unknown;
  log(): string;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fengari state with the bundle, the emulated `net` and `node.task`, and DRIVER run. */
function device(): Device {
  const lua = createFengariLua({ mote: ARTEFACTS.nodemcu });
  const errors: string[] = [];
  const emulation = installNodemcuNet(lua.state, { onError: (message) => errors.push(message) });
  const stopTasks = installNodemcuTasks(lua.state, (message) => errors.push(message));
  cleanups.push(() => {
    emulation.destroyAll();
    stopTasks();
  });
  lua.run(DRIVER);
  const value = (chunk: string): unknown => lua.run(chunk).values[0];
  return { lua, errors, value, log: () => value(`return table.concat(log, ",")`) as string };
}

async function server(behaviour: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const started = await startServer(behaviour);
  cleanups.push(() => started.close());
  return started;
}

describe("the NodeMCU Socket over the emulated net, on fengari", () => {
  it("echoes 64 KiB holding every byte value, binary-safe, through split and merged frames", async () => {
    const { errors, value, log } = device();
    const echo = await server({ echo: true });
    expect(value(`return open(${echo.port}, false)`)).toBe(true);
    expect(log()).toBe("");
    await waitFor("onConnect", () => log().includes("connect"));

    const payload = bytePattern(65536);
    value(`send(${payload.length})`);
    expect(value(`return writes[1]`)).toBeLessThan(65536);
    await waitFor("the echo", () => (value(`return received`) as number) >= payload.length);
    await settle(20);

    expect(Buffer.from(value(`return table.concat(chunks)`) as string, "latin1").equals(payload)).toBe(true);
    expect(echo.received().equals(payload)).toBe(true);
    // "receive" fires per frame of at most 1460 bytes: the 64 KiB came in many pieces.
    expect(value(`return #pieces`)).toBeGreaterThanOrEqual(45);
    expect(value(`local m = 0 for _, n in ipairs(pieces) do m = math.max(m, n) end return m`)).toBeLessThanOrEqual(1460);
    expect(value(`return count("writable")`)).toBeGreaterThan(0);
    expect(log().split(",")[0]).toBe("connect");

    value(`close()`);
    await waitFor("onClose", () => log().includes("close"), 2000);
    await waitFor("the server to see the close", () => echo.closedConnections() === 1, 2000);
    await settle(20);
    expect(value(`return closes()`)).toBe("close false");
    expect(value(`return reentered`)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("takes less than offered while a slow peer lags, and onWritable follows every short write", async () => {
    const { errors, value, log } = device();
    const slow = await server({ pauseMs: 5 });
    value(`open(${slow.port}, false)`);
    await waitFor("onConnect", () => log().includes("connect"));

    const payload = bytePattern(32768);
    value(`send(${payload.length})`);
    await waitFor("the peer to read everything", () => slow.receivedLength() >= payload.length);

    expect(value(`return sent`)).toBe(payload.length);
    expect(slow.received().equals(payload)).toBe(true);
    const short = value(`return short`) as number;
    expect(short).toBeGreaterThan(5);
    // The driver writes again only from onWritable after a short write: one onWritable per short write.
    expect(value(`return count("writable")`)).toBe(short);
    expect(value(`return reentered`)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("stops taking bytes while the peer reads nothing, and calls onWritable once it reads again", async () => {
    const { errors, value, log } = device();
    const stalled = await server({ hold: true });
    value(`open(${stalled.port}, false)`);
    await waitFor("onConnect", () => log().includes("connect"));

    // More than Node and the kernel buffer between two local sockets (a few MiB).
    const payload = bytePattern(16 * 1024 * 1024);
    value(`send(${payload.length})`);
    let stuckAt = -1;
    const deadline = Date.now() + 120000;
    for (;;) {
      const before = value(`return sent`) as number;
      await settle(500);
      const after = value(`return sent`) as number;
      if (after === before) {
        stuckAt = after;
        break;
      }
      if (Date.now() > deadline) throw new Error("the writes never stalled");
    }
    console.log(`NodeMCU: a peer that reads nothing stalled the writes after ${stuckAt} bytes`);
    expect(stuckAt).toBeLessThan(payload.length);
    expect(value(`return writes[#writes] < offers[#offers]`)).toBe(true);
    const writableBefore = value(`return count("writable")`) as number;

    stalled.release();
    await waitFor("onWritable after the peer reads", () => (value(`return count("writable")`) as number) > writableBefore);
    // Enough: stop writing (fengari is slow) and check that what was taken arrives intact.
    const taken = value(`total = sent return sent`) as number;
    expect(taken).toBeGreaterThan(stuckAt);
    await waitFor("the peer to read everything", () => stalled.receivedLength() >= taken, 120000);
    await settle(20);
    expect(stalled.received().equals(bytePattern(taken))).toBe(true);
    expect(errors).toEqual([]);
  }, 300000);

  it("reports a close by the peer as onClose(false), once", async () => {
    const { errors, value, log } = device();
    const hangUp = await server({ endAfterMs: 20 });
    value(`open(${hangUp.port}, false)`);
    await waitFor("onClose", () => log().includes("close"));
    await settle(50);
    expect(log()).toBe("connect,close false");
    expect(value(`return sock:write(platform.newBytes(4), 0, 4)`)).toBe(-1);
    expect(errors).toEqual([]);
  });

  it("reports a refused connection as onClose(true), once, without onConnect", async () => {
    const { errors, value, log } = device();
    expect(value(`return open(${await refusedPort()}, false)`)).toBe(true);
    await waitFor("onClose", () => log() !== "");
    await settle(50);
    expect(log()).toBe("close true");
    expect(errors).toEqual([]);
  });

  it("refuses a second open while one is under way, and opens again after onClose", async () => {
    const { errors, value, log } = device();
    const echo = await server({ echo: true });
    expect(value(`return open(${echo.port}, false)`)).toBe(true);
    expect(value(`return open(${echo.port}, false)`)).toBe(false);
    expect(value(`return sock:write(platform.newBytes(4), 0, 4)`)).toBe(-1);
    await waitFor("onConnect", () => log().includes("connect"));
    expect(value(`return open(${echo.port}, false)`)).toBe(false);
    value(`close()`);
    expect(value(`return open(${echo.port}, false)`)).toBe(false);
    expect(value(`return sock:write(platform.newBytes(4), 0, 4)`)).toBe(-1);
    expect(log()).toBe("connect");
    await waitFor("onClose", () => log().includes("close false"));
    expect(value(`return open(${echo.port}, false)`)).toBe(true);
    await waitFor("the second onConnect", () => value(`return count("connect")`) === 2);
    value(`close()`);
    await waitFor("the second onClose", () => value(`return #log`) === 4, 2000);
    await waitFor("the server to see both closes", () => echo.closedConnections() === 2, 2000);
    await settle(20);
    expect(log()).toBe("connect,close false,connect,close false");
    expect(echo.connections()).toBe(2);
    expect(value(`return reentered`)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("closes while still connecting as onClose(false), once", async () => {
    const { errors, value, log } = device();
    const echo = await server({ echo: true });
    value(`open(${echo.port}, false)`);
    value(`close()`);
    await waitFor("onClose", () => log() !== "");
    await settle(50);
    expect(log()).toBe("close false");
    expect(errors).toEqual([]);
  });

  it("refuses a secure open, with no event, where there is no tls module (ESP32)", async () => {
    const { errors, value, log } = device();
    const echo = await server({ echo: true });
    expect(value(`return open(${echo.port}, true)`)).toBe(false);
    await settle(50);
    expect(log()).toBe("");
    expect(value(`return open(${echo.port}, false)`)).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe("the emulated NodeMCU net", () => {
  it("raises an error for a second send before the first one's sent, and delivers sent once per send", async () => {
    const { value } = device();
    const echo = await server({ echo: true });
    value(`
      conn = net.createConnection()
      events2 = {}
      conn:on("connection", function(s) events2[#events2 + 1] = "connection" end)
      conn:on("sent", function(s) events2[#events2 + 1] = "sent" end)
      conn:on("receive", function(s, data) events2[#events2 + 1] = "receive " .. #data end)
      conn:connect(${echo.port}, "127.0.0.1")
    `);
    await waitFor("connection", () => value(`return events2[1]`) === "connection");
    expect(value(`return select(2, pcall(conn.send, conn, ""))`)).toMatch(/no data to send/);
    value(`conn:send("abc")`);
    expect(value(`return select(2, pcall(conn.send, conn, "def"))`)).toMatch(/previous send has not been sent yet/);
    await waitFor("sent and receive", () => value(`return #events2`) === 3);
    await settle(20);
    expect(value(`return table.concat(events2, ",")`)).toMatch(/^connection,(sent,receive 3|receive 3,sent)$/);
    value(`conn:close()`);
    expect(value(`return select(2, pcall(conn.close, conn))`)).toMatch(/not connected/);
  });
});

/**
 * The simulator's emulations of the device network APIs, checked on their own against real
 * servers on 127.0.0.1: Espruino's `net`/`tls` (hal/sim/espruino-net.ts) driven by scripts in the
 * Espruino VM, NodeMCU's `net`/`tls` and `node.task.post` (hal/sim/nodemcu-net.ts) driven by Lua
 * chunks on fengari, and the VM's timers. Each test names the RUNTIMES.md line or firmware source
 * it relies on. TLS tests need `openssl` to make a certificate; without it they are skipped, saying
 * so.
 */
import { opensslAvailable, makeTestCerts } from "../brokers/certs";
import * as tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { createEspruinoVm, loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import type { EspruinoVm } from "../../hal/sim/espruino-vm";
import { createFengariLua } from "../../hal/sim/lua";
import { bytePattern, refusedPort, settle, startServer, startTlsEchoServer, waitFor } from "./socket-harness";
import type { ServerBehaviour, TestServer } from "./socket-harness";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { installNodemcuNet, installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import { ARTEFACTS } from "../../tools/build/artefacts";

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(behaviour: ServerBehaviour): Promise<TestServer> {
  const started = await startServer(behaviour);
  cleanups.push(() => started.close());
  return started;
}

/** An Espruino VM with timers and the emulated `net` and `tls` (`tlsDefaults` for Node's side). */
function espruinoVm(tlsDefaults?: tls.ConnectionOptions, bundle = false): EspruinoVm {
  const espruino = bundle ? loadEspruinoBundle(ARTEFACTS.espruino, "mote", { timers: true }) : createEspruinoVm({ timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report, tlsDefaults });
  espruino.addBuiltin("net", emulation.net);
  espruino.addBuiltin("tls", emulation.tls);
  cleanups.push(() => {
    emulation.destroyAll();
    espruino.clearTimers();
  });
  return espruino;
}

/** A fengari state with the emulated `net` (and `tls` with `tlsOptions`) and `node.task`. */
function nodemcuLua(tlsOptions?: tls.ConnectionOptions, bundle = false) {
  const lua = createFengariLua(bundle ? { mote: ARTEFACTS.nodemcu } : {});
  const errors: string[] = [];
  const emulation = installNodemcuNet(lua.state, { onError: (message) => errors.push(message), tls: tlsOptions });
  const stopTasks = installNodemcuTasks(lua.state, (message) => errors.push(message));
  cleanups.push(() => {
    emulation.destroyAll();
    stopTasks();
  });
  const value = (chunk: string): unknown => lua.run(chunk).values[0];
  return { lua, errors, value };
}

/** The shared test certificates (a CA and a server certificate for 127.0.0.1), or undefined without openssl. */
const certs = opensslAvailable() ? makeTestCerts() : undefined;
const certificate = certs === undefined ? undefined : { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca };
/** A TLS echo server on 127.0.0.1 with the test certificate, closed after the test. */
async function tlsEchoServer(): Promise<number> {
  const running = await startTlsEchoServer(certificate!.key, certificate!.cert);
  cleanups.push(() => running.close());
  return running.port;
}

describe("the emulated Espruino net", () => {
  it("queues connect then drain, returns false from write, and delivers data in chunks of at most 536 bytes", async () => {
    // socketserver.c: connect, then drain when nothing waits; jswrap_net.c: write returns false;
    // net->chunkSize is 536 on ESP32.
    const espruino = espruinoVm();
    const echo = await server({ echo: true });
    espruino.run(`
      var log = [], sizes = [], got = "";
      var sock = require("net").connect({ host: "127.0.0.1", port: ${echo.port} }, function (s) { log.push("connect:" + (s === sock) + ":" + (this === sock)); });
      sock.on("drain", function () { log.push("drain"); });
      sock.on("data", function (d) { sizes.push(d.length); got += d; if (this !== sock) log.push("bad this"); });
      sock.on("close", function (hadError) { log.push("close:" + hadError); });
      sock.on("end", function () { log.push("end"); });
      log.push("connect returned");
    `);
    await waitFor("connect", () => espruino.run(`log.length`) === 3);
    expect(espruino.run(`log.join()`)).toBe("connect returned,connect:true:true,drain");
    const payload = bytePattern(4000).toString("latin1");
    espruino.global.payload = payload;
    expect(espruino.run(`sock.write(payload)`)).toBe(false);
    await waitFor("the echo", () => espruino.run(`got.length`) === 4000);
    expect(espruino.run(`got === payload`)).toBe(true);
    expect(Math.max(...(espruino.run(`sizes`) as number[]))).toBeLessThanOrEqual(536);
    expect(espruino.run(`log.join()`)).toBe("connect returned,connect:true:true,drain,drain");
    espruino.run(`sock.end()`);
    await waitFor("close", () => espruino.run(`log.length`) === 6);
    await waitFor("the server to see the close", () => echo.closedConnections() === 1, 2000);
    expect(espruino.run(`log.slice(4).join()`)).toBe("end,close:false");
    expect(espruino.uncaught).toEqual([]);
  });

  it("reports a refused connection as error -9 then close(true), without connect", async () => {
    // socketerrors.h: -9 "connection reset"; socketserver.c: error before close.
    const espruino = espruinoVm();
    espruino.run(`
      var log = [];
      var sock = require("net").connect({ host: "127.0.0.1", port: ${await refusedPort()} }, function () { log.push("connect"); });
      sock.on("error", function (e) { log.push("error:" + e.code + ":" + e.message); });
      sock.on("close", function (hadError) { log.push("close:" + hadError); });
    `);
    await waitFor("close", () => espruino.run(`log.length`) === 2);
    await settle(20);
    expect(espruino.run(`log.join()`)).toBe("error:-9:connection reset,close:true");
  });

  it("refuses to write a char above 255 (ESP32's Espruino has only byte strings)", async () => {
    const espruino = espruinoVm();
    const echo = await server({ echo: true });
    espruino.run(`var sock = require("net").connect({ host: "127.0.0.1", port: ${echo.port} });`);
    expect(() => espruino.run(`sock.write("\\u20ac")`)).toThrow(/not a byte string/);
  });

  it.skipIf(certificate === undefined)("carries the Espruino Socket over tls with the socket's CA", async () => {
    const espruino = espruinoVm(undefined, true);
    const port = await tlsEchoServer();
    espruino.global.ca = certificate!.ca;
    espruino.global.payload = bytePattern(5000).toString("latin1");
    espruino.run(`
      var mote = require("mote"), log = [], got = "";
      var sock = mote.newSocket({ ca: ca });
      var store = mote.platform.newBytes(5000);
      mote.platform.writeText(payload, store, 0);
      var sent = 0;
      function pump() { while (sent < 5000) { var n = sock.write(store, sent, 5000 - sent); sent += n; if (n === 0) return; } }
      sock.open("127.0.0.1", ${port}, true, {
        onConnect: function () { log.push("connect"); pump(); },
        onData: function (s, o, n) { got += mote.platform.readText(s, o, n); },
        onWritable: pump,
        onClose: function (failed) { log.push("close " + failed); },
      });
    `);
    await waitFor("the echo over TLS", () => espruino.run(`got.length`) === 5000);
    expect(espruino.run(`got === payload`)).toBe(true);
    espruino.run(`sock.close()`);
    await waitFor("close", () => espruino.run(`log.length`) === 2);
    expect(espruino.run(`log.join()`)).toBe("connect,close false");
    expect(espruino.uncaught).toEqual([]);
  });

  it.skipIf(certificate === undefined)("fails a TLS connection to a server it cannot verify", async () => {
    const espruino = espruinoVm(undefined, true);
    const port = await tlsEchoServer();
    espruino.run(`
      var log = [];
      require("mote").newSocket().open("127.0.0.1", ${port}, true, {
        onConnect: function () { log.push("connect"); },
        onData: function () {}, onWritable: function () {},
        onClose: function (failed) { log.push("close " + failed); },
      });
    `);
    await waitFor("close", () => espruino.run(`log.length`) === 1);
    expect(espruino.run(`log.join()`)).toBe("close true");
  });
});

describe("the Espruino VM's timers", () => {
  it("runs setTimeout and setInterval from Node's event loop, cancels them, and records what throws", async () => {
    const espruino = createEspruinoVm({ timers: true });
    cleanups.push(() => espruino.clearTimers());
    espruino.run(`
      var log = [];
      var a = setTimeout(function () { log.push("a"); }, 5);
      var b = setTimeout(function () { log.push("b"); }, 5);
      clearTimeout(b);
      var n = 0, c = setInterval(function () { log.push("c"); if (++n === 3) clearInterval(c); }, 1);
      setTimeout(function () { throw new Error("boom"); }, 1);
      log.push(typeof a);
    `);
    await waitFor("the timers", () => espruino.run(`log.length`) === 5);
    await settle(20);
    expect((espruino.run(`log.join()`) as string).split(",").sort()).toEqual(["a", "c", "c", "c", "number"]);
    expect(espruino.uncaught.map((error) => String(error))).toEqual(["Error: boom"]);
    expect(createEspruinoVm().run(`typeof setTimeout`)).toBe("undefined");
  });
});

describe("the emulated NodeMCU net", () => {
  it("delivers receive per frame of at most 1460 bytes, raw bytes, and disconnection(0) when the peer closes", async () => {
    // RUNTIMES.md: "receive" fires per network frame (about 1460 bytes); net.c: a close by the
    // peer gives "disconnection" with code 0.
    const { errors, value } = nodemcuLua();
    const echo = await server({ echo: true });
    value(`
      frames, log, got = {}, {}, {}
      conn = net.createConnection()
      conn:on("connection", function(s) log[#log + 1] = "connection" end)
      conn:on("receive", function(s, data) frames[#frames + 1] = #data got[#got + 1] = data end)
      conn:on("sent", function(s) log[#log + 1] = "sent" end)
      conn:on("disconnection", function(s, code) log[#log + 1] = "disconnection " .. tostring(code) .. " " .. tostring(s == conn) end)
      conn:connect(${echo.port}, "127.0.0.1")
    `);
    await waitFor("connection", () => value(`return #log`) === 1);
    const payload = bytePattern(10000).toString("latin1");
    const literal = Array.from(payload, (char) => `\\${char.charCodeAt(0)}`).join("");
    value(`conn:send("${literal}")`);
    await waitFor("the echo", () => value(`return #table.concat(got)`) === 10000);
    expect(value(`return table.concat(got)`)).toBe(payload);
    expect(value(`local m = 0 for _, n in ipairs(frames) do m = math.max(m, n) end return m`)).toBeLessThanOrEqual(1460);
    expect(value(`return #frames`)).toBeGreaterThanOrEqual(7);
    await echo.close();
    await waitFor("disconnection", () => value(`return #log`) === 3);
    expect(value(`return table.concat(log, ",")`)).toBe("connection,sent,disconnection 0 true");
    // As on ESP32, the socket cannot connect again until it is closed.
    expect(value(`return select(2, pcall(conn.connect, conn, ${echo.port}, "127.0.0.1"))`)).toMatch(/already connected/);
    expect(errors).toEqual([]);
  });

  it("reports a refused connection as disconnection(ERR_RST), or as reconnection when that is registered", async () => {
    // net.c (lerr_cb): failures go to "reconnection" when it is registered, else "disconnection".
    const { errors, value } = nodemcuLua();
    const port = await refusedPort();
    value(`
      log = {}
      a = net.createConnection()
      a:on("disconnection", function(s, code) log[#log + 1] = "a disconnection " .. code end)
      a:connect(${port}, "127.0.0.1")
      b = net.createConnection()
      b:on("disconnection", function(s, code) log[#log + 1] = "b disconnection " .. code end)
      b:on("reconnection", function(s, code) log[#log + 1] = "b reconnection " .. code end)
      b:connect(${port}, "127.0.0.1")
    `);
    await waitFor("both", () => value(`return #log`) === 2);
    await settle(20);
    expect((value(`return table.concat(log, ",")`) as string).split(",").sort()).toEqual([
      "a disconnection -14",
      "b reconnection -14",
    ]);
    expect(value(`return select(2, pcall(a.send, a, "x"))`)).toMatch(/not connected/);
    expect(value(`a:close() return select(2, pcall(a.close, a))`)).toMatch(/not connected/);
    expect(errors).toEqual([]);
  });

  it("runs node.task.post tasks later, highest priority first, with the priority as argument", async () => {
    const { errors, value } = nodemcuLua();
    value(`
      order = {}
      node.task.post(function(p) order[#order + 1] = "medium " .. p end)
      node.task.post(node.task.LOW_PRIORITY, function(p) order[#order + 1] = "low " .. p end)
      node.task.post(node.task.HIGH_PRIORITY, function(p) order[#order + 1] = "high " .. p end)
      node.task.post(function() error("task failed") end)
      order[#order + 1] = "posted"
    `);
    await waitFor("the tasks", () => value(`return #order`) === 4);
    await settle(20);
    expect(value(`return table.concat(order, ",")`)).toBe("posted,high 2,medium 1,low 0");
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/task failed/);
  });

  it.skipIf(certificate === undefined)("carries the NodeMCU Socket over the tls module", async () => {
    const { errors, value } = nodemcuLua({ ca: certificate!.ca }, true);
    const port = await tlsEchoServer();
    value(`
      mote = require("mote")
      log, got = {}, {}
      sock = mote.newSocket()
      store = mote.platform.newBytes(3000)
      for i = 0, 2999 do store[i] = (i * 7 + math.floor(i / 256)) % 256 end
      sent = 0
      function pump() while sent < 3000 do local n = sock:write(store, sent, 3000 - sent) sent = sent + n if n < 3000 - sent + n then return end end end
      sock:open("127.0.0.1", ${port}, true, {
        onConnect = function() log[#log + 1] = "connect" pump() end,
        onData = function(s, o, n) got[#got + 1] = mote.platform.readText(s, o, n) end,
        onWritable = pump,
        onClose = function(failed) log[#log + 1] = "close " .. tostring(failed) end,
      })
    `);
    await waitFor("the echo over TLS", () => value(`return #table.concat(got)`) === 3000);
    expect(Buffer.from(value(`return table.concat(got)`) as string, "latin1").equals(bytePattern(3000))).toBe(true);
    value(`sock:close()`);
    await waitFor("close", () => value(`return #log`) === 2);
    expect(value(`return table.concat(log, ",")`)).toBe("connect,close false");
    expect(errors).toEqual([]);
  });
});

/**
 * The simulator's network conditions (hal/sim/network-conditions.ts) on the sockets of both
 * emulated runtimes: Espruino's `net`/`tls` in the Espruino VM and NodeMCU's `net`/`tls` on
 * fengari, against echo servers on 127.0.0.1. The same connection script runs on each runtime
 * (a "rig"); what differs is how the runtime reports a reset and a refusal. Delays are checked
 * against the shaper's own bookkeeping and as lower bounds on the shaper's clock, never as upper
 * bounds on wall-clock time.
 */
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { createFengariLua } from "../../hal/sim/lua";
import { installNodemcuNet } from "../../hal/sim/nodemcu-net";
import { createNetworkShaper } from "../../hal/sim/network-conditions";
import type { NetworkConditions, NetworkShaper } from "../../hal/sim/network-conditions";
import { makeTestCerts, opensslAvailable } from "../brokers/certs";
import { bytePattern, startServer, startTlsEchoServer, waitFor } from "../runtimes/socket-harness";
import type { TestServer } from "../runtimes/socket-harness";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CALM: NetworkConditions = { latencyMs: 0, jitterMs: 0, lossPercent: 0, cuts: [], seed: 1 };

/** A shaper that is stopped after the test. */
function shaper(changes: Partial<NetworkConditions>): NetworkShaper {
  const network = createNetworkShaper({ ...CALM, ...changes }, { record: true });
  cleanups.push(() => network.stop());
  return network;
}

async function echoServer(): Promise<TestServer> {
  const started = await startServer({ echo: true });
  cleanups.push(() => started.close());
  return started;
}

const certs = opensslAvailable() ? makeTestCerts() : undefined;
/** A TLS echo server on 127.0.0.1 with the test certificate, closed after the test. */
async function tlsEchoServer(): Promise<number> {
  const running = await startTlsEchoServer(certs!.serverKey, certs!.serverCert);
  cleanups.push(() => running.close());
  return running.port;
}

/** How a rig's emulation is set up. */
interface RigOptions {
  conditions?: NetworkShaper;
  route?: (host: string, port: number) => { host: string; port: number };
  /** Espruino's chunkSize / NodeMCU's frameSize. */
  chunk?: number;
}

/** One runtime driving named connections through its emulated socket library. */
interface Rig {
  /** Opens connection `id` to host:port (over TLS when `secure`), logging its events. */
  open(id: string, host: string, port: number, secure?: boolean): void;
  /** Sends `bytes` (a byte string) on `id`, as the runtime allows (NodeMCU: one piece per "sent"). */
  send(id: string, bytes: string): void;
  received(id: string): string;
  /** The events of `id`: "connect", then the runtime's error and close entries. */
  log(id: string): string[];
  /** When (shaper clock) `id` saw "connect" and its first "data". */
  stamp(id: string, what: "connect" | "data"): number;
  errors(): unknown[];
}

interface Runtime {
  name: string;
  rig(options: RigOptions): Rig;
  /** The log of a connection reset by a cut after it connected. */
  reset: string[];
  /** The log of a connection opened during a cut. */
  refused: string[];
}

const ESPRUINO_SCRIPT = `
  var conns = {}, logs = {}, got = {};
  function open(id, host, port, secure) {
    logs[id] = []; got[id] = "";
    var s = require(secure ? "tls" : "net").connect({ host: host, port: port }, function () { stamp(id, "connect"); logs[id].push("connect"); });
    s.on("data", function (d) { if (got[id] === "") stamp(id, "data"); got[id] += d; });
    s.on("error", function (e) { logs[id].push("error " + e.code); });
    s.on("close", function (hadError) { logs[id].push("close " + hadError); });
    conns[id] = s;
  }
`;

const NODEMCU_SCRIPT = `
  conns, logs, got, pending, busy = {}, {}, {}, {}, {}
  function open(id, host, port, secure)
    logs[id], got[id], pending[id], busy[id] = {}, {}, {}, true
    local c = (secure and tls or net).createConnection()
    c:on("connection", function() stamp(id, "connect") table.insert(logs[id], "connect") busy[id] = false pump(id) end)
    c:on("receive", function(s, d) if #got[id] == 0 then stamp(id, "data") end table.insert(got[id], d) end)
    c:on("sent", function() busy[id] = false pump(id) end)
    c:on("disconnection", function(s, code) table.insert(logs[id], "disconnection " .. code) end)
    c:connect(port, host)
    conns[id] = c
  end
  function pump(id)
    if busy[id] or #pending[id] == 0 then return end
    busy[id] = true
    conns[id]:send(table.remove(pending[id], 1))
  end
  function send(id, bytes) table.insert(pending[id], bytes) pump(id) end
  function received(id) return table.concat(got[id]) end
  function log(id) return table.concat(logs[id], ",") end
`;

const RUNTIMES: Runtime[] = [
  {
    name: "Espruino",
    reset: ["connect", "error -9", "close true"],
    refused: ["error -4", "close true"],
    rig(options) {
      const espruino = createEspruinoVm({ timers: true });
      const emulation = createEspruinoNet({
        realm: espruino.global,
        onError: espruino.report,
        tlsDefaults: certs === undefined ? undefined : { ca: certs.ca },
        chunkSize: options.chunk,
        conditions: options.conditions,
        route: options.route,
      });
      espruino.addBuiltin("net", emulation.net);
      espruino.addBuiltin("tls", emulation.tls);
      cleanups.push(() => {
        emulation.destroyAll();
        espruino.clearTimers();
      });
      const stamps = new Map<string, number>();
      espruino.global.stamp = (id: string, what: string) => stamps.set(`${id} ${what}`, performance.now());
      espruino.run(ESPRUINO_SCRIPT);
      return {
        open: (id, host, port, secure = false) => espruino.global.open(id, host, port, secure),
        send: (id, bytes) => {
          espruino.global.conns[id].write(bytes);
        },
        received: (id) => espruino.global.got[id] as string,
        log: (id) => [...(espruino.global.logs[id] as string[])],
        stamp: (id, what) => stamps.get(`${id} ${what}`) ?? NaN,
        errors: () => espruino.uncaught,
      };
    },
  },
  {
    name: "NodeMCU",
    reset: ["connect", "disconnection -14"],
    refused: ["disconnection -4"],
    rig(options) {
      const lua = createFengariLua({});
      const errors: string[] = [];
      const emulation = installNodemcuNet(lua.state, {
        onError: (message) => errors.push(message),
        tls: certs === undefined ? undefined : { ca: certs.ca },
        frameSize: options.chunk,
        conditions: options.conditions,
        route: options.route,
      });
      cleanups.push(() => emulation.destroyAll());
      const stamps = new Map<string, number>();
      lua.provide("stamp", (id, what) => {
        stamps.set(`${String(id)} ${String(what)}`, performance.now());
      });
      lua.run(NODEMCU_SCRIPT);
      const call = (name: string) => lua.callable(name);
      return {
        open: (id, host, port, secure = false) => call("open")(id, host, port, secure),
        send: (id, bytes) => call("send")(id, bytes),
        received: (id) => call("received")(id)[0] as string,
        log: (id) => {
          const joined = call("log")(id)[0] as string;
          return joined === "" ? [] : joined.split(",");
        },
        stamp: (id, what) => stamps.get(`${id} ${what}`) ?? NaN,
        errors: () => errors,
      };
    },
  },
];

describe.each(RUNTIMES)("network conditions on the $name sockets", (runtime) => {
  it("adds the latency, within the jitter, to every segment each way: connect and an echo take at least that long", async () => {
    const echo = await echoServer();
    const network = shaper({ latencyMs: 40, jitterMs: 10, seed: 7 });
    const rig = runtime.rig({ conditions: network });
    const opened = performance.now();
    rig.open("a", "127.0.0.1", echo.port);
    await waitFor("connect", () => rig.log("a").length === 1);
    expect(rig.stamp("a", "connect") - opened).toBeGreaterThanOrEqual(30);
    const payload = bytePattern(3000).toString("latin1");
    const sent = performance.now();
    rig.send("a", payload);
    await waitFor("the echo", () => rig.received("a").length === 3000);
    expect(rig.received("a")).toBe(payload);
    // Up one delay, back one delay.
    expect(rig.stamp("a", "data") - sent).toBeGreaterThanOrEqual(60);
    const delays = [...network.stats.delaysMs.up, ...network.stats.delaysMs.down];
    expect(network.stats.delaysMs.up.length).toBeGreaterThan(0);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(30);
      expect(delay).toBeLessThanOrEqual(50);
    }
    expect(network.stats.retransmissions).toBe(0);
    expect(rig.errors()).toEqual([]);
  });

  it("delivers every byte, in order, under loss, whatever the seed and the chunking (lost segments come late, never not at all)", { timeout: 120_000 }, async () => {
    const echo = await echoServer();
    let retransmissions = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 64, max: 1460 }),
        async (seed, pieces, chunk) => {
          const network = createNetworkShaper({ ...CALM, latencyMs: 2, jitterMs: 2, lossPercent: 20, seed }, { record: true });
          const rig = runtime.rig({ conditions: network, chunk });
          const id = `run${run++}`;
          try {
            rig.open(id, "127.0.0.1", echo.port);
            const payload = bytePattern(pieces.reduce((sum, size) => sum + size, 0)).toString("latin1");
            let at = 0;
            for (const size of pieces) {
              rig.send(id, payload.slice(at, at + size));
              at += size;
            }
            await waitFor("the echo", () => rig.received(id).length >= payload.length, 60_000);
            expect(rig.received(id)).toBe(payload);
            expect(rig.log(id)).toEqual(["connect"]);
            retransmissions += network.stats.retransmissions;
          } finally {
            network.stop();
          }
        },
      ),
      { numRuns: 5, seed: 42 },
    );
    // The fixed seeds make the device's own segments (and so their losses) the same every run.
    expect(retransmissions).toBeGreaterThan(0);
  });

  it("resets open connections when cut, refuses new ones (without reaching the server) until restored", async () => {
    const echo = await echoServer();
    const network = shaper({ latencyMs: 5 });
    const rig = runtime.rig({ conditions: network });
    rig.open("a", "127.0.0.1", echo.port);
    await waitFor("connect", () => rig.log("a").length === 1);
    network.cutNow();
    expect(network.down).toBe(true);
    await waitFor("the reset", () => rig.log("a").length === runtime.reset.length);
    expect(rig.log("a")).toEqual(runtime.reset);
    rig.open("b", "127.0.0.1", echo.port);
    await waitFor("the refusal", () => rig.log("b").length === runtime.refused.length);
    expect(rig.log("b")).toEqual(runtime.refused);
    expect(echo.connections()).toBe(1);
    expect(network.stats).toMatchObject({ resets: 1, refused: 1 });
    network.restoreNow();
    expect(network.down).toBe(false);
    rig.open("c", "127.0.0.1", echo.port);
    await waitFor("connect after the cut", () => rig.log("c").length === 1);
    rig.send("c", "back");
    await waitFor("the echo", () => rig.received("c") === "back");
    expect(rig.log("a")).toEqual(runtime.reset);
    expect(rig.errors()).toEqual([]);
  });

  it("cuts on the schedule: a window from the start resets what is open and refuses new connections", async () => {
    const echo = await echoServer();
    const started = performance.now();
    const network = shaper({});
    const rig = runtime.rig({ conditions: network });
    rig.open("a", "127.0.0.1", echo.port);
    await waitFor("connect", () => rig.log("a").length === 1);
    // The window opens 0.1 s from now (on a loaded machine "a" may take long to connect) and is
    // long, ended by hand below, so that "b" still opens inside it; where windows end is checked
    // on the shaper's clock in "the network shaper" below.
    const atSeconds = (performance.now() - started + 100) / 1000;
    network.change({ cuts: [{ atSeconds, forSeconds: 30 }] });
    expect(network.down).toBe(false);
    await waitFor("the window's reset", () => rig.log("a").length === runtime.reset.length);
    expect(rig.log("a")).toEqual(runtime.reset);
    expect(network.down).toBe(true);
    rig.open("b", "127.0.0.1", echo.port);
    await waitFor("the refusal", () => rig.log("b").length === runtime.refused.length);
    expect(rig.log("b")).toEqual(runtime.refused);
    network.restoreNow();
    rig.open("c", "127.0.0.1", echo.port);
    await waitFor("connect after the window", () => rig.log("c").length === 1);
    expect(rig.log("c")).toEqual(["connect"]);
    expect(echo.connections()).toBe(2);
    expect(network.stats).toMatchObject({ resets: 1, refused: 1 });
  });

  it("applies conditions changed at run time to the segments after the change, and resets when a change opens a window", async () => {
    const echo = await echoServer();
    const network = shaper({});
    const rig = runtime.rig({ conditions: network });
    rig.open("a", "127.0.0.1", echo.port);
    await waitFor("connect", () => rig.log("a").length === 1);
    rig.send("a", "calm");
    await waitFor("the first echo", () => rig.received("a") === "calm");
    const before = { up: network.stats.delaysMs.up.length, down: network.stats.delaysMs.down.length };
    network.change({ latencyMs: 30 });
    rig.send("a", "slow");
    await waitFor("the second echo", () => rig.received("a") === "calmslow");
    expect([...network.stats.delaysMs.up.slice(0, before.up), ...network.stats.delaysMs.down.slice(0, before.down)].every((delay) => delay === 0)).toBe(true);
    const after = [...network.stats.delaysMs.up.slice(before.up), ...network.stats.delaysMs.down.slice(before.down)];
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((delay) => delay === 30)).toBe(true);
    network.change({ cuts: [{ atSeconds: 0, forSeconds: 60 }] });
    await waitFor("the reset", () => rig.log("a").length === runtime.reset.length);
    expect(rig.log("a")).toEqual(runtime.reset);
    expect(network.down).toBe(true);
  });

  it("routes the address the device asks for to the real one", async () => {
    const echo = await echoServer();
    const asked: string[] = [];
    const rig = runtime.rig({
      route: (host, port) => {
        asked.push(`${host}:${port}`);
        return { host: "127.0.0.1", port: echo.port };
      },
    });
    rig.open("a", "broker.example", 1883);
    await waitFor("connect", () => rig.log("a").length === 1);
    rig.send("a", "routed");
    await waitFor("the echo", () => rig.received("a") === "routed");
    expect(asked).toEqual(["broker.example:1883"]);
    expect(echo.received().toString("latin1")).toBe("routed");
  });

  it.skipIf(certs === undefined)("shapes TLS sockets too: routed, delayed, and reset by a cut", async () => {
    const port = await tlsEchoServer();
    const network = shaper({ latencyMs: 20 });
    const rig = runtime.rig({ conditions: network, route: (host) => ({ host, port }) });
    rig.open("a", "127.0.0.1", 8883, true);
    await waitFor("connect", () => rig.log("a").length === 1);
    const sent = performance.now();
    rig.send("a", "secure");
    await waitFor("the echo", () => rig.received("a") === "secure");
    expect(rig.stamp("a", "data") - sent).toBeGreaterThanOrEqual(40);
    network.cutNow();
    await waitFor("the reset", () => rig.log("a").length === runtime.reset.length);
    expect(rig.log("a")).toEqual(runtime.reset);
    expect(rig.errors()).toEqual([]);
  });
});

describe("the network shaper", () => {
  it("is down in each scheduled window, repeating every everySeconds, and restoreNow ends only the current one", () => {
    let clock = 0;
    const network = createNetworkShaper({ ...CALM, cuts: [{ atSeconds: 1, forSeconds: 2, everySeconds: 5 }] }, { now: () => clock });
    cleanups.push(() => network.stop());
    const downAt = (seconds: number): boolean => {
      clock = seconds * 1000;
      return network.down;
    };
    expect([0.5, 1, 2.9, 3, 5.9, 6, 7.9, 8, 11.5].map(downAt)).toEqual([false, true, true, false, false, true, true, false, true]);
    clock = 6500;
    network.restoreNow();
    expect([6.5, 7.9, 11.5].map(downAt)).toEqual([false, false, true]);
    network.cutNow();
    expect(downAt(8.5)).toBe(true);
    network.restoreNow();
    expect(downAt(8.5)).toBe(false);
  });

  it("refuses conditions it cannot simulate, naming the field, and keeps the ones in force", () => {
    expect(() => createNetworkShaper({ ...CALM, lossPercent: 100 })).toThrow(/lossPercent/);
    expect(() => createNetworkShaper({ ...CALM, latencyMs: -1 })).toThrow(/latencyMs/);
    const network = shaper({ latencyMs: 10 });
    expect(() => network.change({ cuts: [{ atSeconds: 0, forSeconds: 2, everySeconds: 1 }] })).toThrow(/cuts\[0\]\.everySeconds/);
    network.change({ latencyMs: 25, lossPercent: 5 });
    expect(network.conditions).toMatchObject({ latencyMs: 25, lossPercent: 5, cuts: [] });
  });
});

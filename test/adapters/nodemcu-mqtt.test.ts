/**
 * The drop-in for NodeMCU's `mqtt.Client` (hal/nodemcu/mqtt-client.ts) as built into
 * dist/nodemcu/mote.lua, run on fengari (Lua 5.3 with 32-bit integers, as NodeMCU builds it) with
 * the simulator's `net`, `node.task` and `tmr` emulation, against aedes in process, with MQTT.js
 * as the peer. The device code is written as NodeMCU applications write it against
 * `mqtt.Client` (`mqtt = require("mote")`); every callback records its arguments, so the tests
 * check NodeMCU's argument lists (docs/modules/mqtt.md on `release` and `dev-esp32`).
 *
 * RUNTIMES.md lines relied on (NodeMCU): `mqtt.Client(clientid, keepalive[, user, pass,
 * cleansession, max_message_length])` with `:on`, `:connect(host[, port[, secure]][, onconnect[,
 * onfail]])`, `:publish`, `:subscribe`, `:unsubscribe`, `:lwt`, `:close`; `tmr.create():alarm(ms,
 * tmr.ALARM_AUTO, fn)`; `node.uptime()` on ESP32, `tmr.now()` on ESP8266.
 */
import * as tls from "node:tls";
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import mqtt from "mqtt";
import type { MqttClient } from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";
import { makeTestCerts, opensslAvailable } from "../brokers/certs";
import { createFengariLua, nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { refusedPort } from "../runtimes/socket-harness";
import { installNodemcuNet, installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import type { NodemcuNet } from "../../hal/sim/nodemcu-net";
import { installNodemcuTimers } from "../../hal/sim/nodemcu-tmr";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { until } from "../client/driver";

let broker: RunningAedes;
beforeAll(async () => {
  broker = await startAedes({ version: 1 });
});
afterAll(async () => {
  await broker.close();
});

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * What every device chunk starts with: the bundle as `mqtt`, a record of events (`seen`), and
 * `recorder(name)`, a callback that records its arguments: the client as "client", a table as its
 * sorted `key=value` pairs in braces, anything else with `tostring`, and `nil` for nil.
 */
const PRELUDE = `
  mqtt = require("mote")
  seen, printed = {}, {}
  print = function(...) printed[#printed + 1] = table.concat({...}, " ") end
  local function describe(value)
    if type(value) == "table" and value.publish ~= nil then return "client" end
    if type(value) ~= "table" then return tostring(value) end
    local pairsList = {}
    for key, entry in pairs(value) do pairsList[#pairsList + 1] = tostring(key) .. "=" .. tostring(entry) end
    table.sort(pairsList)
    return "{" .. table.concat(pairsList, ";") .. "}"
  end
  function recorder(name)
    return function(...)
      local parts = {}
      for index = 1, select("#", ...) do parts[index] = describe((select(index, ...))) end
      seen[#seen + 1] = name .. "(" .. table.concat(parts, ",") .. ")"
    end
  end
  function count(prefix)
    local total = 0
    for _, entry in ipairs(seen) do
      if entry:sub(1, #prefix) == prefix then total = total + 1 end
    end
    return total
  end
`;

/** A NodeMCU device on fengari: the bundle, the emulated modules, and ways to run Lua and read values back. */
function device(branch: "dev-esp32" | "release" = "dev-esp32", frameSize = 1460, tlsOptions?: tls.ConnectionOptions) {
  const lua = createFengariLua({ mote: ARTEFACTS.nodemcu });
  const errors: string[] = [];
  const onError = (message: string): void => void errors.push(message);
  const net: NodemcuNet = installNodemcuNet(lua.state, { onError, frameSize, tls: tlsOptions });
  const stopTasks = installNodemcuTasks(lua.state, onError);
  const timers = installNodemcuTimers(lua.state, { branch, onError });
  lua.run(PRELUDE);
  cleanups.push(() => {
    timers.stopAll();
    net.destroyAll();
    stopTasks();
  });
  const run = (chunk: string): void => void lua.run(chunk);
  const value = (expression: string): unknown => lua.run(`return ${expression}`).values[0];
  const seen = (): string[] => {
    const total = value("#seen") as number;
    const entries: string[] = [];
    for (let index = 1; index <= total; index++) entries.push(value(`seen[${index}]`) as string);
    return entries;
  };
  const waitFor = (prefix: string, times = 1, what = prefix): Promise<void> =>
    until(() => (value(`count(${JSON.stringify(prefix)})`) as number) >= times, what, 10000);
  return { run, value, seen, waitFor, errors, net };
}

/** MQTT.js on the broker, subscribed to `filter` at QoS 2, collecting `topic=payload@qos`. */
async function peer(port: number, filter?: string, options: mqtt.IClientOptions = {}): Promise<{ client: MqttClient; received: string[] }> {
  const { client } = await connectMqtt(`mqtt://127.0.0.1:${port}`, options);
  cleanups.push(() => client.endAsync());
  const received: string[] = [];
  client.on("message", (topic, payload, packet) => received.push(`${topic}=${payload.toString("latin1")}@${packet.qos}`));
  if (filter !== undefined) await client.subscribeAsync(filter, { qos: 2 });
  return { client, received };
}

/** The broker drops the connection of the client with `clientId` (as a broker restart or a lost route would). */
function dropLink(clientId: string): void {
  const clients = (broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> }).clients;
  clients[clientId].conn.destroy();
}

describe("mote.Client, NodeMCU's mqtt.Client on the Lua bundle", () => {
  it("connects and calls every callback with NodeMCU's arguments, QoS 0, 1 and 2 both ways", async () => {
    const dev = device();
    const other = await peer(broker.port, "from-device/#");
    await other.client.publishAsync("to-device/one", "retained", { qos: 1, retain: true });
    cleanups.push(() => other.client.publishAsync("to-device/one", "", { qos: 1, retain: true }).then(() => {}));
    dev.run(`
      m = mqtt.Client("nodemcu-callbacks", 120)
      m:on("message", recorder("message"))
      m:on("offline", recorder("offline"))
      m:on("puback", recorder("puback"))
      m:connect("127.0.0.1", ${broker.port}, false, function(client)
        recorder("connect")(client)
        client:subscribe("to-device/one", 2, recorder("suback"))
      end, recorder("connfail"))
    `);
    await dev.waitFor("suback");
    await dev.waitFor("message");
    await other.client.publishAsync("to-device/one", "q0", { qos: 0 });
    await other.client.publishAsync("to-device/one", "q1", { qos: 1 });
    await other.client.publishAsync("to-device/one", "q2", { qos: 2 });
    await other.client.publishAsync("to-device/one", "", { qos: 1 });
    await dev.waitFor("message", 5);
    for (const qos of [0, 1, 2]) {
      expect(dev.value(`m:publish("from-device/q${qos}", "reading ${qos}", ${qos}, 0)`)).toBe(true);
    }
    await until(() => other.received.length === 3, "the device's three messages");
    await dev.waitFor("puback", 3);
    expect(other.received.sort()).toEqual(["from-device/q0=reading 0@0", "from-device/q1=reading 1@1", "from-device/q2=reading 2@2"]);
    // subscribed once: the retained message comes once
    expect(dev.seen().slice(0, 7)).toEqual([
      "connect(client)",
      "suback(client,{to-device/one=2})",
      "message(client,to-device/one,retained)",
      "message(client,to-device/one,q0)",
      "message(client,to-device/one,q1)",
      "message(client,to-device/one,q2)",
      "message(client,to-device/one)",
    ]);
    // QoS 0 once handed to the socket, QoS 1 on PUBACK, QoS 2 on PUBCOMP (each with its reason code)
    expect(dev.seen().slice(7)).toEqual(["puback(client,0)", "puback(client,0)", "puback(client,0)"]);
    expect(dev.errors).toEqual([]);
  });

  it("subscribes to a table of topics with one suback, and unsubscribes in both forms", async () => {
    const dev = device();
    const other = await peer(broker.port);
    dev.run(`
      m = mqtt.Client("nodemcu-tables", 60, "ignored-user", "ignored-password", 1, 2048)
      m:on("message", recorder("message"))
      m:on("unsuback", recorder("unsuback"))
      m:connect("127.0.0.1", ${broker.port}, function(client)
        client:subscribe({ ["t/a"] = 0, ["t/b"] = 1, ["t/c"] = 2, ["t/+/d"] = 1 }, recorder("suback"))
      end)
    `);
    await dev.waitFor("suback");
    expect(dev.seen()).toEqual(["suback(client,{t/+/d=1;t/a=0;t/b=1;t/c=2})"]);
    for (const topic of ["t/a", "t/b", "t/c", "t/x/d"]) await other.client.publishAsync(topic, topic, { qos: 1 });
    await dev.waitFor("message", 4);
    expect(dev.value(`m:unsubscribe("t/a")`)).toBe(true);
    await dev.waitFor("unsuback");
    expect(dev.value(`m:unsubscribe({ ["t/b"] = true, ["t/+/d"] = "anything" }, recorder("unsuback-table"))`)).toBe(true);
    await dev.waitFor("unsuback-table");
    for (const topic of ["t/a", "t/b", "t/x/d", "t/c"]) await other.client.publishAsync(topic, `${topic} later`, { qos: 1 });
    await dev.waitFor("message(client,t/c,t/c later)");
    const messages = dev.seen().filter((entry) => entry.startsWith("message"));
    expect(messages.slice(0, 4).sort()).toEqual([
      "message(client,t/a,t/a)",
      "message(client,t/b,t/b)",
      "message(client,t/c,t/c)",
      "message(client,t/x/d,t/x/d)",
    ]);
    expect(messages.slice(4)).toEqual(["message(client,t/c,t/c later)"]);
    expect(dev.seen().filter((entry) => entry.startsWith("unsuback"))).toEqual([
      "unsuback(client,{t/a=0})",
      "unsuback-table(client,{t/+/d=0;t/b=0})",
    ]);
    expect(dev.errors).toEqual([]);
  });

  it("closes with DISCONNECT: 'offline' fires, the will is not published, and it connects again", async () => {
    const dev = device();
    const other = await peer(broker.port, "status/#");
    dev.run(`
      m = mqtt.Client("nodemcu-close", 60)
      m:lwt("status/nodemcu-close", "gone", 1, 0)
      m:on("connect", recorder("connect"))
      m:on("offline", recorder("offline"))
      m:connect("127.0.0.1", ${broker.port})
    `);
    await dev.waitFor("connect");
    dev.run(`m:close()`);
    await dev.waitFor("offline");
    expect(dev.value(`select(2, m:subscribe("x", 0))`)).toBe("NotConnected");
    dev.run(`m:connect("127.0.0.1", ${broker.port})`);
    await dev.waitFor("connect", 2);
    dev.run(`m:close() m:connect("127.0.0.1", ${broker.port})`);
    await dev.waitFor("connect", 3);
    expect(dev.seen()).toEqual(["connect(client,false)", "offline(client,Success,0)", "connect(client,false)", "offline(client,Success,0)", "connect(client,false)"]);
    await other.client.publishAsync("status/marker", "m", { qos: 1 });
    await until(() => other.received.length === 1, "the marker");
    expect(other.received).toEqual(["status/marker=m@1"]);
    expect(dev.errors).toEqual([]);
  });

  it("has its will published when the link dies", async () => {
    const dev = device();
    const other = await peer(broker.port, "status/#");
    dev.run(`
      m = mqtt.Client("nodemcu-will", 60)
      m:lwt("status/nodemcu-will", "offline", 1, 0)
      m:connect("127.0.0.1", ${broker.port}, recorder("connect"))
    `);
    await dev.waitFor("connect");
    dev.net.destroyAll();
    await until(() => other.received.length === 1, "the will");
    expect(other.received).toEqual(["status/nodemcu-will=offline@1"]);
  });

  it.skipIf(!opensslAvailable())("connects over TLS with secure = true where the firmware has the tls module (ESP8266)", async () => {
    const certs = makeTestCerts();
    const secured = await startAedes({ version: 1, tls: { cert: certs.serverCert, key: certs.serverKey } });
    cleanups.push(() => secured.close());
    const dev = device("release", 1460, { ca: certs.ca });
    dev.run(`
      m = mqtt.Client("nodemcu-tls", 60)
      m:on("message", recorder("message"))
      m:connect("127.0.0.1", ${secured.tlsPort}, true, function(client)
        client:subscribe("secure/echo", 1, function(client) client:publish("secure/echo", "over tls", 1, 0) end)
      end, recorder("connfail"))
    `);
    await dev.waitFor("message");
    expect(dev.seen()).toEqual(["message(client,secure/echo,over tls)"]);
    expect(dev.errors).toEqual([]);
  });

  it("reports a refused CONNACK to onfail with NodeMCU's reason code, and an unreachable broker with -5", async () => {
    const guarded = await startAedes({ version: 1, username: "device", password: "secret" });
    cleanups.push(() => guarded.close());
    const closedPort = await refusedPort();
    const dev = device();
    dev.run(`
      m = mqtt.Client("nodemcu-refused", 60, "device", "wrong")
      m:on("offline", recorder("offline"))
      m:on("connect", recorder("connect"))
      m:connect("127.0.0.1", ${guarded.port}, false, nil, recorder("connfail"))
    `);
    await dev.waitFor("connfail");
    dev.run(`m:connect("127.0.0.1", ${closedPort})`);
    await dev.waitFor("connfail", 2);
    dev.run(`
      good = mqtt.Client("nodemcu-allowed", 60, "device", "secret")
      good:connect("127.0.0.1", ${guarded.port}, recorder("connect"), recorder("connfail"))
    `);
    await dev.waitFor("connect");
    expect(dev.seen()).toEqual(["connfail(client,4)", "connfail(client,-5)", "connect(client,false)"]);
    expect(dev.value(`mqtt.CONNACK_REFUSED_BAD_USER_OR_PASS`)).toBe(4);
    expect(dev.value(`mqtt.CONN_FAIL_SERVER_NOT_FOUND`)).toBe(-5);
    expect(dev.errors).toEqual([]);
  });

  it("reconnects with back-off after the broker drops the link, and delivers what was published meanwhile", async () => {
    const dev = device();
    const other = await peer(broker.port, "log/#");
    dev.run(`
      m = mqtt.Client("nodemcu-reconnect", 60, { reconnect = true })
      m:on("connect", function(client, sessionPresent)
        recorder("connect")(client, sessionPresent)
        client:subscribe("cmd/nodemcu-reconnect", 1, recorder("suback"))
      end)
      m:on("offline", recorder("offline"))
      m:on("message", recorder("message"))
      m:connect("127.0.0.1", ${broker.port})
    `);
    await dev.waitFor("suback");
    dropLink("nodemcu-reconnect");
    await dev.waitFor("offline");
    for (const [index, qos] of [1, 1, 1, 2, 0].entries()) {
      expect(dev.value(`m:publish("log/nodemcu", "while offline ${index}", ${qos}, 0)`)).toBe(true);
    }
    await dev.waitFor("suback", 2, "the reconnection and its subscription");
    await other.client.publishAsync("cmd/nodemcu-reconnect", "welcome back", { qos: 1 });
    await dev.waitFor("message");
    await until(() => other.received.length === 5, "the messages published while offline");
    // aedes lets messages of one QoS overtake another's (MQTT orders messages per QoS level)
    expect(other.received.filter((entry) => entry.endsWith("@1"))).toEqual([
      "log/nodemcu=while offline 0@1",
      "log/nodemcu=while offline 1@1",
      "log/nodemcu=while offline 2@1",
    ]);
    expect(other.received).toContain("log/nodemcu=while offline 3@2");
    expect(other.received).toContain("log/nodemcu=while offline 4@0");
    expect(dev.seen()).toEqual([
      "connect(client,false)",
      "suback(client,{cmd/nodemcu-reconnect=1})",
      "offline(client,ConnectionLost,0)",
      "connect(client,false)",
      "suback(client,{cmd/nodemcu-reconnect=1})",
      "message(client,cmd/nodemcu-reconnect,welcome back)",
    ]);
    expect(dev.errors).toEqual([]);
  });

  it("does not reconnect by default, as NodeMCU; ESP32's autoreconnect argument of :connect turns it on", async () => {
    const dev = device();
    dev.run(`
      plain = mqtt.Client("nodemcu-plain", 60)
      plain:on("offline", recorder("plain-offline"))
      plain:connect("127.0.0.1", ${broker.port}, false, recorder("plain-connect"))
      auto = mqtt.Client("nodemcu-auto", 60)
      auto:on("offline", recorder("auto-offline"))
      auto:connect("127.0.0.1", ${broker.port}, false, 1, recorder("auto-connect"), recorder("auto-connfail"))
    `);
    await dev.waitFor("plain-connect");
    await dev.waitFor("auto-connect");
    dropLink("nodemcu-plain");
    dropLink("nodemcu-auto");
    await dev.waitFor("auto-connect", 2, "the reconnection");
    expect(dev.seen().filter((entry) => entry.startsWith("plain")).sort()).toEqual(["plain-connect(client,false)", "plain-offline(client,ConnectionLost,0)"]);
    expect(dev.seen().filter((entry) => entry.startsWith("auto"))).toEqual([
      "auto-connect(client,false)",
      "auto-offline(client,ConnectionLost,0)",
      "auto-connect(client,false)",
    ]);
    dev.run(`auto:close()`);
    await dev.waitFor("auto-offline", 2);
    expect(dev.errors).toEqual([]);
  });

  it("queues while offline until the queue is full, then publish returns false and nothing queued is lost", async () => {
    const dev = device();
    const other = await peer(broker.port, "queued/#");
    dev.run(`m = mqtt.Client("nodemcu-queue", 60, { queue_messages = 2 })`);
    expect(dev.value(`m:publish("queued/a", "first", 1, 0)`)).toBe(true);
    expect(dev.value(`m:publish("queued/b", "second", 2, 0)`)).toBe(true);
    dev.run(`full, why = m:publish("queued/c", "third", 1, 0)`);
    expect([dev.value("full"), dev.value("why")]).toEqual([false, "QueueFull"]);
    dev.run(`m:connect("127.0.0.1", ${broker.port}, recorder("connect"))`);
    await dev.waitFor("connect");
    await until(() => other.received.length === 2, "the two queued messages");
    expect(dev.value(`m:publish("queued/c", "third", 1, 0)`)).toBe(true);
    await until(() => other.received.length === 3, "the third message");
    expect(other.received).toEqual(["queued/a=first@1", "queued/b=second@2", "queued/c=third@1"]);
    expect(dev.errors).toEqual([]);
  });

  it("hands a message over max_message_length to 'overflow', cut to that length and acknowledged (ESP8266 clock, 5-byte frames)", async () => {
    const dev = device("release", 5);
    const other = await peer(broker.port);
    dev.run(`
      m = mqtt.Client("nodemcu-overflow", 60, nil, nil, 1, 100)
      m:on("message", recorder("message"))
      m:on("overflow", recorder("overflow"))
      m:connect("127.0.0.1", ${broker.port}, function(client) client:subscribe("big/#", 2, recorder("suback")) end)
    `);
    await dev.waitFor("suback");
    // PUBACK and PUBCOMP come back: the cut messages were acknowledged
    await other.client.publishAsync("big/one", "a".repeat(300), { qos: 1 });
    await other.client.publishAsync("big/two", "b".repeat(3000), { qos: 2 });
    await other.client.publishAsync("big/three", "c".repeat(200), { qos: 0 });
    await other.client.publishAsync("big/small", "fits", { qos: 1 });
    await dev.waitFor("message");
    // 100 bytes in all: fixed header 2, topic 2 + 7 (+ 9 for "big/three"), packet id 2 (QoS 1 and 2)
    expect(dev.seen()).toEqual([
      "suback(client,{big/#=2})",
      `overflow(client,big/one,${"a".repeat(87)})`,
      `overflow(client,big/two,${"b".repeat(87)})`,
      `overflow(client,big/three,${"c".repeat(87)})`,
      "message(client,big/small,fits)",
    ]);
    expect(dev.value(`select(2, m:publish("big/out", string.rep("x", 100), 0, 0))`)).toBe("PacketTooLarge");
    expect(dev.errors).toEqual([]);
  });

  it("speaks MQTT 5 with { version = 5 } against aedes 2, and reports MQTT 5 CONNACK reason codes", async () => {
    const broker5 = await startAedes({ version: 2, username: "device", password: "secret" });
    cleanups.push(() => broker5.close());
    const dev = device();
    const other = await peer(broker5.port, "v5/from/#", { protocolVersion: 5, username: "device", password: "secret" });
    dev.run(`
      refused = mqtt.Client("nodemcu-v5-refused", 60, "device", "wrong", { version = 5 })
      refused:connect("127.0.0.1", ${broker5.port}, nil, recorder("connfail"))
      m = mqtt.Client("nodemcu-v5", 60, "device", "secret", { version = 5 })
      m:on("message", recorder("message"))
      m:on("puback", recorder("puback"))
      m:connect("127.0.0.1", ${broker5.port}, function(client) client:subscribe({ ["v5/to/#"] = 2 }, recorder("suback")) end)
    `);
    await dev.waitFor("suback");
    await dev.waitFor("connfail");
    await other.client.publishAsync("v5/to/device", "hello five", { qos: 2 });
    await dev.waitFor("message");
    expect(dev.value(`m:publish("v5/from/device", "hello peer", 2, 0)`)).toBe(true);
    await dev.waitFor("puback");
    await until(() => other.received.length === 1, "the device's message");
    expect(other.received).toEqual(["v5/from/device=hello peer@2"]);
    expect(dev.seen().sort()).toEqual([
      "connfail(client,134)",
      "message(client,v5/to/device,hello five)",
      "puback(client,0)",
      "suback(client,{v5/to/#=2})",
    ]);
    expect(dev.errors).toEqual([]);
  });

  it("refuses bad arguments with a clear Lua error at the caller's line or false, and keeps running with nothing queued lost", async () => {
    const dev = device();
    const other = await peer(broker.port, "safe/out");
    dev.run(`
      function try(code)
        local ok, message = pcall(load(code, "=input"))
        return tostring(ok) .. " " .. tostring(message)
      end
      m = mqtt.Client("nodemcu-arguments", 60)
      m:on("message", function(client, topic, data) error("application bug on " .. topic) end)
    `);
    const attempts: [string, string][] = [
      [`mqtt.Client(nil, 60)`, "bad argument #1 to 'Client' (string expected, got nil)"],
      [`mqtt.Client("x", "60")`, "bad argument #2 to 'Client' (whole number from 0 to 65535 expected, got string)"],
      [`mqtt.Client("x", 60, { versoin = 5 })`, "bad argument #3 to 'Client' (invalid option 'versoin')"],
      [`mqtt.Client("x", 60, "u", "p", { version = 6 })`, "bad argument #5 to 'Client' (whole number from 3 to 5 expected, got 6)"],
      [`m:on("bogus", print)`, "bad argument #1 to 'on' (invalid option 'bogus')"],
      [`m:on("message", 5)`, "bad argument #2 to 'on' (function expected, got number)"],
      [`m:publish(nil, "x", 0, 0)`, "bad argument #1 to 'publish' (string expected, got nil)"],
      [`m:publish("t", {}, 0, 0)`, "bad argument #2 to 'publish' (string expected, got table)"],
      [`m:publish("t", "x", 3, 0)`, "bad argument #3 to 'publish' (QoS 0, 1 or 2 expected, got 3)"],
      [`m:publish("t", "x", 0, "yes")`, "bad argument #4 to 'publish' (0, 1 or a boolean expected, got string)"],
      [`m:subscribe({})`, "bad argument #1 to 'subscribe' (topic = qos expected, got no topics)"],
      [`m:unsubscribe({ [1] = true })`, "bad argument #1 to 'unsubscribe' (string topics expected, got number)"],
      [`m:subscribe({ a = 5 })`, "bad argument #1 to 'subscribe' (QoS 0, 1 or 2 expected, got 5)"],
      [`m:unsubscribe(7)`, "bad argument #1 to 'unsubscribe' (string expected, got number)"],
      [`m:lwt("t")`, "bad argument #2 to 'lwt' (string expected, got nil)"],
      [`m:connect(nil)`, "bad argument #1 to 'connect' (string expected, got nil)"],
      [`m:connect("127.0.0.1", "1883")`, "bad argument #2 to 'connect' (function expected, got string)"],
      [`m:connect("127.0.0.1", 1883, { ca_cert = "PEM" })`, "bad argument #3 to 'connect' (true/false (certificates are set with tls.cert.verify) expected, got table)"],
      [`m:connect("127.0.0.1", 1883, true)`, "ssl not available"],
    ];
    for (const [code, message] of attempts) {
      expect(dev.value(`try(${JSON.stringify(code)})`)).toBe(`false input:1: ${message}`);
    }
    // Refusals that are not programming errors: false and the status's name
    dev.run(`wildcard = { m:publish("a/+", "x", 1, 0) } offline = { m:subscribe("safe/in", 1) }`);
    expect([dev.value("wildcard[1]"), dev.value("wildcard[2]")]).toEqual([false, "TopicWildcard"]);
    expect([dev.value("offline[1]"), dev.value("offline[2]")]).toEqual([false, "NotConnected"]);
    expect(dev.value(`m:publish("safe/out", "queued before connecting", 1, 0)`)).toBe(true);
    dev.run(`m:connect("127.0.0.1", ${broker.port}, function(client) client:subscribe("safe/in", 1, recorder("suback")) end)`);
    await dev.waitFor("suback");
    expect(dev.value(`try("m:connect('127.0.0.1', ${broker.port})")`)).toBe("false input:1: already connected");
    await other.client.publishAsync("safe/in", "trigger", { qos: 1 });
    await until(() => (dev.value("#printed") as number) === 1, "the callback's error report");
    expect(dev.value("printed[1]")).toMatch(/^mote: the 'message' callback raised: .*application bug on safe\/in$/);
    expect(dev.value(`m:publish("safe/out", "after the errors", 1, 0)`)).toBe(true);
    await until(() => other.received.length === 2, "both messages");
    expect(other.received).toEqual(["safe/out=queued before connecting@1", "safe/out=after the errors@1"]);
    expect(dev.errors).toEqual([]);
  });
});

/**
 * Without a network: the client made, refusing bad arguments and queueing while offline, with
 * stand-ins for the firmware modules it touches at creation, the same on fengari, lua5.1 (Lua 5.1,
 * ESP8266's default) and lua5.3.
 */
const OFFLINE_CHUNK = `
  tmr = { ALARM_AUTO = 1, create = function()
    return { register = function() end, start = function() return true end, stop = function() return true end }
  end }
  net = { createConnection = function() return {} end }
  node = { task = { post = function() end }, uptime = function() return 0, 0 end }
  local mqtt = require("mote")
  local m = mqtt.Client("offline", 60, nil, nil, 0, 512, { version = 5, queue_messages = 2 })
  print(pcall(function() m:publish(nil, "x", 0, 0) end))
  print(pcall(function() m:subscribe({ a = 1 }, 7) end))
  print(m:publish("sensors/t", 21.5, 1, true))
  print(m:publish("sensors/+", "x", 1, 0))
  print(m:publish("sensors/h", "40", 0, false))
  print(m:publish("sensors/p", "1013", 2, 0))
  print(m:subscribe("a", 1))
  print(m:unsubscribe({ a = true }))
`;

const OFFLINE_OUTPUT = [
  "false\tstdin:9: bad argument #1 to 'publish' (string expected, got nil)",
  "false\tstdin:10: bad argument #2 to 'subscribe' (function expected, got number)",
  "true",
  "false\tTopicWildcard",
  "true",
  "false\tQueueFull",
  "false\tNotConnected",
  "false\tNotConnected",
  "",
].join("\n");

describe("mote.Client without a network, on every Lua", () => {
  it("prints the same on fengari", () => {
    expect(runFengariLua({ mote: ARTEFACTS.nodemcu }, OFFLINE_CHUNK).printed).toBe(OFFLINE_OUTPUT);
  });
  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    it.skipIf(!nativeLuaAvailable(interpreter))(`prints the same on ${interpreter}`, () => {
      expect(runNativeLua(interpreter, { mote: ARTEFACTS.nodemcu }, OFFLINE_CHUNK)).toBe(OFFLINE_OUTPUT);
    });
  }
});

/**
 * The core client as built into the Lua bundle (dist/nodemcu/mote.lua), on fengari (Lua 5.3 with
 * 32-bit integers, as NodeMCU builds it) with the simulator's `net` and `node.task` emulation and
 * the bundle's own NodeMCU Socket, against aedes on 127.0.0.1 with MQTT.js as the peer: the same
 * exchanges test/client/aedes.test.ts proves on Node.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { createFengariLua } from "../runtimes/lua";
import { installNodemcuNet, installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { until } from "./harness";

let broker: RunningAedes;
beforeAll(async () => {
  broker = await startAedes({ version: 1 });
});
afterAll(async () => {
  await broker.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The device side: a client from the bundle, recording what it reports; the clock is set from Node. */
const DRIVER = (port: number, clientId: string) => `
  mote = require("mote")
  clockUs = 0
  node.uptime = function() return clockUs, 0 end
  seen = { connects = 0, messages = {}, published = 0, subscribed = 0, closes = {} }
  local platform = mote.platform
  local options = mote.defaultClientOptions("127.0.0.1", ${port}, "${clientId}")
  client = mote.newClient(platform, mote.newSocket(), options, {
    onConnect = function() seen.connects = seen.connects + 1 end,
    onClose = function(status, code) seen.closes[#seen.closes + 1] = mote.statusName(status) .. ":" .. string.format("%d", code) end,
    onMessage = function(view)
      seen.messages[#seen.messages + 1] = platform.readText(view.store, view.topicOffset, view.topicLength) .. "="
        .. platform.readText(view.store, view.payloadOffset, view.payloadLength) .. "@" .. string.format("%d", view.qos)
    end,
    onPublished = function() seen.published = seen.published + 1 end,
    onSubscribed = function() seen.subscribed = seen.subscribed + 1 end,
    onUnsubscribed = function() end,
    onPingResponse = function() end,
    onAuth = function() end,
  })
`;

/** A fengari state running DRIVER, ticked every 5 ms, and a way to read values back. */
function nodemcuClient(clientId: string) {
  const lua = createFengariLua({ mote: ARTEFACTS.nodemcu });
  const errors: string[] = [];
  const emulation = installNodemcuNet(lua.state, { onError: (message) => errors.push(message) });
  const stopTasks = installNodemcuTasks(lua.state, (message) => errors.push(message));
  lua.run(DRIVER(broker.port, clientId));
  const started = Date.now();
  const tick = setInterval(() => {
    lua.run(`clockUs = ${(Date.now() - started) * 1000} mote.clientPoll(client, mote.platform.nowMs())`);
  }, 5);
  cleanups.push(() => {
    clearInterval(tick);
    lua.run(`mote.clientDisconnect(client, false)`);
    emulation.destroyAll();
    stopTasks();
  });
  const value = (expression: string): unknown => lua.run(`return ${expression}`).values[0];
  return { lua, value, errors };
}

describe("the core client on the Lua bundle (fengari)", () => {
  it("connects, subscribes, and gets back what it publishes at QoS 0, 1 and 2", async () => {
    const { value, errors } = nodemcuClient("nodemcu-echo");
    expect(value(`mote.statusName(mote.clientSubscribe(client, "home/#", 2, false, false, 0, nil))`)).toBe("Success");
    expect(value(`mote.statusName(mote.clientConnect(client))`)).toBe("Success");
    await until(() => value(`seen.connects`) === 1 && value(`seen.subscribed`) === 1, "CONNACK and SUBACK");
    for (const qos of [0, 1, 2]) {
      expect(value(`mote.statusName(mote.clientPublish(client, "home/hall/q${qos}", "reading ${qos}", 0, 0, ${qos}, false, nil))`)).toBe("Success");
    }
    await until(() => value(`#seen.messages`) === 3 && value(`seen.published`) === 2, "three messages and two acknowledgements");
    const messages = (value(`table.concat(seen.messages, "|")`) as string).split("|").sort();
    expect(messages).toEqual(["home/hall/q0=reading 0@0", "home/hall/q1=reading 1@1", "home/hall/q2=reading 2@2"]);
    expect(value(`#seen.closes`)).toBe(0);
    expect(errors).toEqual([]);
  });

  it("exchanges QoS 1 messages both ways with MQTT.js", async () => {
    const { value, errors } = nodemcuClient("nodemcu-peer");
    const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "mqttjs-nodemcu" });
    cleanups.push(() => void peer.end(true));
    const peerReceived: string[] = [];
    peer.on("message", (topic, payload) => peerReceived.push(`${topic}=${payload.toString()}`));
    await peer.subscribeAsync("from-nodemcu", { qos: 1 });
    value(`mote.clientSubscribe(client, "to-nodemcu", 1, false, false, 0, nil)`);
    value(`mote.clientConnect(client)`);
    await until(() => value(`seen.subscribed`) === 1, "SUBACK");
    await peer.publishAsync("to-nodemcu", "hello device", { qos: 1 });
    value(`mote.clientPublish(client, "from-nodemcu", "hello peer", 0, 0, 1, false, nil)`);
    await until(() => value(`#seen.messages`) === 1 && peerReceived.length === 1 && value(`seen.published`) === 1, "both ways");
    expect(value(`seen.messages[1]`)).toBe("to-nodemcu=hello device@1");
    expect(peerReceived).toEqual(["from-nodemcu=hello peer"]);
    expect(errors).toEqual([]);
  });
});

/**
 * The client under test as built into the Lua bundle (dist/nodemcu/mote.lua), on fengari (Lua 5.3
 * with 32-bit integers, as NodeMCU builds it), one Lua state per client, with the simulator's
 * `net` and `node.task` emulation (hal/sim/nodemcu-net.ts), the bundle's own NodeMCU Socket and
 * Platform, and `node.uptime` reading Node's clock.
 *
 * The bridge is built for speed: the operations are Lua functions defined once and called without
 * compiling anything (`FengariLua.callable`), and the client's events are Lua functions that hand
 * plain values (text through the bundle's `platform.readText`) straight to JavaScript functions
 * (`FengariLua.provide`), so nothing is read back from Lua by polling.
 */
import { createFengariLua } from "../../hal/sim/lua";
import type { LuaValue } from "../../hal/sim/lua";
import { luaLiteral } from "../../hal/sim/lua-literal";
import { textFromByteString, utf8ByteString } from "../../hal/sim/byte-strings";
import { installNodemcuNet, installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { closeEntry, newClientRecord } from "./driver";
import type { ClientDriver, ClientRuntime, ClientSettings } from "./driver";

/**
 * The device side: `driverCreate(options)` makes the client with events that call the host's
 * functions, and one global function per operation.
 */
const DRIVER = `
  local mote = require("mote")
  local platform = mote.platform
  local client
  local function text(view, offset, length) return platform.readText(view.store, offset, length) end
  function driverOptions(clientId, port) return mote.defaultClientOptions("127.0.0.1", port, clientId) end
  function driverCreate(options)
    client = mote.newClient(platform, mote.newSocket(), options, {
      onConnect = hostConnect,
      onClose = function(status, reasonCode) hostClose(mote.statusName(status), reasonCode) end,
      onMessage = function(view)
        hostMessage(text(view, view.topicOffset, view.topicLength), text(view, view.payloadOffset, view.payloadLength), view.qos, view.retain, view.dup)
      end,
      onPublished = hostPublished,
      onSubscribed = function(packetId, ack) hostSubscribed(packetId, text(ack, ack.payloadOffset, ack.payloadLength)) end,
      onUnsubscribed = function(packetId) hostUnsubscribed(packetId) end,
      onPingResponse = hostPing,
      onAuth = function(view) hostAuth(view.reasonCode) end,
    })
  end
  function driverConnect() return mote.clientConnect(client) end
  function driverPublish(topic, payload, qos, retain) return mote.clientPublish(client, topic, payload, 0, 0, qos, retain, nil) end
  function driverSubscribe(filter, qos) return mote.clientSubscribe(client, filter, qos, false, false, 0, nil) end
  function driverUnsubscribe(filter) return mote.clientUnsubscribe(client, filter, nil) end
  function driverDisconnect(discardSession) mote.clientDisconnect(client, discardSession) end
  function driverPoll() mote.clientPoll(client, platform.nowMs()) end
  function driverServerReceiveMaximum() return client.serverReceiveMaximum end
  function driverInflightStates()
    local session = client.session
    return string.char(table.unpack(session.inflightStates, 1, session.inflightUsed))
  end
`;

/** Lua source for a settings value (strings as their UTF-8 bytes, undefined as nil). */
function settingLiteral(value: unknown): string {
  return value === undefined ? "nil" : luaLiteral(value);
}

function create(port: number, clientId: string, settings: ClientSettings): ClientDriver {
  const lua = createFengariLua({ mote: ARTEFACTS.nodemcu });
  const errors: string[] = [];
  const emulation = installNodemcuNet(lua.state, { onError: (message) => errors.push(message) });
  const stopTasks = installNodemcuTasks(lua.state, (message) => errors.push(message));
  const record = newClientRecord();
  const started = performance.now();
  lua.provide("hostUptime", () => {
    const microseconds = Math.floor((performance.now() - started) * 1000);
    return [microseconds % 2147483648, Math.floor(microseconds / 2147483648)];
  });
  lua.provide("hostConnect", (sessionPresent) => void record.connects.push(sessionPresent === true));
  lua.provide("hostClose", (status, reasonCode) => void record.closes.push(closeEntry(status as string, reasonCode as number)));
  lua.provide("hostMessage", (topic, payload, qos, retain, dup) => {
    record.messages.push({
      topic: textFromByteString(topic as string),
      payload: textFromByteString(payload as string),
      qos: qos as number,
      retain: retain === true,
      dup: dup === true,
    });
  });
  lua.provide("hostPublished", (packetId, reasonCode) => void record.published.push([packetId as number, reasonCode as number]));
  lua.provide("hostSubscribed", (packetId, codes) => void record.subscribed.push([packetId as number, [...Buffer.from(codes as string, "latin1")]]));
  lua.provide("hostUnsubscribed", (packetId) => void record.unsubscribed.push(packetId as number));
  lua.provide("hostPing", () => {
    record.pings += 1;
  });
  lua.provide("hostAuth", (reasonCode) => void record.auths.push(reasonCode as number));
  lua.run(`node.uptime = hostUptime\n${DRIVER}`);
  const assignments = Object.entries(settings).map(([name, value]) => `options.${name} = ${settingLiteral(value)}`);
  lua.run(`local options = driverOptions(${luaLiteral(clientId)}, ${port})\n${assignments.join("\n")}\ndriverCreate(options)`);

  const first = (values: LuaValue[]): number => values[0] as number;
  const connect = lua.callable("driverConnect");
  const publish = lua.callable("driverPublish");
  const subscribe = lua.callable("driverSubscribe");
  const unsubscribe = lua.callable("driverUnsubscribe");
  const disconnect = lua.callable("driverDisconnect");
  const poll = lua.callable("driverPoll");
  const serverReceiveMaximum = lua.callable("driverServerReceiveMaximum");
  const inflightStates = lua.callable("driverInflightStates");
  return Object.assign(record, {
    runtime: "lua" as const,
    errors: () => errors,
    connect: () => first(connect()),
    publish: (topic: string, payload: string, qos: number, retain: boolean) => first(publish(utf8ByteString(topic), utf8ByteString(payload), qos, retain)),
    subscribe: (filter: string, qos: number) => first(subscribe(utf8ByteString(filter), qos)),
    unsubscribe: (filter: string) => first(unsubscribe(utf8ByteString(filter))),
    disconnect: (discardSession: boolean) => void disconnect(discardSession),
    poll: () => void poll(),
    serverReceiveMaximum: () => first(serverReceiveMaximum()),
    inflightStates: () => [...Buffer.from(inflightStates()[0] as string, "latin1")],
    release: () => {
      disconnect(false);
      emulation.destroyAll();
      stopTasks();
    },
  });
}

/** The Lua bundle on fengari. */
export const luaRuntime: ClientRuntime = { name: "lua", create };

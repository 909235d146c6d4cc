/**
 * What the NodeMCU Socket allocates per byte that arrives and per write, measured on native Lua
 * (lua5.1, lua5.3; fengari reports no heap count) with the collector stopped, as
 * test/alloc/measure-lua.ts does for the codec. The `net` module here is a stand-in written in Lua
 * that calls the socket's callbacks directly, so only the socket's own allocation is counted: the
 * "receive" string and the `:send` string's copy are the firmware's.
 *
 * Receiving must allocate nothing: the bytes are read with `string.byte` into the receive store
 * made at creation. Sending makes the strings NodeMCU's `:send` needs and nothing else: one per
 * 128 bytes (`string.char`) plus their concatenation, all inherent to an API that sends strings.
 */
import { describe, expect, it } from "vitest";
import { nativeLuaAvailable, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { ARTEFACTS } from "../../tools/build/artefacts";

const CHUNK = `
  local handlers, sent = {}, 0
  local fake = {}
  function fake:on(event, fn) handlers[event] = fn end
  function fake:connect(port, host) end
  function fake:send(text) sent = sent + #text end
  function fake:close() end
  net = { createConnection = function() return fake end }
  node = node or {}
  node.task = { post = function(fn) end }

  local mote = require("mote")
  local received = 0
  local sock = mote.newSocket()
  sock:open("device.local", 1883, false, {
    onConnect = function() end,
    onData = function(store, offset, length) received = received + length end,
    onWritable = function() end,
    onClose = function() end,
  })
  handlers.connection(fake)

  local frame = string.rep("\\0\\1\\2\\255", 365)
  local store = mote.platform.newBytes(1024)
  for i = 0, 1023 do store[i] = i % 256 end

  local function receive(count)
    for i = 1, count do handlers.receive(fake, frame) end
  end
  -- Different bytes every time (Lua 5.1 interns every string: equal ones would not be made again).
  local serial = 0
  local function write(count)
    for i = 1, count do
      serial = serial + 1
      for piece = 0, 7 do
        store[piece * 128] = serial % 256
        store[piece * 128 + 1] = (serial - serial % 256) / 256 % 256
        store[piece * 128 + 2] = piece
      end
      sock:write(store, 0, 1024)
      handlers.sent(fake)
    end
  end

  -- Bytes the heap grows by per call, over N and 2N calls, least of three rounds (see measure-lua.ts).
  local function perCall(action, n)
    local function growth(count)
      collectgarbage("collect")
      collectgarbage("stop")
      local before = collectgarbage("count")
      action(count)
      local grown = collectgarbage("count") - before
      collectgarbage("restart")
      return grown
    end
    growth(n)
    local least = math.huge
    for round = 1, 3 do
      local single = growth(n)
      local double = growth(2 * n)
      least = math.min(least, math.max(0, (double - single) * 1024 / n))
    end
    return least
  end

  local receiving = perCall(receive, 200)
  local writing = perCall(write, 200)
  print(string.format("%.2f %.2f %d %d", receiving, writing, received, sent))
`;

describe.each<NativeLua>(["lua5.1", "lua5.3"])("the NodeMCU Socket's allocation on %s", (interpreter) => {
  const available = nativeLuaAvailable(interpreter);

  it.skipIf(!available)("allocates nothing per received frame, and only the strings :send needs per write", () => {
    const [receiving, writing, received, sent] = runNativeLua(interpreter, { mote: ARTEFACTS.nodemcu }, CHUNK)
      .trim()
      .split(" ")
      .map(Number);
    console.log(`${interpreter}: ${receiving} bytes per 1460-byte frame received, ${writing} bytes per 1024-byte write`);
    expect(received).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(0);
    expect(Math.round(receiving)).toBe(0);
    // The meter sees allocation: each write makes the 1024-byte string it sends and its eight
    // 128-byte pieces, some 2.2 KiB with the strings' headers, and nothing big besides.
    expect(writing).toBeGreaterThan(2048);
    expect(writing).toBeLessThan(3 * 1024);
  });
});

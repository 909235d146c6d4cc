/**
 * The simulator's emulation of NodeMCU's `tmr` module and clock (hal/sim/nodemcu-tmr.ts), which
 * drives the NodeMCU MQTT client's poll timer, on fengari: the timer object's methods and return
 * values as app/modules/tmr.c has them, the three alarm modes, errors raised by callbacks, and the
 * two firmware clocks (`node.uptime()` on dev-esp32, `tmr.now()` on release).
 */
import { describe, it, expect, afterEach } from "vitest";
import { createFengariLua } from "../../hal/sim/lua";
import { installNodemcuTimers } from "../../hal/sim/nodemcu-tmr";
import type { NodemcuTimerOptions } from "../../hal/sim/nodemcu-tmr";
import { until } from "../client/driver";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function luaWithTimers(options: NodemcuTimerOptions = {}) {
  const lua = createFengariLua({});
  const errors: string[] = [];
  const timers = installNodemcuTimers(lua.state, { onError: (message) => errors.push(message), ...options });
  cleanups.push(() => timers.stopAll());
  const value = (expression: string): unknown => lua.run(`return ${expression}`).values[0];
  const values = (expression: string): unknown[] => lua.run(`return ${expression}`).values;
  return { run: (chunk: string) => lua.run(chunk), value, values, errors, timers };
}

describe("the simulator's NodeMCU tmr module", () => {
  it("repeats an ALARM_AUTO alarm with the timer as argument until stopped, and starts it again", async () => {
    const lua = luaWithTimers();
    lua.run(`
      fired, sameTimer = 0, true
      t = tmr.create()
      started = t:alarm(5, tmr.ALARM_AUTO, function(timer) fired = fired + 1 sameTimer = sameTimer and timer == t end)
    `);
    expect(lua.values(`started, t:state()`)).toEqual([true, true, 1]);
    await until(() => (lua.value("fired") as number) >= 3, "three alarms");
    expect(lua.values(`t:start(), t:stop(), t:stop()`)).toEqual([false, true, false]);
    const stoppedAt = lua.value("fired") as number;
    expect(lua.values(`t:state()`)).toEqual([false, 1]);
    expect(lua.value(`t:start()`)).toBe(true);
    await until(() => (lua.value("fired") as number) >= stoppedAt + 2, "alarms after the restart");
    expect(lua.value("sameTimer")).toBe(true);
    lua.run(`t:unregister()`);
    expect(lua.values(`t:state()`)).toEqual([undefined]);
    expect(lua.errors).toEqual([]);
  });

  it("fires an ALARM_SINGLE alarm once and unregisters it; an ALARM_SEMI alarm once per start", async () => {
    const lua = luaWithTimers();
    lua.run(`
      single, semi = 0, 0
      one = tmr.create()
      one:register(5, tmr.ALARM_SINGLE, function() single = single + 1 end)
      semiTimer = tmr.create()
      semiTimer:alarm(5, tmr.ALARM_SEMI, function() semi = semi + 1 end)
      registeredOnly = { one:state() }
      one:start()
    `);
    expect(lua.values(`registeredOnly[1], registeredOnly[2]`)).toEqual([false, 0]);
    await until(() => lua.value("single") === 1 && lua.value("semi") === 1, "both alarms");
    expect(lua.values(`one:state()`)).toEqual([undefined]);
    expect(lua.values(`semiTimer:state()`)).toEqual([false, 2]);
    expect(lua.value(`one:start()`)).toBe(false);
    expect(lua.value(`semiTimer:start()`)).toBe(true);
    await until(() => lua.value("semi") === 2, "the second semi alarm");
    expect(lua.value("single")).toBe(1);
    expect(lua.errors).toEqual([]);
  });

  it("refuses bad arguments as tmr.c does, and reports an error raised by a callback without stopping the timer", async () => {
    const lua = luaWithTimers();
    const attempt = (code: string): unknown => lua.value(`select(2, pcall(function() ${code} end))`);
    lua.run(`t = tmr.create()`);
    expect(attempt(`t:register(0, tmr.ALARM_AUTO, print)`)).toMatch(/bad argument #1 to 'register' \(Range: 1-0x68D7A3\)/);
    expect(attempt(`t:register(10, 7, print)`)).toMatch(/bad argument #2 to 'register' \(Invalid mode\)/);
    expect(attempt(`t:register(10, tmr.ALARM_AUTO, 5)`)).toMatch(/bad argument #3 to 'register' \(Must be function\)/);
    expect(attempt(`t:start("now")`)).toMatch(/bad argument #1 to 'start' \(boolean expected\)/);
    lua.run(`calls = 0 t:alarm(5, tmr.ALARM_AUTO, function() calls = calls + 1 error("tick failed") end)`);
    await until(() => (lua.value("calls") as number) >= 2, "two calls");
    expect(lua.errors.length).toBeGreaterThanOrEqual(1);
    expect(lua.errors[0]).toMatch(/tick failed/);
  });

  it("gives dev-esp32's node.uptime() and release's tmr.now(), both rising microseconds", async () => {
    const esp32 = luaWithTimers();
    const esp8266 = luaWithTimers({ branch: "release" });
    expect(esp32.value(`tmr.now`)).toBeUndefined();
    expect(esp8266.value(`node`)).toBeUndefined();
    const [low, wraps] = esp32.values(`node.uptime()`) as [number, number];
    const before = esp8266.value(`tmr.now()`) as number;
    expect(wraps).toBe(0);
    expect(Number.isInteger(low) && Number.isInteger(before)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(esp32.value(`(node.uptime())`) as number).toBeGreaterThan(low);
    expect(esp8266.value(`tmr.now()`) as number).toBeGreaterThan(before);
  });
});

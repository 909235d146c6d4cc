/**
 * Checks of the Lua arguments the drop-in MQTT client (mqtt-client.ts) is called with, failing as
 * NodeMCU's C modules do with `luaL_check*`: a Lua error "bad argument #n to 'method' (...)"
 * pointing at the caller's line, numbered without the client itself, as for any method. Each
 * check is called straight from an API method (the error level counts on it). Allocates only
 * the error message.
 */
import type { LuaCallback } from "./mqtt-callbacks";

/** A Lua table of string keys (a topic table, an options table). */
export interface LuaRecord {
  [key: string]: unknown;
}

/** Raises "bad argument #position to 'method' (detail)" at the line that called the API method. */
function raiseBadArgument(position: number, method: string, detail: string): never {
  error(`bad argument #${position} to '${method}' (${detail})`, 4);
}

/** `value` if it is a string, else a Lua error. */
export function checkString(value: unknown, position: number, method: string): string {
  if (typeof value !== "string") {
    raiseBadArgument(position, method, `string expected, got ${type(value)}`);
  }
  return value as string;
}

/** `value` if it is a string; a number as Lua writes it (as NodeMCU's luaL_checklstring does); else a Lua error. */
export function checkText(value: unknown, position: number, method: string): string {
  if (typeof value === "number") {
    return tostring(value);
  }
  if (typeof value !== "string") {
    raiseBadArgument(position, method, `string expected, got ${type(value)}`);
  }
  return value as string;
}

/** A QoS: 0, 1 or 2, else a Lua error. */
export function checkQos(value: unknown, position: number, method: string): number {
  if (value !== 0 && value !== 1 && value !== 2) {
    raiseBadArgument(position, method, `QoS 0, 1 or 2 expected, got ${tostring(value)}`);
  }
  return value as number;
}

/** A whole number from `minimum` to `maximum`, `fallback` for nil, else a Lua error. */
export function checkInteger(value: unknown, fallback: number, minimum: number, maximum: number, position: number, method: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || value !== Math.floor(value) || value < minimum || value > maximum) {
    const got = typeof value === "number" ? tostring(value) : type(value);
    raiseBadArgument(position, method, `whole number from ${minimum} to ${maximum} expected, got ${got}`);
  }
  return value as number;
}

/**
 * A NodeMCU flag: 0/1 (any number other than 0 is true) or a boolean; `fallback` for nil; else a
 * Lua error.
 */
export function checkFlag(value: unknown, fallback: boolean, position: number, method: string): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value === "boolean") {
    return value as boolean;
  }
  if (typeof value !== "number") {
    raiseBadArgument(position, method, `0, 1 or a boolean expected, got ${type(value)}`);
  }
  return value !== 0;
}

/** A function or nil, else a Lua error. */
export function checkCallback(value: unknown, position: number, method: string): LuaCallback | undefined {
  if (value !== undefined && typeof value !== "function") {
    raiseBadArgument(position, method, `function expected, got ${type(value)}`);
  }
  return value as LuaCallback | undefined;
}

/** `value` if it is one of the keys of `choices`, else "invalid option" as luaL_checkoption says. */
export function checkOption(value: unknown, choices: LuaRecord, position: number, method: string): string {
  if (typeof value !== "string" || choices[value as string] === undefined) {
    raiseBadArgument(position, method, `invalid option '${tostring(value)}'`);
  }
  return value as string;
}

/** Raises a Lua error for an argument the method cannot use at `position`, naming what it can. */
export function rejectArgument(value: unknown, position: number, method: string, expected: string): never {
  raiseBadArgument(position, method, `${expected} expected, got ${type(value)}`);
}

/**
 * A table of topics as `:subscribe` (topic = qos, `withQos`) or `:unsubscribe` (topic = anything)
 * takes it: at least one entry, every key a string, every QoS 0, 1 or 2; else a Lua error.
 */
export function checkTopicTable(value: unknown, withQos: boolean, method: string): void {
  const table = value as LuaRecord;
  let topic: unknown = next(table)[0];
  if (topic === undefined) {
    raiseBadArgument(1, method, withQos ? "topic = qos expected, got no topics" : "topic = anything expected, got no topics");
  }
  while (topic !== undefined) {
    if (typeof topic !== "string") {
      raiseBadArgument(1, method, `string topics expected, got ${type(topic)}`);
    }
    const qos = table[topic as string];
    if (withQos && qos !== 0 && qos !== 1 && qos !== 2) {
      raiseBadArgument(1, method, `QoS 0, 1 or 2 expected, got ${tostring(qos)}`);
    }
    topic = next(table, topic)[0];
  }
}

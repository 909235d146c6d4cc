/**
 * Guarded byte stores for the robustness tests: Proxies over a Uint8Array that throw on any
 * access the decoder has no business making, and a Lua-like table store that would grow if
 * written past its size. Plain Node test code.
 */
import type { Bytes } from "mote";
import type { Platform } from "../../hal/api";
import { nodePlatform } from "../../hal/sim/node-platform";

/** Thrown by a guard; the message says which access broke which rule. */

/** The traps that refuse `in`, defineProperty and delete while the guard is armed. */
function refusedWhileArmed(name: string, isArmed: () => boolean): ProxyHandler<Uint8Array | Record<number, number>> {
  return {
    has(target, key) {
      if (isArmed()) throw new GuardViolation(`${name}: "in" test of ${describeKey(key)}`);
      return Reflect.has(target, key);
    },
    defineProperty(target, key, descriptor) {
      if (isArmed()) throw new GuardViolation(`${name}: defineProperty ${describeKey(key)}`);
      return Reflect.defineProperty(target, key, descriptor);
    },
    deleteProperty(target, key) {
      if (isArmed()) throw new GuardViolation(`${name}: delete ${describeKey(key)}`);
      return Reflect.deleteProperty(target, key);
    },
  };
}

export class GuardViolation extends Error {}

/** The index a property key names, or -1 when the key is not a canonical non-negative integer. */
function indexOf(key: string | symbol): number {
  if (typeof key !== "string") {
    return -1;
  }
  const value = Number(key);
  if (!Number.isInteger(value) || value < 0 || String(value) !== key) {
    return -1;
  }
  return value;
}

function describeKey(key: string | symbol): string {
  return typeof key === "string" ? JSON.stringify(key) : key.toString();
}

/** A chunk handed to feedStream whose readable window is set before each call. */
export interface GuardedChunk {
  bytes: Bytes;
  /** Allow reads of [offset, offset + length) only, until the next call. */
  window(offset: number, length: number): void;
  /** Guard on (during a feed) or off (when the test itself looks at the data). */
  arm(on: boolean): void;
}

/**
 * Wraps `data` so that, while armed, reading any index outside the window, any non-integer or
 * negative index, or any non-index property (`length`, methods) throws, and so does any write.
 */
export function guardedChunk(data: Uint8Array): GuardedChunk {
  let low = 0;
  let high = 0;
  let armed = false;
  const proxy = new Proxy(data, {
    get(target, key) {
      if (!armed || typeof key === "symbol") {
        return Reflect.get(target, key, target);
      }
      const index = indexOf(key);
      if (index < 0) {
        throw new GuardViolation(`chunk: read of non-index ${describeKey(key)}`);
      }
      if (index < low || index >= high) {
        throw new GuardViolation(`chunk: read of index ${index} outside [${low}, ${high})`);
      }
      return target[index];
    },
    set(target, key, value) {
      if (armed) {
        throw new GuardViolation(`chunk: write of ${String(value)} to ${describeKey(key)}`);
      }
      return Reflect.set(target, key, value, target);
    },
    ...refusedWhileArmed("chunk", () => armed),
  });
  return {
    bytes: proxy as unknown as Bytes,
    window(offset: number, length: number) {
      low = offset;
      high = offset + length;
    },
    arm(on: boolean) {
      armed = on;
    },
  };
}

/** A store made by the guarded platform, and the controls over its guard. */
export interface GuardedStore {
  bytes: Bytes;
  size: number;
  /** Reads must stay below limit() (the stream's `filled`, once attached). */
  limit: () => number;
  arm(on: boolean): void;
}

/**
 * A Platform whose newBytes returns guarded stores: while armed, a read throws at an index
 * never written, at or past limit(), at or past the size, or at a non-integer index; a write
 * throws outside [0, size) or when the value is not an integer 0..255 (what a Lua table would
 * keep as is). Text and clock functions are Node's.
 */
export function guardedPlatform(): { platform: Platform; stores: GuardedStore[] } {
  const stores: GuardedStore[] = [];
  function newBytes(this: void, size: number): Bytes {
    const data = new Uint8Array(size);
    const written = new Uint8Array(size);
    let armed = false;
    const store: GuardedStore = {
      bytes: data as unknown as Bytes,
      size: size,
      limit: () => size,
      arm(on: boolean) {
        armed = on;
      },
    };
    const proxy = new Proxy(data, {
      get(target, key) {
        if (!armed || typeof key === "symbol") {
          return Reflect.get(target, key, target);
        }
        const index = indexOf(key);
        if (index < 0) {
          throw new GuardViolation(`store: read of non-index ${describeKey(key)}`);
        }
        if (index >= size) {
          throw new GuardViolation(`store: read of index ${index} at or past the size ${size}`);
        }
        if (written[index] === 0) {
          throw new GuardViolation(`store: read of index ${index}, never written`);
        }
        const limit = store.limit();
        if (index >= limit) {
          throw new GuardViolation(`store: read of index ${index} at or past filled (${limit})`);
        }
        return target[index];
      },
      set(target, key, value) {
        if (!armed) {
          return Reflect.set(target, key, value, target);
        }
        const index = indexOf(key);
        if (index < 0 || index >= size) {
          throw new GuardViolation(`store: write to ${describeKey(key)} outside [0, ${size})`);
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255) {
          throw new GuardViolation(`store: write of ${String(value)} (not a byte) to index ${index}`);
        }
        target[index] = value;
        written[index] = 1;
        return true;
      },
      ...refusedWhileArmed("store", () => armed),
    });
    store.bytes = proxy as unknown as Bytes;
    stores.push(store);
    return store.bytes;
  }
  const platform: Platform = {
    newBytes,
    textByteLength: nodePlatform.textByteLength,
    writeText: nodePlatform.writeText,
    readText: nodePlatform.readText,
    nowMs: nodePlatform.nowMs,
  };
  return { platform, stores };
}

/**
 * A Platform whose stores are plain objects with keys "0" .. size-1, as a Lua table is: a write
 * past the end adds a key (the store grows) instead of being dropped as a Uint8Array drops it.
 */
export function tablePlatform(): { platform: Platform; stores: Record<string, number>[] } {
  const stores: Record<string, number>[] = [];
  function newBytes(this: void, size: number): Bytes {
    const table: Record<string, number> = {};
    for (let index = 0; index < size; index++) {
      table[index] = 0;
    }
    stores.push(table);
    return table as unknown as Bytes;
  }
  const platform: Platform = {
    newBytes,
    textByteLength: nodePlatform.textByteLength,
    writeText: nodePlatform.writeText,
    readText: nodePlatform.readText,
    nowMs: nodePlatform.nowMs,
  };
  return { platform, stores };
}

/** Problems with a table store of `size` keys: extra or missing keys, values that are not bytes. */
export function tableProblems(table: Record<string, number>, size: number): string[] {
  const problems: string[] = [];
  const keys = Object.keys(table);
  if (keys.length !== size) {
    problems.push(`store has ${keys.length} keys, made with ${size}`);
  }
  for (const key of keys) {
    const index = indexOf(key);
    if (index < 0 || index >= size) {
      problems.push(`store gained key ${JSON.stringify(key)}`);
      continue;
    }
    const value = table[key];
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      problems.push(`store[${key}] = ${String(value)} is not a byte`);
    }
  }
  return problems;
}

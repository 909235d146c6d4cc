/**
 * A console session as one function, in the subset so that the very same code runs on Node, in
 * the Espruino bundle's context and, compiled to Lua, beside the Lua bundle: a shell over the
 * firmware's settings and a storage kept in memory; `before` is typed in chunks of three bytes,
 * the device reboots (a new store loads the saved copy), and `after` is typed into a new shell.
 * Returns everything both shells wrote. It allocates freely: it is test code. The config and
 * console are compiled into this module from their sources (the device bundles do not export
 * them yet); the runtime's Platform is the bundle's `platform`.
 */
import type { Platform } from "../../hal/api";
import type { Bytes } from "../../src/bytes/bytes";
import { moteSettings } from "../../src/config/settings";
import { newConfigStore, configSet, ConfigLayer } from "../../src/config/store";
import { newConfigSlots, configLoad } from "../../src/config/slots";
import type { ConfigStorage } from "../../src/config/slots";
import { configStatusText } from "../../src/config/config-message";
import { newShell } from "../../src/console/shell-state";
import type { Shell } from "../../src/console/shell-state";
import { shellFeed, shellStart } from "../../src/console/shell";
import { shellWriteLine } from "../../src/console/output";

/** Bytes of every store the session uses for its input and its transcript. */
const TRANSCRIPT_CAPACITY = 8192;
const CHUNK = 3;

/** Named blobs in two parallel lists (the subset has no Map). */
interface ListStorage {
  names: string[];
  blobs: Bytes[];
  lengths: number[];
  storage: ConfigStorage;
}

function newListStorage(platform: Platform): ListStorage {
  const list: ListStorage = {
    names: [],
    blobs: [],
    lengths: [],
    storage: {
      read(this: void, name: string, store: Bytes, capacity: number): number {
        for (let index = 0; index < list.names.length; index++) {
          if (list.names[index] === name && list.lengths[index] <= capacity) {
            for (let at = 0; at < list.lengths[index]; at++) {
              store[at] = list.blobs[index][at];
            }
            return list.lengths[index];
          }
        }
        return -1;
      },
      write(this: void, name: string, store: Bytes, length: number): boolean {
        const copy = platform.newBytes(length);
        for (let at = 0; at < length; at++) {
          copy[at] = store[at];
        }
        for (let index = 0; index < list.names.length; index++) {
          if (list.names[index] === name) {
            list.blobs[index] = copy;
            list.lengths[index] = length;
            return true;
          }
        }
        list.names.push(name);
        list.blobs.push(copy);
        list.lengths.push(length);
        return true;
      },
    },
  };
  return list;
}

/** Where everything the shells write is gathered. */
interface Transcript {
  store: Bytes;
  length: number;
}

function append(transcript: Transcript, store: Bytes, offset: number, length: number): void {
  for (let index = offset; index < offset + length; index++) {
    transcript.store[transcript.length] = store[index];
    transcript.length = transcript.length + 1;
  }
}

/** Boots a shell over `list`'s saved settings and types `input` into it, CHUNK bytes at a time. */
function boot(platform: Platform, list: ListStorage, transcript: Transcript, input: string): void {
  const config = newConfigStore(platform, moteSettings());
  configSet(config, ConfigLayer.Board, "mqtt.host", "broker.local");
  const slots = newConfigSlots(config, list.storage, "config");
  noteLine(platform, transcript, "load: " + configStatusText(configLoad(config, slots)));
  const shell: Shell = newShell(platform, config, slots, {
    lineCapacity: 64,
    echo: true,
    write(this: void, store: Bytes, offset: number, length: number): void {
      append(transcript, store, offset, length);
    },
    status(this: void, statusShell: Shell): void {
      shellWriteLine(statusShell, "link: up");
    },
    reboot(this: void): void {
      noteLine(platform, transcript, "(reboot hook called)");
    },
  });
  shellStart(shell);
  const length = platform.textByteLength(input);
  const bytes = platform.newBytes(length);
  platform.writeText(input, bytes, 0);
  for (let offset = 0; offset < length; offset = offset + CHUNK) {
    shellFeed(shell, bytes, offset, offset + CHUNK > length ? length - offset : CHUNK);
  }
}

/** Writes a line of the harness's own into the transcript. */
function noteLine(platform: Platform, transcript: Transcript, text: string): void {
  const length = platform.textByteLength(text);
  platform.writeText(text, transcript.store, transcript.length);
  transcript.length = transcript.length + length;
  transcript.store[transcript.length] = 0x0d;
  transcript.store[transcript.length + 1] = 0x0a;
  transcript.length = transcript.length + 2;
}

/**
 * Types `before` into a shell on a fresh device, reboots it, types `after` into a new shell, and
 * returns the transcript of both (UTF-8 text on Node; a byte string on Espruino and Lua).
 */
export function runShellTranscript(platform: Platform, before: string, after: string): string {
  const list = newListStorage(platform);
  const transcript: Transcript = { store: platform.newBytes(TRANSCRIPT_CAPACITY), length: 0 };
  boot(platform, list, transcript, before);
  boot(platform, list, transcript, after);
  return platform.readText(transcript.store, 0, transcript.length);
}

/** A shell being typed into without ever ending a line: the per-byte path alone. */
export interface TypingWorkload {
  shell: Shell;
  keys: Bytes;
  keyCount: number;
  echoed: number;
}

/** Keystrokes that never end a line: letters, a tab, an arrow key, backspaces (DEL and BS). */
const TYPING = "mqtt.port\t\x1b[A\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x08\x08";

/** Makes a shell that echoes into a counter, and the keystrokes to type. Allocates (creation time). */
export function newTypingWorkload(platform: Platform): TypingWorkload {
  const config = newConfigStore(platform, moteSettings());
  const slots = newConfigSlots(config, newListStorage(platform).storage, "config");
  const keyCount = platform.textByteLength(TYPING);
  const workload: TypingWorkload = { shell: undefined as unknown as Shell, keys: platform.newBytes(keyCount), keyCount, echoed: 0 };
  platform.writeText(TYPING, workload.keys, 0);
  workload.shell = newShell(platform, config, slots, {
    lineCapacity: 64,
    echo: true,
    write(this: void, store: Bytes, offset: number, length: number): void {
      workload.echoed = workload.echoed + (store[offset] >= 0 ? length : 0);
    },
    status(this: void): void {},
    reboot(this: void): void {},
  });
  return workload;
}

/** Types the keystrokes `rounds` times, one byte per feed; returns the bytes echoed so far. Must not allocate. */
export function typeKeys(workload: TypingWorkload, rounds: number): number {
  for (let round = 0; round < rounds; round++) {
    for (let key = 0; key < workload.keyCount; key++) {
      shellFeed(workload.shell, workload.keys, key, 1);
    }
  }
  return workload.echoed;
}

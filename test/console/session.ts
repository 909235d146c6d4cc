/**
 * A shell over a fresh config store and in-memory storage, driven by text typed as bytes, with
 * everything it wrote collected as text: what a terminal would show.
 */
import { nodePlatform } from "../../hal/sim/node-platform";
import { moteSettings } from "../../src/config/settings";
import { newConfigStore, configSet, ConfigLayer } from "../../src/config/store";
import type { ConfigStore } from "../../src/config/store";
import { newConfigSlots } from "../../src/config/slots";
import type { ConfigSlots } from "../../src/config/slots";
import { newShell } from "../../src/console/shell-state";
import type { Shell } from "../../src/console/shell-state";
import { shellFeed, shellStart } from "../../src/console/shell";
import { shellWriteLine } from "../../src/console/output";
import { newMemoryStorage } from "../config/memory-storage";
import type { MemoryStorage } from "../config/memory-storage";

export interface Session {
  shell: Shell;
  config: ConfigStore;
  slots: ConfigSlots;
  storage: MemoryStorage;
  reboots: number;
  /** Every `write` the shell made, as byte counts (to see that replies are sent in few writes). */
  writeSizes: number[];
  /** Types `input` (UTF-8), one `shellFeed` per chunk of `chunk` bytes, and returns what the shell wrote meanwhile. */
  type(input: string | Uint8Array, chunk?: number): string;
}

export function newSession(options: { echo?: boolean; lineCapacity?: number; storage?: MemoryStorage } = {}): Session {
  const storage = options.storage ?? newMemoryStorage();
  const config = newConfigStore(nodePlatform, moteSettings());
  configSet(config, ConfigLayer.Board, "mqtt.host", "broker.local");
  const slots = newConfigSlots(config, storage, "config");
  let written: Buffer[] = [];
  const session: Session = {
    shell: undefined as unknown as Shell,
    config,
    slots,
    storage,
    reboots: 0,
    writeSizes: [],
    type(input, chunk = 1 << 30) {
      written = [];
      const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        const part = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
        shellFeed(session.shell, Uint8Array.from(part), 0, part.length);
      }
      return Buffer.concat(written).toString("utf8");
    },
  };
  session.shell = newShell(nodePlatform, config, slots, {
    lineCapacity: options.lineCapacity ?? 96,
    echo: options.echo ?? false,
    write(store, offset, length) {
      session.writeSizes.push(length);
      written.push(Buffer.from((store as Uint8Array).slice(offset, offset + length)));
    },
    status(shell) {
      shellWriteLine(shell, "wifi: connected (-61 dBm)");
      shellWriteLine(shell, "mqtt: connected to broker.local:1883");
    },
    reboot() {
      session.reboots++;
    },
  });
  written = [];
  shellStart(session.shell);
  return session;
}

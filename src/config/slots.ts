import type { Bytes } from "../bytes/bytes";
import { ConfigStatus } from "./config-status";
import { configCommitStaging } from "./store";
import type { ConfigStore } from "./store";
import { configBlobCapacity, writeConfigBlob, readConfigBlob } from "./blob";
import type { BlobReading } from "./blob";
import type { Checksum } from "./checksum";

/**
 * The user's settings in flash, in two copies (slots A and B) so that a save cut short by a
 * reset, or a copy gone bad, never loses the last good one. Each save goes to the slot not
 * holding the copy in use, with the next generation; loading reads both and takes the good copy
 * with the higher generation.
 */

/**
 * What the config needs from the Storage HAL: named blobs of bytes. Both calls finish before
 * they return.
 */
export interface ConfigStorage {
  /**
   * Reads the blob called `name` into `store` (which holds `capacity` bytes) and returns its
   * length; -1 when there is no such blob or it is longer than `capacity`.
   */
  read(this: void, name: string, store: Bytes, capacity: number): number;
  /** Replaces the blob called `name` with `length` bytes of `store`; returns whether it was written. */
  write(this: void, name: string, store: Bytes, length: number): boolean;
}

/** The two slots' blob names after a prefix, e.g. "config.a" and "config.b". */
const SLOT_SUFFIXES = [".a", ".b"];

/** The slots and what they need, made once by `newConfigSlots`. */
export interface ConfigSlots {
  storage: ConfigStorage;
  /** The blob name of each slot. */
  names: string[];
  /** The store a copy is written from and read into, and its size. */
  blob: Bytes;
  capacity: number;
  /** What the last `configLoad` found in each slot (Ok, NoCopy, or why it was refused). */
  found: ConfigStatus[];
  /** Lines the copy in use passed over (settings this firmware lacks or now refuses). */
  ignored: number;
  reading: BlobReading;
  checksum: Checksum;
}

/**
 * Makes the slots for `config` over `storage`, named `prefix` + ".a" and ".b", with a store big
 * enough for any copy of `config`'s user layer. Allocates that store (creation time).
 */
export function newConfigSlots(config: ConfigStore, storage: ConfigStorage, prefix: string): ConfigSlots {
  const capacity = configBlobCapacity(config);
  return {
    storage,
    names: [prefix + SLOT_SUFFIXES[0], prefix + SLOT_SUFFIXES[1]],
    blob: config.platform.newBytes(capacity),
    capacity,
    found: [ConfigStatus.NoCopy, ConfigStatus.NoCopy],
    ignored: 0,
    reading: { generation: 0, ignored: 0 },
    checksum: { first: 0, second: 0 },
  };
}

/**
 * Loads the newest good copy of the user's settings into `config`'s user layer. Returns Ok when
 * a copy was loaded (a bad copy in the other slot is then only noted in `slots.found`), NoCopy
 * when neither slot holds one, or the reason the newer copy present was refused; the user layer
 * is left as it was unless a copy was loaded. Allocates a string per stored name and text value.
 */
export function configLoad(config: ConfigStore, slots: ConfigSlots): ConfigStatus {
  let result = ConfigStatus.NoCopy;
  let loaded = false;
  for (let slot = 0; slot < slots.names.length; slot++) {
    const length = slots.storage.read(slots.names[slot], slots.blob, slots.capacity);
    const status = length < 0 ? ConfigStatus.NoCopy : readConfigBlob(config, slots.blob, length, slots.reading, slots.checksum);
    slots.found[slot] = status;
    const newer = !loaded || slots.reading.generation > config.generation;
    if (status === ConfigStatus.Ok && newer) {
      configCommitStaging(config);
      config.generation = slots.reading.generation;
      config.slot = slot;
      slots.ignored = slots.reading.ignored;
      loaded = true;
      result = ConfigStatus.Ok;
    } else if (!loaded && status !== ConfigStatus.NoCopy) {
      result = status;
    }
  }
  return result;
}

/**
 * Saves `config`'s user layer as the next generation into the slot not holding the copy in use,
 * so that copy stays good if this write is cut short. Returns Ok (the store is then saved) or
 * WriteFailed (nothing in `config` changes). Never allocates.
 */
export function configSave(config: ConfigStore, slots: ConfigSlots): ConfigStatus {
  const slot = config.slot === 0 ? 1 : 0;
  const generation = config.generation + 1;
  const length = writeConfigBlob(config, generation, slots.blob, slots.checksum);
  if (!slots.storage.write(slots.names[slot], slots.blob, length)) {
    return ConfigStatus.WriteFailed;
  }
  config.generation = generation;
  config.slot = slot;
  config.unsaved = false;
  return ConfigStatus.Ok;
}

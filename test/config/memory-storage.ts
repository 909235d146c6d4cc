/**
 * A ConfigStorage in memory, for the tests: named blobs kept as copies, writes that can be made
 * to fail, and direct access to change what is stored (a flash cell gone bad, a write cut short).
 */
import type { Bytes } from "../../src/bytes/bytes";
import type { ConfigStorage } from "../../src/config/slots";

export interface MemoryStorage extends ConfigStorage {
  blobs: Map<string, Uint8Array>;
  /** While true, every write is refused. */
  refuseWrites: boolean;
  writes: number;
}

export function newMemoryStorage(): MemoryStorage {
  const storage: MemoryStorage = {
    blobs: new Map(),
    refuseWrites: false,
    writes: 0,
    read(name: string, store: Bytes, capacity: number): number {
      const blob = storage.blobs.get(name);
      if (blob === undefined || blob.length > capacity) return -1;
      blob.forEach((byte, index) => (store[index] = byte));
      return blob.length;
    },
    write(name: string, store: Bytes, length: number): boolean {
      if (storage.refuseWrites) return false;
      storage.writes++;
      storage.blobs.set(name, Uint8Array.from({ length }, (_, index) => store[index]));
      return true;
    },
  };
  return storage;
}

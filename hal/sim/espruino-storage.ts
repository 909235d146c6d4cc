/**
 * Espruino's `Storage` library emulated over a folder on the host (the device's flash: one host
 * file per Storage file, so a new VM over the same folder — a reboot — finds what was saved), to
 * install as `require("Storage")` in the Espruino VM (hal/sim/espruino-vm.ts, `addBuiltin`).
 *
 * What it follows (RUNTIMES.md, Espruino; src/jswrap_storage.c): `write(name, data)` takes a byte
 * string (an array or typed array is written as its bytes), erases any file of that name and
 * writes the new one, returning true; `read(name)` gives the file as a byte string or undefined;
 * `erase(name)`; `list()` gives every name. Names longer than 28 characters throw, as the firmware
 * does.
 *
 * Power cuts for tests: `cutPowerOnNextWrite(keptBytes)` makes the next `write` erase the old file,
 * keep only the first `keptBytes` bytes of the new one and throw — the device died mid-write.
 * Not emulated: offsets and sizes in `read`/`write`, `readJSON`/`writeJSON`, `readArrayBuffer`,
 * StorageFile (`open`), `compact`, `getFree`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Options for `createEspruinoStorage`. */
export interface EspruinoStorageOptions {
  /** The VM's global object: the module, lists and errors are made in its realm. */
  realm: Record<string, any>;
  /** The folder that is the device's flash (created if missing). */
  folder: string;
}

/** The emulated library and its test handles. */
export interface EspruinoStorage {
  /** What `require("Storage")` returns. */
  module: Record<string, any>;
  /** The next `write` dies after erasing the old file and writing `keptBytes` bytes of the new one. */
  cutPowerOnNextWrite(keptBytes: number): void;
}

const MAX_NAME_LENGTH = 28;

/** The host file name for a Storage name (hex, so any byte is safe). */
function hostName(name: string): string {
  return Buffer.from(name, "latin1").toString("hex");
}

/** Makes the emulated `Storage` library over `options.folder` (see the module comment). */
export function createEspruinoStorage(options: EspruinoStorageOptions): EspruinoStorage {
  const { realm, folder } = options;
  fs.mkdirSync(folder, { recursive: true });
  const module = new realm.Object();
  let cut: number | undefined;
  const fileOf = (name: unknown): string => {
    const text = String(name);
    if (text.length === 0 || text.length > MAX_NAME_LENGTH) throw new realm.Error(`Storage: name too long or empty: ${JSON.stringify(text)}`);
    return path.join(folder, hostName(text));
  };
  const bytesOf = (data: unknown): Buffer => {
    if (typeof data === "string") {
      for (let index = 0; index < data.length; index++) {
        if (data.charCodeAt(index) > 255) throw new realm.Error("Storage.write: not a byte string");
      }
      return Buffer.from(data, "latin1");
    }
    if (Array.isArray(data) || ArrayBuffer.isView(data)) return Buffer.from(Array.from(data as ArrayLike<number>, (value) => value & 255));
    return Buffer.from(JSON.stringify(data), "latin1");
  };

  module.read = (name: unknown): string | undefined => {
    const file = fileOf(name);
    return fs.existsSync(file) ? fs.readFileSync(file).toString("latin1") : undefined;
  };
  module.write = (name: unknown, data: unknown): boolean => {
    const file = fileOf(name);
    const bytes = bytesOf(data);
    fs.rmSync(file, { force: true });
    if (cut !== undefined) {
      const kept = cut;
      cut = undefined;
      fs.writeFileSync(file, bytes.subarray(0, kept));
      throw new realm.Error("simulated power cut during Storage.write");
    }
    fs.writeFileSync(file, bytes);
    return true;
  };
  module.erase = (name: unknown): void => {
    fs.rmSync(fileOf(name), { force: true });
  };
  module.list = (): string[] => {
    const names = new realm.Array();
    for (const entry of fs.readdirSync(folder).sort()) names.push(Buffer.from(entry, "hex").toString("latin1"));
    return names;
  };
  return {
    module,
    cutPowerOnNextWrite: (keptBytes) => {
      cut = keptBytes;
    },
  };
}

import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { moteSettings } from "../../src/config/settings";
import { newConfigStore, configSet, configFind, configUnset, ConfigLayer } from "../../src/config/store";
import type { ConfigStore } from "../../src/config/store";
import { writeConfigBlob, readConfigBlob, configBlobCapacity } from "../../src/config/blob";
import type { BlobReading } from "../../src/config/blob";
import { newConfigSlots, configLoad, configSave } from "../../src/config/slots";
import { ConfigStatus } from "../../src/config/config-status";
import { SettingKind } from "../../src/config/setting";
import type { Setting } from "../../src/config/setting";
import { newMemoryStorage } from "./memory-storage";

const checksum = { first: 0, second: 0 };

function newStore(): ConfigStore {
  return newConfigStore(nodePlatform, moteSettings());
}

function blobOf(config: ConfigStore, generation: number): Uint8Array {
  const blob = new Uint8Array(configBlobCapacity(config));
  return blob.slice(0, writeConfigBlob(config, generation, blob, checksum));
}

function readInto(config: ConfigStore, blob: Uint8Array): { status: ConfigStatus; reading: BlobReading } {
  const reading = { generation: -1, ignored: -1 };
  return { status: readConfigBlob(config, blob, blob.length, reading, checksum), reading };
}

/** Text of at most `bytes` UTF-8 bytes, from characters that make any byte count likely (newlines, backslashes, multi-byte). */
function textOf(setting: Setting): fc.Arbitrary<string> {
  const character = fc.oneof(fc.constantFrom("\\", "\n", "\r", "=", " ", '"', "é", "☕", "🏠"), fc.string({ minLength: 1, maxLength: 1 }));
  return fc
    .array(character, { maxLength: setting.maximum })
    .map((parts) => parts.join(""))
    .filter((text) => Buffer.byteLength(text) <= setting.maximum && !text.includes("\u0000") && !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "")))
    .filter((text) => setting.rule === 0 || !/[+#]/.test(text))
    .filter((text) => setting.rule !== 1 || !text.includes("/"));
}

/** A value (as typed) for each setting, or undefined for "not set by the user". */
function userLayerOf(settings: Setting[]): fc.Arbitrary<Array<string | undefined>> {
  return fc.tuple(
    ...settings.map((setting) => {
      const value: fc.Arbitrary<string> =
        setting.kind === SettingKind.Integer
          ? fc.integer({ min: setting.minimum, max: setting.maximum }).map(String)
          : setting.kind === SettingKind.Boolean
            ? fc.constantFrom("true", "false")
            : setting.kind === SettingKind.Enum
              ? fc.constantFrom(...setting.choices)
              : textOf(setting);
      return fc.option(value, { nil: undefined });
    }),
  );
}

function userValues(config: ConfigStore): unknown {
  return JSON.stringify(config.layers[ConfigLayer.User]);
}

describe("a saved copy of the user layer", () => {
  it("reads back to the same user layer, whatever was set (property)", () => {
    const settings = moteSettings();
    fc.assert(
      fc.property(userLayerOf(settings), fc.integer({ min: 0, max: 999999999 }), (values, generation) => {
        const config = newStore();
        values.forEach((value, index) => {
          if (value !== undefined) expect(configSet(config, ConfigLayer.User, settings[index].name, value)).toBe(ConfigStatus.Ok);
        });
        const blob = blobOf(config, generation);
        expect(blob.length).toBeLessThanOrEqual(configBlobCapacity(config));
        const copy = newStore();
        const { status, reading } = readInto(copy, blob);
        expect(status).toBe(ConfigStatus.Ok);
        expect(reading).toEqual({ generation, ignored: 0 });
        expect(JSON.stringify(copy.staging)).toBe(userValues(config));
      }),
      { numRuns: 300 },
    );
  });

  it("is legible text: header, generation, name=value lines with escapes, checksum", () => {
    const config = newStore();
    configSet(config, ConfigLayer.User, "wifi.ssid", "my\\home\nnet");
    configSet(config, ConfigLayer.User, "mqtt.port", "8883");
    configSet(config, ConfigLayer.User, "mqtt.tls", "yes");
    configSet(config, ConfigLayer.User, "mqtt.version", "5");
    const text = Buffer.from(blobOf(config, 7)).toString("utf8");
    expect(text).toMatch(/^mote-config 1\ngeneration 7\nwifi\.ssid=my\\\\home\\nnet\nmqtt\.port=8883\nmqtt\.version=5\nmqtt\.tls=true\nsum [0-9a-f]{8}\n$/);
  });

  it("passes over lines for settings this firmware lacks or values it now refuses, and counts them", () => {
    const config = newStore();
    const wider = newConfigStore(nodePlatform, moteSettings().map((setting) => (setting.name === "mqtt.port" ? { ...setting, maximum: 99999 } : setting)));
    wider.settings.push({ ...wider.settings[0], name: "lora.band" });
    wider.layers.forEach((layer) => (layer.present.push(false), layer.texts.push(""), layer.numbers.push(0)));
    configSet(wider, ConfigLayer.User, "mqtt.port", "70000");
    configSet(wider, ConfigLayer.User, "lora.band", "eu868");
    configSet(wider, ConfigLayer.User, "mqtt.host", "broker");
    const { status, reading } = readInto(config, blobOf(wider, 3));
    expect(status).toBe(ConfigStatus.Ok);
    expect(reading).toEqual({ generation: 3, ignored: 2 });
    expect(config.staging.present[configFind(config, "mqtt.host")]).toBe(true);
    expect(config.staging.present[configFind(config, "mqtt.port")]).toBe(false);

    const storage = newMemoryStorage();
    storage.blobs.set("config.a", blobOf(wider, 3));
    const slots = newConfigSlots(config, storage, "config");
    expect(configLoad(config, slots)).toBe(ConfigStatus.Ok);
    expect(slots.ignored).toBe(2);
    expect(config.layers[ConfigLayer.User].texts[configFind(config, "mqtt.host")]).toBe("broker");
  });
});

describe("a damaged saved copy is refused whole", () => {
  function goodBlob(): Uint8Array {
    const config = newStore();
    configSet(config, ConfigLayer.User, "wifi.ssid", "home");
    configSet(config, ConfigLayer.User, "mqtt.port", "1884");
    return blobOf(config, 4);
  }

  it("refuses every truncation (property over the cut)", () => {
    const blob = goodBlob();
    for (let length = 0; length < blob.length; length++) {
      const { status } = readInto(newStore(), blob.slice(0, length));
      expect([ConfigStatus.Truncated, ConfigStatus.BadChecksum], `cut at ${length}`).toContain(status);
    }
  });

  it("refuses any one byte changed (property)", () => {
    const blob = goodBlob();
    fc.assert(
      fc.property(fc.nat(blob.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const bad = blob.slice();
        bad[at] = (bad[at] + delta) % 256;
        expect(readInto(newStore(), bad).status).not.toBe(ConfigStatus.Ok);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses any one bit flipped, with every status saying why", () => {
    const blob = goodBlob();
    const seen = new Set<ConfigStatus>();
    for (let at = 0; at < blob.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = blob.slice();
        bad[at] = bad[at] ^ (1 << bit);
        const { status } = readInto(newStore(), bad);
        expect(status, `byte ${at} bit ${bit}`).not.toBe(ConfigStatus.Ok);
        seen.add(status);
      }
    }
    expect([...seen].sort()).toEqual([ConfigStatus.Truncated, ConfigStatus.BadHeader, ConfigStatus.WrongVersion, ConfigStatus.BadChecksum].sort());
  });

  it("refuses a wrong checksum, another version, a missing header, a bad line", () => {
    const text = Buffer.from(goodBlob()).toString("latin1");
    const withSum = (body: string): Uint8Array => {
      let first = 0;
      let second = 0;
      for (const byte of Buffer.from(body, "latin1")) {
        first = (first + byte) % 65535;
        second = (second + first) % 65535;
      }
      const hex = (value: number) => value.toString(16).padStart(4, "0");
      return Buffer.from(`${body}sum ${hex(second)}${hex(first)}\n`, "latin1");
    };
    const body = text.slice(0, text.indexOf("sum "));
    expect(readInto(newStore(), withSum(body)).status).toBe(ConfigStatus.Ok);
    expect(readInto(newStore(), Buffer.from(text.replace(/sum ..../, "sum 0000"), "latin1")).status).toBe(ConfigStatus.BadChecksum);
    expect(readInto(newStore(), Buffer.from(text.replace(/sum ......../, "sum zzzzzzzz"), "latin1")).status).toBe(ConfigStatus.BadChecksum);
    expect(readInto(newStore(), withSum(body.replace("mote-config 1", "mote-config 2"))).status).toBe(ConfigStatus.WrongVersion);
    expect(readInto(newStore(), withSum(body.replace("mote-config 1", "mote-config x"))).status).toBe(ConfigStatus.BadHeader);
    expect(readInto(newStore(), withSum(body.replace("mote-config", "mote-cfg"))).status).toBe(ConfigStatus.BadHeader);
    expect(readInto(newStore(), withSum(body.replace("generation 4\n", ""))).status).toBe(ConfigStatus.BadLine);
    expect(readInto(newStore(), withSum(body + "no equals sign\n")).status).toBe(ConfigStatus.BadLine);
    expect(readInto(newStore(), withSum(body + "=1\n")).status).toBe(ConfigStatus.BadLine);
    expect(readInto(newStore(), withSum(body + "wifi.ssid=bad\\escape\n")).status).toBe(ConfigStatus.BadLine);
    expect(readInto(newStore(), withSum(body + "wifi.ssid=ends\\\n")).status).toBe(ConfigStatus.BadLine);
    expect(readInto(newStore(), Buffer.from("")).status).toBe(ConfigStatus.Truncated);
    expect(readInto(newStore(), Buffer.from("hello")).status).toBe(ConfigStatus.BadHeader);
  });
});

describe("two slots with generations", () => {
  function setup() {
    const storage = newMemoryStorage();
    const config = newStore();
    const slots = newConfigSlots(config, storage, "config");
    return { storage, config, slots };
  }

  it("finds no copy on a fresh device and keeps the defaults", () => {
    const { config, slots } = setup();
    expect(configLoad(config, slots)).toBe(ConfigStatus.NoCopy);
    expect(config.layers[ConfigLayer.User].present.every((present) => !present)).toBe(true);
  });

  it("saves into alternate slots with a rising generation, and loads the newest", () => {
    const { storage, config, slots } = setup();
    configSet(config, ConfigLayer.User, "mqtt.port", "1001");
    expect(configSave(config, slots)).toBe(ConfigStatus.Ok);
    configSet(config, ConfigLayer.User, "mqtt.port", "1002");
    expect(configSave(config, slots)).toBe(ConfigStatus.Ok);
    configSet(config, ConfigLayer.User, "mqtt.port", "1003");
    expect(configSave(config, slots)).toBe(ConfigStatus.Ok);
    expect([...storage.blobs.keys()].sort()).toEqual(["config.a", "config.b"]);
    expect(Buffer.from(storage.blobs.get("config.a")!).toString()).toContain("generation 3\nmqtt.port=1003\n");
    expect(Buffer.from(storage.blobs.get("config.b")!).toString()).toContain("generation 2\nmqtt.port=1002\n");
    expect(config.unsaved).toBe(false);

    const rebooted = newStore();
    const rebootedSlots = newConfigSlots(rebooted, storage, "config");
    expect(configLoad(rebooted, rebootedSlots)).toBe(ConfigStatus.Ok);
    expect(rebooted.layers[ConfigLayer.User].numbers[configFind(rebooted, "mqtt.port")]).toBe(1003);
    expect(rebooted.generation).toBe(3);
    expect(rebootedSlots.found).toEqual([ConfigStatus.Ok, ConfigStatus.Ok]);
    configUnset(rebooted, ConfigLayer.User, configFind(rebooted, "mqtt.port"));
    expect(configSave(rebooted, rebootedSlots)).toBe(ConfigStatus.Ok);
    expect(Buffer.from(storage.blobs.get("config.b")!).toString()).toMatch(/^mote-config 1\ngeneration 4\nsum /);
  });

  it("falls back to the last good copy when the newer one is damaged, and saves over the damaged one", () => {
    const { storage, config, slots } = setup();
    configSet(config, ConfigLayer.User, "wifi.ssid", "old");
    configSave(config, slots);
    configSet(config, ConfigLayer.User, "wifi.ssid", "new");
    configSave(config, slots);
    const damaged = storage.blobs.get("config.b")!;
    damaged[damaged.length - 20] ^= 0x04;

    const rebooted = newStore();
    const rebootedSlots = newConfigSlots(rebooted, storage, "config");
    expect(configLoad(rebooted, rebootedSlots)).toBe(ConfigStatus.Ok);
    expect(rebootedSlots.found).toEqual([ConfigStatus.Ok, ConfigStatus.BadChecksum]);
    expect(rebooted.layers[ConfigLayer.User].texts[configFind(rebooted, "wifi.ssid")]).toBe("old");
    expect(rebooted.slot).toBe(0);
    configSet(rebooted, ConfigLayer.User, "wifi.ssid", "newer");
    expect(configSave(rebooted, rebootedSlots)).toBe(ConfigStatus.Ok);
    expect(Buffer.from(storage.blobs.get("config.b")!).toString()).toContain("generation 2\nwifi.ssid=newer\n");
    expect(Buffer.from(storage.blobs.get("config.a")!).toString()).toContain("wifi.ssid=old\n");
  });

  it("falls back when a save was cut short, and says why when no copy is good", () => {
    const { storage, config, slots } = setup();
    configSet(config, ConfigLayer.User, "wifi.ssid", "kept");
    configSave(config, slots);
    configSet(config, ConfigLayer.User, "wifi.ssid", "lost");
    configSave(config, slots);
    storage.blobs.set("config.b", storage.blobs.get("config.b")!.slice(0, 30));
    const rebooted = newStore();
    expect(configLoad(rebooted, newConfigSlots(rebooted, storage, "config"))).toBe(ConfigStatus.Ok);
    expect(rebooted.layers[ConfigLayer.User].texts[configFind(rebooted, "wifi.ssid")]).toBe("kept");

    storage.blobs.set("config.a", Buffer.from("mote-config 9\ngeneration 1\nsum 00000000\n"));
    const fresh = newStore();
    configSet(fresh, ConfigLayer.User, "mqtt.host", "untouched");
    const freshSlots = newConfigSlots(fresh, storage, "config");
    expect(configLoad(fresh, freshSlots)).toBe(ConfigStatus.Truncated);
    expect(freshSlots.found).toEqual([ConfigStatus.WrongVersion, ConfigStatus.Truncated]);
    expect(fresh.layers[ConfigLayer.User].texts[configFind(fresh, "mqtt.host")]).toBe("untouched");
  });

  it("keeps the store unsaved and the copy in use when the storage refuses a write", () => {
    const { storage, config, slots } = setup();
    configSet(config, ConfigLayer.User, "wifi.ssid", "a");
    configSave(config, slots);
    configSet(config, ConfigLayer.User, "wifi.ssid", "b");
    storage.refuseWrites = true;
    expect(configSave(config, slots)).toBe(ConfigStatus.WriteFailed);
    expect(config.unsaved).toBe(true);
    expect(config.generation).toBe(1);
    expect(config.slot).toBe(0);
  });
});

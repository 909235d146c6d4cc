import { describe, it, expect } from "vitest";
import { nodePlatform } from "../../hal/sim/node-platform";
import { moteSettings, sensorIntervalSetting } from "../../src/config/settings";
import {
  newConfigStore,
  configFind,
  configSet,
  configUnset,
  configRead,
  configText,
  configInteger,
  configBoolean,
  configLayerOf,
  configValueText,
  ConfigLayer,
} from "../../src/config/store";
import type { ConfigStore, ConfigReading } from "../../src/config/store";
import { ConfigStatus } from "../../src/config/config-status";
import { configValueErrorMessage, configStatusText } from "../../src/config/config-message";
import { SettingKind } from "../../src/config/setting";

function newStore(): ConfigStore {
  return newConfigStore(nodePlatform, [...moteSettings(), sensorIntervalSetting("bme280", 30)]);
}

function read(config: ConfigStore, name: string): ConfigReading {
  const reading: ConfigReading = { layer: ConfigLayer.Default, text: "", number: 0 };
  configRead(config, configFind(config, name), reading);
  return reading;
}

/** Every layer's values, to show that a refused `set` changed nothing. */
function snapshot(config: ConfigStore): string {
  return JSON.stringify([config.layers, config.unsaved]);
}

describe("the settings schema", () => {
  it("names every setting once, each with a description and a default its own parser accepts", () => {
    const config = newStore();
    const names = config.settings.map((setting) => setting.name);
    expect(new Set(names).size).toBe(names.length);
    for (const setting of config.settings) {
      expect(setting.description.length).toBeGreaterThan(10);
      const index = configFind(config, setting.name);
      expect(configSet(config, ConfigLayer.Board, setting.name, configValueText(config, ConfigLayer.Default, index))).toBe(ConfigStatus.Ok);
    }
  });

  it("has the settings the firmware reads, of the right kinds", () => {
    const kinds = Object.fromEntries(newStore().settings.map((setting) => [setting.name, setting.kind]));
    expect(kinds).toMatchObject({
      "wifi.ssid": SettingKind.Text,
      "wifi.password": SettingKind.Text,
      "mqtt.host": SettingKind.Text,
      "mqtt.port": SettingKind.Integer,
      "mqtt.version": SettingKind.Enum,
      "mqtt.username": SettingKind.Text,
      "mqtt.password": SettingKind.Text,
      "mqtt.tls": SettingKind.Boolean,
      "device.id": SettingKind.Text,
      "topic.prefix": SettingKind.Text,
      "discovery.enabled": SettingKind.Boolean,
      "sensor.interval": SettingKind.Integer,
      "sensor.bme280.interval": SettingKind.Integer,
    });
  });

  it("marks the passwords secret and nothing else", () => {
    const secrets = newStore().settings.filter((setting) => setting.secret).map((setting) => setting.name);
    expect(secrets).toEqual(["wifi.password", "mqtt.password"]);
  });
});

describe("the layered store", () => {
  it("gives the default, then the board's value, then the user's, saying where each came from", () => {
    const config = newStore();
    expect(read(config, "mqtt.port")).toEqual({ layer: ConfigLayer.Default, text: "", number: 1883 });
    expect(configSet(config, ConfigLayer.Board, "mqtt.port", "8883")).toBe(ConfigStatus.Ok);
    expect(read(config, "mqtt.port")).toEqual({ layer: ConfigLayer.Board, text: "", number: 8883 });
    expect(configSet(config, ConfigLayer.User, "mqtt.port", "1884")).toBe(ConfigStatus.Ok);
    expect(read(config, "mqtt.port")).toEqual({ layer: ConfigLayer.User, text: "", number: 1884 });
    expect(configUnset(config, ConfigLayer.User, configFind(config, "mqtt.port"))).toBe(true);
    expect(read(config, "mqtt.port").layer).toBe(ConfigLayer.Board);
    expect(configUnset(config, ConfigLayer.User, configFind(config, "mqtt.port"))).toBe(false);
  });

  it("reads each kind through its typed getter", () => {
    const config = newStore();
    configSet(config, ConfigLayer.User, "wifi.ssid", "home net");
    configSet(config, ConfigLayer.User, "mqtt.tls", "on");
    configSet(config, ConfigLayer.User, "mqtt.version", "5");
    expect(configText(config, configFind(config, "wifi.ssid"))).toBe("home net");
    expect(configBoolean(config, configFind(config, "mqtt.tls"))).toBe(true);
    expect(configBoolean(config, configFind(config, "discovery.enabled"))).toBe(true);
    expect(configText(config, configFind(config, "mqtt.version"))).toBe("5");
    expect(configInteger(config, configFind(config, "mqtt.version"))).toBe(2);
    expect(configText(config, configFind(config, "topic.prefix"))).toBe("mote");
  });

  it("marks the store unsaved when the user layer changes, not when the board's does", () => {
    const config = newStore();
    configSet(config, ConfigLayer.Board, "mqtt.host", "broker.local");
    expect(config.unsaved).toBe(false);
    configSet(config, ConfigLayer.User, "mqtt.host", "10.0.0.2");
    expect(config.unsaved).toBe(true);
    expect(configLayerOf(config, configFind(config, "mqtt.host"))).toBe(ConfigLayer.User);
  });

  it("keeps text byte for byte, UTF-8 included, and counts its length in bytes", () => {
    const config = newStore();
    expect(configSet(config, ConfigLayer.User, "wifi.ssid", "café ☕ 🏠")).toBe(ConfigStatus.Ok);
    expect(configText(config, configFind(config, "wifi.ssid"))).toBe("café ☕ 🏠");
    expect(configSet(config, ConfigLayer.User, "wifi.ssid", "é".repeat(16))).toBe(ConfigStatus.Ok);
    expect(configSet(config, ConfigLayer.User, "wifi.ssid", "é".repeat(16) + "x")).toBe(ConfigStatus.TooLong);
  });
});

describe("setting a value refuses bad input and changes nothing", () => {
  const cases: Array<[string, string, ConfigStatus, string]> = [
    ["mqtt.prot", "1883", ConfigStatus.UnknownSetting, ""],
    ["mqtt.port", "abc", ConfigStatus.NotANumber, 'mqtt.port: "abc" is not a whole number'],
    ["mqtt.port", "", ConfigStatus.NotANumber, 'mqtt.port: "" is not a whole number'],
    ["mqtt.port", "-", ConfigStatus.NotANumber, 'mqtt.port: "-" is not a whole number'],
    ["mqtt.port", "18 83", ConfigStatus.NotANumber, 'mqtt.port: "18 83" is not a whole number'],
    ["mqtt.port", "+1883", ConfigStatus.NotANumber, 'mqtt.port: "+1883" is not a whole number'],
    ["mqtt.port", "1883.0", ConfigStatus.NotANumber, 'mqtt.port: "1883.0" is not a whole number'],
    ["mqtt.port", "0", ConfigStatus.OutOfRange, "mqtt.port: 0 is out of range (1 to 65535)"],
    ["mqtt.port", "65536", ConfigStatus.OutOfRange, "mqtt.port: 65536 is out of range (1 to 65535)"],
    ["mqtt.port", "-1", ConfigStatus.OutOfRange, "mqtt.port: -1 is out of range (1 to 65535)"],
    ["mqtt.port", "99999999999999999999", ConfigStatus.OutOfRange, "mqtt.port: 99999999999999999999 is out of range (1 to 65535)"],
    ["sensor.interval", "86401", ConfigStatus.OutOfRange, "sensor.interval: 86401 is out of range (1 to 86400)"],
    ["mqtt.tls", "maybe", ConfigStatus.NotABoolean, 'mqtt.tls: "maybe" is not true or false (or on/off, yes/no, 1/0)'],
    ["mqtt.tls", "TRUE", ConfigStatus.NotABoolean, 'mqtt.tls: "TRUE" is not true or false (or on/off, yes/no, 1/0)'],
    ["mqtt.version", "4", ConfigStatus.NotAChoice, 'mqtt.version: "4" is not one of 3.1, 3.1.1, 5'],
    ["mqtt.version", "5.0", ConfigStatus.NotAChoice, 'mqtt.version: "5.0" is not one of 3.1, 3.1.1, 5'],
    ["wifi.ssid", "x".repeat(33), ConfigStatus.TooLong, "wifi.ssid: too long (at most 32 bytes)"],
    ["wifi.password", "p".repeat(65), ConfigStatus.TooLong, "wifi.password: too long (at most 64 bytes)"],
    ["wifi.ssid", "a\u0000b", ConfigStatus.NotUtf8, "wifi.ssid: not valid UTF-8 text"],
    ["device.id", "kitchen/1", ConfigStatus.BadCharacter, 'device.id: "/", "+" and "#" are not allowed in a topic level'],
    ["device.id", "k+", ConfigStatus.BadCharacter, 'device.id: "/", "+" and "#" are not allowed in a topic level'],
    ["topic.prefix", "home/#", ConfigStatus.BadCharacter, 'topic.prefix: "+" and "#" are not allowed in topics'],
  ];
  for (const [name, value, status, message] of cases) {
    it(`refuses ${name} = ${JSON.stringify(value.length > 24 ? value.slice(0, 24) + "..." : value)} with ${message === "" ? "UnknownSetting" : message}`, () => {
      const config = newStore();
      configSet(config, ConfigLayer.User, "mqtt.port", "1884");
      config.unsaved = false;
      const before = snapshot(config);
      expect(configSet(config, ConfigLayer.User, name, value)).toBe(status);
      expect(snapshot(config)).toBe(before);
      if (message !== "") expect(configValueErrorMessage(config, status, configFind(config, name), value)).toBe(message);
    });
  }

  it("takes every boolean spelling", () => {
    const config = newStore();
    const words: Array<[string, boolean]> = [["true", true], ["false", false], ["on", true], ["off", false], ["yes", true], ["no", false], ["1", true], ["0", false]];
    for (const [word, value] of words) {
      expect(configSet(config, ConfigLayer.User, "mqtt.tls", word)).toBe(ConfigStatus.Ok);
      expect(configBoolean(config, configFind(config, "mqtt.tls"))).toBe(value);
    }
  });

  it("takes the ends of an integer range and a topic path with levels", () => {
    const config = newStore();
    expect(configSet(config, ConfigLayer.User, "mqtt.port", "1")).toBe(ConfigStatus.Ok);
    expect(configSet(config, ConfigLayer.User, "mqtt.port", "65535")).toBe(ConfigStatus.Ok);
    expect(configSet(config, ConfigLayer.User, "mqtt.keepalive", "0")).toBe(ConfigStatus.Ok);
    expect(configSet(config, ConfigLayer.User, "topic.prefix", "home/ground")).toBe(ConfigStatus.Ok);
  });
});

describe("status words", () => {
  it("has words for every status", () => {
    for (let status = ConfigStatus.Ok; status <= ConfigStatus.WriteFailed; status++) {
      expect(configStatusText(status)).toMatch(/^[a-z]/);
    }
  });
});

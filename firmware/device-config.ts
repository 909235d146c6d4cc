/**
 * The device's settings: the firmware's own (src/config/settings.ts) plus one interval per sensor
 * of the board, with the board's presets in the board layer and the user's saved copy, from
 * flash, in the user layer — so what the user `set`s over the console wins over the board file,
 * which wins over the defaults.
 */
import type { Storage } from "../hal/api";
import type { DeviceHal } from "../hal/device-hal";
import { STORAGE_OK, STORAGE_CORRUPT } from "../hal/api";
import type { Bytes } from "../src/bytes/bytes";
import { moteSettings, sensorIntervalSetting } from "../src/config/settings";
import { newConfigStore, configSet, configFind, ConfigLayer } from "../src/config/store";
import type { ConfigStore } from "../src/config/store";
import { newConfigSlots, configLoad } from "../src/config/slots";
import type { ConfigSlots, ConfigStorage } from "../src/config/slots";
import { ConfigStatus } from "../src/config/config-status";
import { configStatusText } from "../src/config/config-message";
import type { DeviceBoard } from "./device-board";

/** The prefix of the two blobs the user's settings are saved in ("config.a", "config.b"). */
const CONFIG_BLOB_PREFIX = "config";

/** A sensor's interval when neither the board nor the user gives one (every board file does). */
const DEFAULT_INTERVAL_SECONDS = 60;

/** The settings, where they are saved, and what loading them said. */
export interface DeviceConfig {
  config: ConfigStore;
  slots: ConfigSlots;
  /** Lines for the console about the board's presets and the saved copy (empty when all is well). */
  messages: string[];
  /** Where each sensor's interval setting is, in the board's sensor order. */
  intervalSettings: number[];
}

/** The config's view of the Storage HAL: a missing or unreadable blob reads as none; the names of damaged ones go to `damaged`. */
function configStorageOver(storage: Storage, damaged: string[]): ConfigStorage {
  return {
    read(this: void, name: string, store: Bytes, capacity: number): number {
      const length = storage.read(name, store, 0, capacity);
      if (length === STORAGE_CORRUPT) {
        damaged.push(name);
      }
      return length >= 0 ? length : -1;
    },
    write(this: void, name: string, store: Bytes, length: number): boolean {
      return storage.write(name, store, 0, length) === STORAGE_OK;
    },
  };
}

/**
 * Makes the settings for `board` on `hal`: the schema with a row per sensor, the board's presets
 * in the board layer (a preset the schema refuses is reported, not applied), and the user's
 * newest good saved copy in the user layer (a damaged copy, found so by the HAL's own check or
 * the config's, is reported and the other, or the board's settings and the defaults, used). Allocates: call at boot.
 */
export function newDeviceConfig(hal: DeviceHal, board: DeviceBoard, sensorNames: string[]): DeviceConfig {
  const settings = moteSettings();
  for (let index = 0; index < sensorNames.length; index++) {
    settings.push(sensorIntervalSetting(sensorNames[index], DEFAULT_INTERVAL_SECONDS));
  }
  const config = newConfigStore(hal.platform, settings);
  const messages: string[] = [];
  for (let index = 0; index < board.settings.length; index++) {
    const preset = board.settings[index];
    const status = configSet(config, ConfigLayer.Board, preset.name, preset.value);
    if (status !== ConfigStatus.Ok) {
      messages.push("board setting " + preset.name + " refused: " + configStatusText(status));
    }
  }
  const damaged: string[] = [];
  const slots = newConfigSlots(config, configStorageOver(hal.storage, damaged), CONFIG_BLOB_PREFIX);
  const loaded = configLoad(config, slots);
  for (let index = 0; index < damaged.length; index++) {
    messages.push("saved settings " + damaged[index] + " are damaged (a cut write or a bad flash): " + (loaded === ConfigStatus.Ok ? "using the other copy" : "using the board's and the defaults"));
  }
  if (loaded !== ConfigStatus.Ok && loaded !== ConfigStatus.NoCopy) {
    messages.push("saved settings refused (" + configStatusText(loaded) + "): using the board's and the defaults");
  }
  const intervalSettings: number[] = [];
  for (let index = 0; index < sensorNames.length; index++) {
    intervalSettings.push(configFind(config, "sensor." + sensorNames[index] + ".interval"));
  }
  return { config: config, slots: slots, messages: messages, intervalSettings: intervalSettings };
}

import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { writeDecimal } from "../bytes/ascii";
import { ConfigStatus } from "./config-status";
import { SettingKind } from "./setting";
import type { Setting } from "./setting";
import { parseSettingValue } from "./parse-value";
import type { ParsedValue } from "./parse-value";

/**
 * The layered settings store: every setting has a default (from the schema), may be preset by
 * the board file, and may be set by the user; the effective value is the user's, else the
 * board's, else the default. Values are parsed and checked before they are stored, so a refused
 * value changes nothing. Saving and loading the user layer is blob.ts and slots.ts.
 */

/** Where a value comes from, weakest first. */
export const enum ConfigLayer {
  Default = 0,
  Board = 1,
  User = 2,
}

/** Each layer's name as the console shows it, indexed by ConfigLayer. */
export const CONFIG_LAYER_NAMES = ["default", "board", "user"];

/** One layer's values, indexed like the schema: whether it holds one, and the value as parsed. */
export interface LayerValues {
  present: boolean[];
  texts: string[];
  numbers: number[];
}

/** The store. Made once by `newConfigStore`; every array is sized from the schema then. */
export interface ConfigStore {
  platform: Platform;
  settings: Setting[];
  /** Indexed by ConfigLayer. */
  layers: LayerValues[];
  /** The layer a saved copy is read into before it replaces the user layer. */
  staging: LayerValues;
  parsed: ParsedValue;
  /** Room for any one value as bytes, unescaped: the longest text setting, or a number. */
  scratch: Bytes;
  scratchSize: number;
  /** The user layer changed since it was last saved or loaded. */
  unsaved: boolean;
  /** Generation of the copy last loaded or saved (0: none yet), and its slot (-1: none). */
  generation: number;
  slot: number;
}

/** A setting's effective value and where it came from, filled in by `configRead`. */
export interface ConfigReading {
  layer: ConfigLayer;
  text: string;
  number: number;
}

/** Bytes the longest integer takes in decimal, sign included. */
const LONGEST_INTEGER_TEXT = 11;

function newLayer(count: number): LayerValues {
  const layer: LayerValues = { present: [], texts: [], numbers: [] };
  for (let index = 0; index < count; index++) {
    layer.present.push(false);
    layer.texts.push("");
    layer.numbers.push(0);
  }
  return layer;
}

/**
 * Makes a store over `settings` (kept; the caller does not change it afterwards) with the
 * defaults layer filled in and the board and user layers empty. Allocates everything the store
 * will use: call at creation time.
 */
export function newConfigStore(platform: Platform, settings: Setting[]): ConfigStore {
  const count = settings.length;
  const defaults = newLayer(count);
  let scratchSize = LONGEST_INTEGER_TEXT;
  for (let index = 0; index < count; index++) {
    const setting = settings[index];
    defaults.present[index] = true;
    defaults.texts[index] = setting.defaultText;
    defaults.numbers[index] = setting.defaultNumber;
    if (setting.kind === SettingKind.Text && setting.maximum > scratchSize) {
      scratchSize = setting.maximum;
    }
  }
  return {
    platform,
    settings,
    layers: [defaults, newLayer(count), newLayer(count)],
    staging: newLayer(count),
    parsed: { text: "", number: 0 },
    scratch: platform.newBytes(scratchSize),
    scratchSize,
    unsaved: false,
    generation: 0,
    slot: -1,
  };
}

/** The index of the setting called `name`, or -1. Never allocates. */
export function configFind(config: ConfigStore, name: string): number {
  const settings = config.settings;
  for (let index = 0; index < settings.length; index++) {
    if (settings[index].name === name) {
      return index;
    }
  }
  return -1;
}

/** Puts `config.parsed` into `values` at `index`. */
function keepParsed(config: ConfigStore, values: LayerValues, index: number): void {
  values.present[index] = true;
  values.texts[index] = config.parsed.text;
  values.numbers[index] = config.parsed.number;
}

/** Parses bytes as a value of setting `index` into `config.parsed`; returns Ok or what is wrong. */
function parseInto(config: ConfigStore, index: number, store: Bytes, offset: number, length: number): ConfigStatus {
  config.parsed.text = "";
  config.parsed.number = 0;
  return parseSettingValue(config.platform, config.settings[index], store, offset, length, config.parsed);
}

/**
 * Parses `length` bytes of `store` at `offset` as a value of setting `index` and, when it is
 * valid, puts it in `layer` (Board or User; a User change marks the store unsaved). Returns Ok or
 * what is wrong; on error nothing changes. Allocates the text of a text value.
 */
export function configSetBytes(config: ConfigStore, layer: ConfigLayer, index: number, store: Bytes, offset: number, length: number): ConfigStatus {
  const status = parseInto(config, index, store, offset, length);
  if (status !== ConfigStatus.Ok) {
    return status;
  }
  keepParsed(config, config.layers[layer], index);
  if (layer === ConfigLayer.User) {
    config.unsaved = true;
  }
  return ConfigStatus.Ok;
}

/**
 * Parses `length` bytes at `offset` as a value of setting `index` into the staging layer (what a
 * saved copy is read into). Returns Ok or what is wrong. Allocates the text of a text value.
 */
export function configStageBytes(config: ConfigStore, index: number, store: Bytes, offset: number, length: number): ConfigStatus {
  const status = parseInto(config, index, store, offset, length);
  if (status === ConfigStatus.Ok) {
    keepParsed(config, config.staging, index);
  }
  return status;
}

/** Empties the staging layer. Never allocates. */
export function configClearStaging(config: ConfigStore): void {
  const staging = config.staging;
  for (let index = 0; index < config.settings.length; index++) {
    staging.present[index] = false;
    staging.texts[index] = "";
    staging.numbers[index] = 0;
  }
}

/** Makes the staging layer the user layer (a loaded copy taking effect); the store is then saved. Never allocates. */
export function configCommitStaging(config: ConfigStore): void {
  const staging = config.staging;
  const user = config.layers[ConfigLayer.User];
  for (let index = 0; index < config.settings.length; index++) {
    user.present[index] = staging.present[index];
    user.texts[index] = staging.texts[index];
    user.numbers[index] = staging.numbers[index];
  }
  config.unsaved = false;
}

/**
 * Sets the setting called `name` in `layer` (Board or User) from `text`, as the console's `set`
 * does. Returns Ok, UnknownSetting, or what is wrong with the value; on error nothing changes.
 * Allocates the text of a text value.
 */
export function configSet(config: ConfigStore, layer: ConfigLayer, name: string, text: string): ConfigStatus {
  const index = configFind(config, name);
  if (index < 0) {
    return ConfigStatus.UnknownSetting;
  }
  const platform = config.platform;
  const length = platform.textByteLength(text);
  if (length > config.scratchSize) {
    return config.settings[index].kind === SettingKind.Text ? ConfigStatus.TooLong : configTooLongStatus(config.settings[index]);
  }
  platform.writeText(text, config.scratch, 0);
  return configSetBytes(config, layer, index, config.scratch, 0, length);
}

/** The status for a value too long to be one of a non-text setting's values. */
function configTooLongStatus(setting: Setting): ConfigStatus {
  if (setting.kind === SettingKind.Integer) {
    return ConfigStatus.NotANumber;
  }
  return setting.kind === SettingKind.Boolean ? ConfigStatus.NotABoolean : ConfigStatus.NotAChoice;
}

/**
 * Removes setting `index` from `layer` (Board or User), so a weaker layer shows through; returns
 * whether the layer held it. A User change marks the store unsaved. Never allocates.
 */
export function configUnset(config: ConfigStore, layer: ConfigLayer, index: number): boolean {
  const values = config.layers[layer];
  if (!values.present[index]) {
    return false;
  }
  values.present[index] = false;
  values.texts[index] = "";
  values.numbers[index] = 0;
  if (layer === ConfigLayer.User) {
    config.unsaved = true;
  }
  return true;
}

/** The layer setting `index`'s effective value comes from. Never allocates. */
export function configLayerOf(config: ConfigStore, index: number): ConfigLayer {
  if (config.layers[ConfigLayer.User].present[index]) {
    return ConfigLayer.User;
  }
  return config.layers[ConfigLayer.Board].present[index] ? ConfigLayer.Board : ConfigLayer.Default;
}

/** Fills `reading` with setting `index`'s effective value and its layer. Never allocates. */
export function configRead(config: ConfigStore, index: number, reading: ConfigReading): void {
  const layer = configLayerOf(config, index);
  reading.layer = layer;
  reading.text = config.layers[layer].texts[index];
  reading.number = config.layers[layer].numbers[index];
}

/** The effective text of the text or enum setting `index`. Never allocates. */
export function configText(config: ConfigStore, index: number): string {
  return config.layers[configLayerOf(config, index)].texts[index];
}

/** The effective number of the integer setting `index` (an enum's choice index). Never allocates. */
export function configInteger(config: ConfigStore, index: number): number {
  return config.layers[configLayerOf(config, index)].numbers[index];
}

/** The effective value of the boolean setting `index`. Never allocates. */
export function configBoolean(config: ConfigStore, index: number): boolean {
  return config.layers[configLayerOf(config, index)].numbers[index] === 1;
}

/** An integer as decimal text, made through the store's scratch. Allocates the string. */
export function configIntegerText(config: ConfigStore, value: number): string {
  const end = writeDecimal(config.scratch, 0, value);
  return config.platform.readText(config.scratch, 0, end);
}

/**
 * Setting `index`'s value in `layer` as text a user would type back: the text itself, the
 * number in decimal, true/false, or the choice. Allocates the string for numbers.
 */
export function configValueText(config: ConfigStore, layer: ConfigLayer, index: number): string {
  const kind = config.settings[index].kind;
  const values = config.layers[layer];
  if (kind === SettingKind.Integer) {
    return configIntegerText(config, values.numbers[index]);
  }
  if (kind === SettingKind.Boolean) {
    return values.numbers[index] === 1 ? "true" : "false";
  }
  return values.texts[index];
}

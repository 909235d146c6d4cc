import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { validateUtf8 } from "../bytes/utf8";
import { Status } from "../mqtt/status";
import { ConfigStatus } from "./config-status";
import { SettingKind, TextRule } from "./setting";
import type { Setting } from "./setting";

/**
 * Turns a value typed as text (bytes, from the console or a saved copy) into a setting's value,
 * checking it against the setting's kind and limits. Parsing only: nothing is stored here.
 */

/** A parsed value: `text` for Text and Enum settings, `number` for Integer, Boolean (1/0) and Enum (the choice's index). */
export interface ParsedValue {
  text: string;
  number: number;
}

/**
 * An integer setting's value stays within ±2^31 (the subset's integers): a value above
 * LARGEST_TENTH * 10 + LARGEST_LAST_DIGIT is out of every range. Compared digit by digit, since
 * a division would be a single-precision float on NodeMCU's Lua 5.3.
 */
const LARGEST_TENTH = 214748364;
const LARGEST_LAST_DIGIT = 7;
const MINUS = 0x2d;
const DIGIT_ZERO = 0x30;

/** What each word a boolean setting accepts means. */
const BOOLEAN_WORDS = ["true", "false", "on", "off", "yes", "no", "1", "0"];
const BOOLEAN_VALUES = [1, 0, 1, 0, 1, 0, 1, 0];

/** The bytes topic levels refuse: "/", "+", "#"; a TopicPath refuses only the last two. */
const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;

function parseInteger(setting: Setting, store: Bytes, offset: number, length: number, parsed: ParsedValue): ConfigStatus {
  const negative = length > 0 && store[offset] === MINUS;
  const first = negative ? offset + 1 : offset;
  const end = offset + length;
  if (first >= end) {
    return ConfigStatus.NotANumber;
  }
  let value = 0;
  let tooLarge = false;
  for (let index = first; index < end; index++) {
    const digit = store[index] - DIGIT_ZERO;
    if (digit < 0 || digit > 9) {
      return ConfigStatus.NotANumber;
    }
    if (value > LARGEST_TENTH || (value === LARGEST_TENTH && digit > LARGEST_LAST_DIGIT)) {
      tooLarge = true;
    } else {
      value = value * 10 + digit;
    }
  }
  const signed = negative ? -value : value;
  if (tooLarge || signed < setting.minimum || signed > setting.maximum) {
    return ConfigStatus.OutOfRange;
  }
  parsed.number = signed;
  return ConfigStatus.Ok;
}

function refusesByte(rule: TextRule, code: number): boolean {
  if (rule === TextRule.Any) {
    return false;
  }
  return code === PLUS || code === HASH || (rule === TextRule.TopicLevel && code === SLASH);
}

function parseText(platform: Platform, setting: Setting, store: Bytes, offset: number, length: number, parsed: ParsedValue): ConfigStatus {
  if (length > setting.maximum) {
    return ConfigStatus.TooLong;
  }
  if (validateUtf8(store, offset, length) !== Status.Success) {
    return ConfigStatus.NotUtf8;
  }
  for (let index = offset; index < offset + length; index++) {
    if (refusesByte(setting.rule, store[index])) {
      return ConfigStatus.BadCharacter;
    }
  }
  parsed.text = platform.readText(store, offset, length);
  return ConfigStatus.Ok;
}

function findWord(words: string[], word: string): number {
  for (let index = 0; index < words.length; index++) {
    if (words[index] === word) {
      return index;
    }
  }
  return -1;
}

function parseBoolean(platform: Platform, store: Bytes, offset: number, length: number, parsed: ParsedValue): ConfigStatus {
  const found = length <= 5 ? findWord(BOOLEAN_WORDS, platform.readText(store, offset, length)) : -1;
  if (found < 0) {
    return ConfigStatus.NotABoolean;
  }
  parsed.number = BOOLEAN_VALUES[found];
  return ConfigStatus.Ok;
}

function parseEnum(platform: Platform, setting: Setting, store: Bytes, offset: number, length: number, parsed: ParsedValue): ConfigStatus {
  const found = validateUtf8(store, offset, length) === Status.Success ? findWord(setting.choices, platform.readText(store, offset, length)) : -1;
  if (found < 0) {
    return ConfigStatus.NotAChoice;
  }
  parsed.number = found;
  parsed.text = setting.choices[found];
  return ConfigStatus.Ok;
}

/**
 * Parses `length` bytes of `store` at `offset` as a value of `setting` into `parsed`; returns Ok,
 * or the status that says what is wrong (then `parsed` is unchanged). Reads only inside the range.
 * Allocates the text of a Text value, and a word to compare for Boolean and Enum values.
 */
export function parseSettingValue(platform: Platform, setting: Setting, store: Bytes, offset: number, length: number, parsed: ParsedValue): ConfigStatus {
  if (setting.kind === SettingKind.Integer) {
    return parseInteger(setting, store, offset, length, parsed);
  }
  if (setting.kind === SettingKind.Boolean) {
    return parseBoolean(platform, store, offset, length, parsed);
  }
  if (setting.kind === SettingKind.Enum) {
    return parseEnum(platform, setting, store, offset, length, parsed);
  }
  return parseText(platform, setting, store, offset, length, parsed);
}

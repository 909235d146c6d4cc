/**
 * One setting's description, as data: its dotted name, what kind of value it holds and which
 * values are allowed, its default, whether it is a secret, and a sentence for `help`. The schema is
 * a table of these (settings.ts); nothing here reads or stores a value.
 */

/** What kind of value a setting holds; each kind has its own parser (parse-value.ts). */
export const enum SettingKind {
  /** UTF-8 text of at most `maximum` bytes, checked by `rule`. */
  Text = 0,
  /** A whole number from `minimum` to `maximum`. */
  Integer = 1,
  /** true or false (also typed as on/off, yes/no, 1/0). */
  Boolean = 2,
  /** One of the texts in `choices`; held as its index. */
  Enum = 3,
}

/** What characters a text setting refuses beyond its length. */
export const enum TextRule {
  /** Anything. */
  Any = 0,
  /** One MQTT topic level: no "/", "+" or "#". */
  TopicLevel = 1,
  /** Several MQTT topic levels: no "+" or "#". */
  TopicPath = 2,
}

/**
 * A setting. `defaultText` is the default of a Text or Enum setting; `defaultNumber` that of an
 * Integer, Boolean (1 or 0) or Enum (the choice's index) one. For Text, `minimum`..`maximum` is
 * the allowed length in bytes.
 */
export interface Setting {
  name: string;
  kind: SettingKind;
  description: string;
  secret: boolean;
  defaultText: string;
  defaultNumber: number;
  minimum: number;
  maximum: number;
  rule: TextRule;
  choices: string[];
}

/** A text setting of at most `maximumBytes` bytes. Allocates the record (creation time). */
export function textSetting(name: string, maximumBytes: number, rule: TextRule, defaultText: string, description: string): Setting {
  return { name, kind: SettingKind.Text, description, secret: false, defaultText, defaultNumber: 0, minimum: 0, maximum: maximumBytes, rule, choices: [] };
}

/** A text setting shown masked (a password). Allocates the record (creation time). */
export function secretSetting(name: string, maximumBytes: number, description: string): Setting {
  return { name, kind: SettingKind.Text, description, secret: true, defaultText: "", defaultNumber: 0, minimum: 0, maximum: maximumBytes, rule: TextRule.Any, choices: [] };
}

/** A whole-number setting from `minimum` to `maximum`. Allocates the record (creation time). */
export function integerSetting(name: string, minimum: number, maximum: number, defaultNumber: number, description: string): Setting {
  return { name, kind: SettingKind.Integer, description, secret: false, defaultText: "", defaultNumber, minimum, maximum, rule: TextRule.Any, choices: [] };
}

/** A true/false setting. Allocates the record (creation time). */
export function booleanSetting(name: string, defaultValue: boolean, description: string): Setting {
  const defaultNumber = defaultValue ? 1 : 0;
  return { name, kind: SettingKind.Boolean, description, secret: false, defaultText: "", defaultNumber, minimum: 0, maximum: 1, rule: TextRule.Any, choices: [] };
}

/**
 * A setting that takes one of `choices`; `defaultIndex` picks the default. Keeps `choices` (the
 * caller does not change it afterwards). Allocates the record (creation time).
 */
export function enumSetting(name: string, choices: string[], defaultIndex: number, description: string): Setting {
  const last = choices.length - 1;
  return { name, kind: SettingKind.Enum, description, secret: false, defaultText: choices[defaultIndex], defaultNumber: defaultIndex, minimum: 0, maximum: last, rule: TextRule.Any, choices };
}

import { ConfigStatus } from "./config-status";
import { TextRule } from "./setting";
import type { ConfigStore } from "./store";
import { configIntegerText } from "./store";

/**
 * Sentences for humans (the serial console) from config statuses: what was wrong, naming the
 * setting. Every function here allocates the string it returns; none is on a hot path.
 */

/** What each status about a saved copy or the storage means, indexed by ConfigStatus. */
const STATUS_TEXTS = [
  "ok",
  "unknown setting",
  "not a whole number",
  "out of range",
  "too long",
  "not true or false",
  "not one of the choices",
  "a character that is not allowed",
  "not valid UTF-8 text",
  "no saved copy",
  "the saved copy is cut short",
  "the saved copy has no config header",
  "the saved copy is of a format version this firmware does not read",
  "the saved copy's checksum does not match its contents",
  "the saved copy has a malformed line",
  "the storage refused to write",
];

/** `status` in words, without naming a setting. Allocates nothing (the words are constants). */
export function configStatusText(status: ConfigStatus): string {
  return STATUS_TEXTS[status];
}

/** The choices of enum setting `index`, as "a, b, c". */
function choiceList(config: ConfigStore, index: number): string {
  const choices = config.settings[index].choices;
  let list = choices[0];
  for (let choice = 1; choice < choices.length; choice++) {
    list = list + ", " + choices[choice];
  }
  return list;
}

function badCharacterText(rule: TextRule): string {
  return rule === TextRule.TopicLevel ? '"/", "+" and "#" are not allowed in a topic level' : '"+" and "#" are not allowed in topics';
}

/**
 * The sentence for a refused value: `typed` (what the user gave, as text) was refused for setting
 * `index` with `status`. A secret's value is never repeated. Allocates the string.
 */
export function configValueErrorMessage(config: ConfigStore, status: ConfigStatus, index: number, typed: string): string {
  const setting = config.settings[index];
  const name = setting.name;
  if (status === ConfigStatus.NotANumber) {
    return name + ': "' + typed + '" is not a whole number';
  }
  if (status === ConfigStatus.OutOfRange) {
    return name + ": " + typed + " is out of range (" + configIntegerText(config, setting.minimum) + " to " + configIntegerText(config, setting.maximum) + ")";
  }
  if (status === ConfigStatus.TooLong) {
    return name + ": too long (at most " + configIntegerText(config, setting.maximum) + " bytes)";
  }
  if (status === ConfigStatus.NotABoolean) {
    return name + ': "' + typed + '" is not true or false (or on/off, yes/no, 1/0)';
  }
  if (status === ConfigStatus.NotAChoice) {
    return name + ': "' + typed + '" is not one of ' + choiceList(config, index);
  }
  if (status === ConfigStatus.BadCharacter) {
    return name + ": " + badCharacterText(setting.rule);
  }
  return name + ": " + configStatusText(status);
}

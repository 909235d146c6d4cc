import type { Shell } from "./shell-state";
import { outputText, outputByte, outputLineEnd, flushOutput, shellWriteLine } from "./output";
import { SettingKind } from "../config/setting";
import { ConfigStatus } from "../config/config-status";
import { ConfigLayer, CONFIG_LAYER_NAMES, configFind, configRead, configSetBytes, configUnset, configValueText, configIntegerText } from "../config/store";
import { configValueErrorMessage, configStatusText } from "../config/config-message";
import { configSave } from "../config/slots";
import { escapeLetter } from "../config/escapes";

/**
 * The shell's commands, as a table: each row has the command's name, how many arguments it
 * takes, its usage line for `help`, and the function that runs it. A command runs only after its
 * line has been split into the right number of words; every refusal is one line starting with
 * "error: " and changes nothing. Every function here allocates the strings of its replies
 * (per command, never per byte).
 */

/** A command: `run` gets the shell with the line's words (word 0 is the command). */
interface Command {
  name: string;
  fewestArguments: number;
  mostArguments: number;
  /** The line `help` prints, usage then description, aligned. */
  help: string;
  run(this: void, shell: Shell): void;
}

/** What a secret's value looks like on the console, whatever its length. */
const MASK = "********";
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Word `word` of the line as a string. Allocates it. */
function wordText(shell: Shell, word: number): string {
  return shell.platform.readText(shell.line, shell.wordStarts[word], shell.wordLengths[word]);
}

/** Writes "error: <message>" as a reply line. Allocates the line. */
function refuse(shell: Shell, message: string): void {
  shellWriteLine(shell, "error: " + message);
}

/** Writes `text` in double quotes with the escapes the shell reads back (words.ts). */
function outputQuoted(shell: Shell, text: string): void {
  const config = shell.config;
  const length = shell.platform.writeText(text, config.scratch, 0);
  outputByte(shell, QUOTE);
  for (let index = 0; index < length; index++) {
    const code = config.scratch[index];
    const letter = escapeLetter(code, true);
    if (letter >= 0) {
      outputByte(shell, BACKSLASH);
    }
    outputByte(shell, letter >= 0 ? letter : code);
  }
  outputByte(shell, QUOTE);
}

/** Writes "<name> = <value> (<layer>)" for setting `index`, a secret masked unless empty. */
function writeSettingLine(shell: Shell, index: number): void {
  const config = shell.config;
  const setting = config.settings[index];
  const reading = shell.reading;
  configRead(config, index, reading);
  outputText(shell, setting.name + " = ");
  if (setting.kind !== SettingKind.Text) {
    outputText(shell, configValueText(config, reading.layer, index));
  } else if (setting.secret && reading.text !== "") {
    outputText(shell, MASK);
  } else {
    outputQuoted(shell, reading.text);
  }
  outputText(shell, " (" + CONFIG_LAYER_NAMES[reading.layer] + ")");
  outputLineEnd(shell);
  flushOutput(shell);
}

/** What values setting `index` takes, in words: "1 to 65535", "text, at most 32 bytes" ... */
function describeValues(shell: Shell, index: number): string {
  const config = shell.config;
  const setting = config.settings[index];
  if (setting.kind === SettingKind.Integer) {
    return configIntegerText(config, setting.minimum) + " to " + configIntegerText(config, setting.maximum);
  }
  if (setting.kind === SettingKind.Boolean) {
    return "true or false";
  }
  if (setting.kind === SettingKind.Enum) {
    let choices = setting.choices[0];
    for (let choice = 1; choice < setting.choices.length; choice++) {
      choices = choices + " or " + setting.choices[choice];
    }
    return choices;
  }
  const kind = setting.secret ? "secret text" : "text";
  return kind + ", at most " + configIntegerText(config, setting.maximum) + " bytes";
}

/** The index of the setting named by word `word`, or -1 after refusing the line. */
function findNamedSetting(shell: Shell, word: number): number {
  const name = wordText(shell, word);
  const index = configFind(shell.config, name);
  if (index < 0) {
    refuse(shell, 'unknown setting "' + name + '" (type get for the list)');
  }
  return index;
}

function runHelp(this: void, shell: Shell): void {
  for (let command = 0; command < COMMANDS.length; command++) {
    shellWriteLine(shell, COMMANDS[command].help);
  }
}

function runGet(this: void, shell: Shell): void {
  if (shell.wordCount === 2) {
    const index = findNamedSetting(shell, 1);
    if (index >= 0) {
      writeSettingLine(shell, index);
    }
    return;
  }
  const settings = shell.config.settings;
  for (let index = 0; index < settings.length; index++) {
    shellWriteLine(shell, settings[index].name + " (" + describeValues(shell, index) + "): " + settings[index].description);
  }
}

function runSet(this: void, shell: Shell): void {
  const index = findNamedSetting(shell, 1);
  if (index < 0) {
    return;
  }
  const status = configSetBytes(shell.config, ConfigLayer.User, index, shell.line, shell.wordStarts[2], shell.wordLengths[2]);
  if (status !== ConfigStatus.Ok) {
    refuse(shell, configValueErrorMessage(shell.config, status, index, wordText(shell, 2)));
    return;
  }
  writeSettingLine(shell, index);
}

function runUnset(this: void, shell: Shell): void {
  const index = findNamedSetting(shell, 1);
  if (index >= 0) {
    configUnset(shell.config, ConfigLayer.User, index);
    writeSettingLine(shell, index);
  }
}

function runSave(this: void, shell: Shell): void {
  const status = configSave(shell.config, shell.slots);
  if (status !== ConfigStatus.Ok) {
    refuse(shell, "not saved: " + configStatusText(status));
    return;
  }
  shellWriteLine(shell, "saved (generation " + configIntegerText(shell.config, shell.config.generation) + "); reboot to apply");
}

function runShow(this: void, shell: Shell): void {
  for (let index = 0; index < shell.config.settings.length; index++) {
    writeSettingLine(shell, index);
  }
}

/** The settings' state, the first line of `status`. */
function settingsState(shell: Shell): string {
  const config = shell.config;
  if (config.unsaved) {
    return "settings: changed, not saved (type save)";
  }
  if (config.generation === 0) {
    return "settings: nothing saved";
  }
  return "settings: saved (generation " + configIntegerText(config, config.generation) + ")";
}

function runStatus(this: void, shell: Shell): void {
  shellWriteLine(shell, settingsState(shell));
  shell.options.status(shell);
}

function runReboot(this: void, shell: Shell): void {
  shellWriteLine(shell, shell.config.unsaved ? "rebooting (unsaved changes are dropped)" : "rebooting");
  shell.options.reboot();
}

/** Every command, in the order `help` lists them. */
const COMMANDS: Command[] = [
  { name: "help", fewestArguments: 0, mostArguments: 0, help: "help                 this list", run: runHelp },
  { name: "get", fewestArguments: 0, mostArguments: 1, help: "get [name]           a setting's value, or every setting and what it takes", run: runGet },
  { name: "set", fewestArguments: 2, mostArguments: 2, help: 'set <name> <value>   change a setting (quote a value with spaces: "my net")', run: runSet },
  { name: "unset", fewestArguments: 1, mostArguments: 1, help: "unset <name>         back to the board's or the default value", run: runUnset },
  { name: "save", fewestArguments: 0, mostArguments: 0, help: "save                 keep the settings in flash (they apply after reboot)", run: runSave },
  { name: "show", fewestArguments: 0, mostArguments: 0, help: "show                 every setting's value and where it comes from", run: runShow },
  { name: "status", fewestArguments: 0, mostArguments: 0, help: "status               the device's state", run: runStatus },
  { name: "reboot", fewestArguments: 0, mostArguments: 0, help: "reboot               restart the device", run: runReboot },
];

/**
 * Runs the command the split line names, or refuses it: an unknown command, or the wrong number
 * of arguments (with the command's usage). Allocates the strings of its replies.
 */
export function runCommand(shell: Shell): void {
  const name = wordText(shell, 0);
  for (let index = 0; index < COMMANDS.length; index++) {
    const command = COMMANDS[index];
    if (command.name === name) {
      const count = shell.wordCount - 1;
      if (count < command.fewestArguments || count > command.mostArguments) {
        refuse(shell, "usage: " + command.help);
        return;
      }
      command.run(shell);
      return;
    }
  }
  refuse(shell, 'unknown command "' + name + '" (type help for the list)');
}

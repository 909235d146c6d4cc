/**
 * Board files (boards/<id>.json): reads one, checks it against boards/schema.json with ajv, then
 * makes the checks a JSON schema cannot express (a pin used twice, a sensor on a bus the board
 * lacks, an address the chip never answers at), and hands back the board with every default
 * filled in. Every problem is reported as `file: field.path: what is wrong`, one per line.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { BuildError, PROJECT_ROOT } from "./project";
import type { Board, Problem } from "./board-types";
import { describeSchemaError } from "./board-schema-errors";
import { checkBoard } from "./board-checks";
import { BOARDS_FOLDER, boardSchema } from "./board-schema";

export { BOARDS_FOLDER, boardSchema } from "./board-schema";

export type * from "./board-types";


/** Every board id in boards/, sorted. */
export function listBoards(): string[] {
  return readdirSync(BOARDS_FOLDER)
    .filter((name) => name.endsWith(".json") && name !== "schema.json")
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

/**
 * Reads and checks a board, given by id (`sim-espruino`, looked up in boards/) or by the path of a
 * .json file. Returns it with every default filled in; throws a BuildError naming the file and
 * every field that is wrong.
 */
export function loadBoard(idOrPath: string): Board {
  const isPath = idOrPath.endsWith(".json") || idOrPath.includes("/") || idOrPath.includes(path.sep);
  const file = isPath ? path.resolve(idOrPath) : path.join(BOARDS_FOLDER, `${idOrPath}.json`);
  const shownFile = displayName(file);
  if (!existsSync(file)) {
    if (isPath) throw new BuildError(`${shownFile}: no such file`);
    throw new BuildError(`no board "${idOrPath}" in boards/ (there are: ${listBoards().join(", ")})`);
  }
  return parseBoard(readFileSync(file, "utf8"), shownFile);
}

/**
 * Checks the text of a board file named `file` (its id must be the file's base name). Returns the
 * board with every default filled in; throws a BuildError naming the file and every field that is
 * wrong. Reads nothing from disk but the schema.
 */
export function parseBoard(text: string, file: string): Board {
  const data = parseJson(text, file);
  const validate = boardValidator();
  if (!validate(data)) {
    throw new BuildError(formatProblems(file, (validate.errors ?? []).flatMap(describeSchemaError)));
  }
  const board = data as Board;
  const problems = checkBoard(board, path.basename(file, ".json"));
  if (problems.length > 0) throw new BuildError(formatProblems(file, problems));
  board.mqtt.port = board.mqtt.port ?? (board.mqtt.tls ? 8883 : 1883);
  return board;
}

let compiledValidator: ValidateFunction | undefined;

/** The schema compiled once: every error reported, defaults filled in, schema values in errors. */
function boardValidator(): ValidateFunction {
  if (compiledValidator === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, discriminator: true, verbose: true });
    ajv.addKeyword("hexadecimal");
    ajv.addKeyword("patternMeaning");
    compiledValidator = ajv.compile(boardSchema());
  }
  return compiledValidator;
}

/** `text` as JSON, or a BuildError with the line and column where it stops being JSON. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position === null ? text.length : Number(position[1]);
    const before = text.slice(0, offset).split("\n");
    const reason = message.replace(/ in JSON at position \d+.*$/, "");
    throw new BuildError(`${file}:${before.length}:${before[before.length - 1].length + 1}: not valid JSON: ${reason}`);
  }
}

function formatProblems(file: string, problems: Problem[]): string {
  const lines = problems.map((problem) => `${file}: ${problem.field === "" ? "" : `${problem.field}: `}${problem.text}`);
  return [...new Set(lines)].join("\n");
}

/** `path` relative to the project root when inside it, for messages. */
function displayName(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

/**
 * Where board files live and their JSON schema (boards/schema.json), read once.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./project";

/** Where board files live. */
export const BOARDS_FOLDER = path.join(PROJECT_ROOT, "boards");

const SCHEMA_FILE = path.join(BOARDS_FOLDER, "schema.json");

let parsedSchema: Record<string, unknown> | undefined;

/** The board schema as a plain object, read once (for tests and tools that read its defaults; do not change it). */
export function boardSchema(): Record<string, unknown> {
  parsedSchema ??= JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  return parsedSchema;
}

import * as path from "node:path";
import { PROJECT_ROOT } from "./project";

/** A source map as esbuild writes it (version 3). */
export interface SourceMap {
  sources: string[];
  mappings: string;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The fields of one mapping segment, Base64 VLQ decoded (relative values, as the format has them). */
function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return fields;
}

/**
 * How many bytes of `code` come from each source file, from its source `map`: each mapped span
 * (a segment to the next one on its line) counts for the segment's source; unmapped spans and
 * line breaks count as "(bundler)". Sources are named relative to the project root. Assumes one
 * byte per character, as minified bundles of this project are ASCII.
 */
export function bytesPerSource(code: string, map: SourceMap, mapFolder: string): Map<string, number> {
  const sizes = new Map<string, number>();
  const add = (name: string, bytes: number): void => {
    if (bytes > 0) sizes.set(name, (sizes.get(name) ?? 0) + bytes);
  };
  const names = map.sources.map((source) => path.relative(PROJECT_ROOT, path.resolve(mapFolder, decodeURIComponent(source))));
  const lines = code.split("\n");
  const mappingLines = map.mappings.split(";");
  let source = 0;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    let previousColumn = 0;
    let previousSource = -1;
    let column = 0;
    for (const segment of (mappingLines[line] ?? "").split(",")) {
      if (segment === "") continue;
      const fields = decodeSegment(segment);
      column += fields[0];
      add(previousSource < 0 ? "(bundler)" : names[previousSource], column - previousColumn);
      previousColumn = column;
      if (fields.length >= 4) {
        source += fields[1];
        previousSource = source;
      } else {
        previousSource = -1;
      }
    }
    add(previousSource < 0 ? "(bundler)" : names[previousSource], text.length - previousColumn);
    if (line < lines.length - 1) add("(bundler)", 1);
  }
  return sizes;
}

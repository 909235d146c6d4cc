/**
 * The benchmark's output: rows of our figure, the reference's and their ratio, as an aligned
 * table for people or as one JSON document for tools.
 */

/**
 * One benchmark figure; `reference` is absent where there is nothing to compare with, and `goal`
 * (the ratio the project aims for) where it has set none.
 */
export interface Row {
  name: string;
  ours: number;
  reference?: number;
  referenceName?: string;
  unit: string;
  goal?: number;
}

/** Ours over the reference (for ops/s, higher is better; for bytes, lower is), or null. */
function ratioOf(row: Row): number | null {
  if (row.reference === undefined || row.reference === 0) return null;
  return row.ours / row.reference;
}

/** A number for the table: integers with thousands separators, small values with two decimals. */
function shown(value: number): string {
  return Number.isInteger(value) || value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}

/** Prints `rows` as a table, or as JSON when `asJson`. */
export function printRows(rows: Row[], asJson: boolean): void {
  if (asJson) {
    const document = rows.map((row) => ({
      name: row.name,
      ours: row.ours,
      reference: row.reference ?? null,
      referenceName: row.referenceName ?? null,
      ratio: ratioOf(row),
      goal: row.goal ?? null,
      unit: row.unit,
    }));
    console.log(JSON.stringify(document, null, 2));
    return;
  }
  const lines = rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.name,
      `${shown(row.ours)} ${row.unit}`,
      row.reference === undefined ? "" : `${shown(row.reference)} ${row.unit} (${row.referenceName ?? ""})`,
      ratio === null ? "" : `${ratio.toFixed(2)}x`,
      row.goal === undefined ? "" : `${row.goal.toFixed(2)}x`,
    ];
  });
  const header = ["figure", "mote", "reference", "ratio", "goal"];
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  console.log(format(header));
  console.log(format(widths.map((width) => "-".repeat(width))));
  for (const line of lines) console.log(format(line));
}

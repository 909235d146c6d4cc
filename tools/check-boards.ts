/**
 * `npm run check:boards`: loads every board file in boards/ through the schema and the cross-field
 * checks, and prints one line per board (what it runs on and what it measures), or the board's
 * problems, one per line. Exits 1 when any board is refused.
 */
import { BuildError } from "./build/project";
import { listBoards, loadBoard } from "./build/board";

let refused = 0;
for (const id of listBoards()) {
  try {
    const board = loadBoard(id);
    const sensors = board.sensors.map((sensor) => `${sensor.name} (${sensor.driver})`).join(", ");
    console.log(`ok      ${id}: ${board.runtime} on ${board.chip}, ${board.link.type} link, sensors: ${sensors || "none"}`);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    refused++;
    console.log(`refused ${id}:\n${error.message.replace(/^/gm, "  ")}`);
  }
}
process.exit(refused === 0 ? 0 : 1);

/**
 * The Espruino VM's emulation of the event emitter every Espruino object is (src/jswrap_object.c,
 * 2v29), which the MQTT adapter emits its events through: listeners in a hidden `#on<event>`
 * property, `emit` queued to the event loop with at most 4 arguments.
 */
import { describe, it, expect } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import { until } from "../client/driver";

describe("the Espruino VM's event emitter on every object", () => {
  it("queues emit: listeners run later, in order, with this set to the object and the arguments given", async () => {
    const espruino = createEspruinoVm();
    espruino.run(`
      var seen = [];
      var thing = { name: "thing" };
      thing.on("data", function (a, b) { seen.push(["first", this.name, a, b]); });
      thing.on("data", function (a) { seen.push(["second", a]); });
      thing.emit("data", 1, "two");
      seen.push(["after emit"]);
    `);
    expect(espruino.run("JSON.stringify(seen)")).toBe('[["after emit"]]');
    await until(() => (espruino.run("seen.length") as number) === 3, "the listeners");
    expect(JSON.parse(espruino.run("JSON.stringify(seen)") as string)).toEqual([["after emit"], ["first", "thing", 1, "two"], ["second", 1]]);
  });

  it("passes at most 4 arguments, warning about the rest, and runs only the listeners present at emit", async () => {
    const espruino = createEspruinoVm();
    espruino.run(`
      var seen = [];
      var thing = {};
      thing.on("many", function () { seen.push(Array.prototype.slice.call(arguments)); });
      thing.emit("many", 1, 2, 3, 4, 5);
      thing.on("many", function () { seen.push("late"); });
    `);
    await until(() => (espruino.run("seen.length") as number) === 1, "the listener");
    expect(JSON.parse(espruino.run("JSON.stringify(seen)") as string)).toEqual([[1, 2, 3, 4]]);
    expect(espruino.printed).toEqual(["WARNING: Too many arguments"]);
  });

  it("keeps listeners out of sight and forgets them with removeListener and removeAllListeners", async () => {
    const espruino = createEspruinoVm();
    espruino.run(`
      var seen = [];
      var thing = { a: 1 };
      function one() { seen.push("one"); }
      function two() { seen.push("two"); }
      thing.on("x", one);
      thing.on("x", two);
      thing.on("y", one);
      var keys = Object.keys(thing).join() + "|" + JSON.stringify(thing);
      thing.removeListener("x", one);
      thing.emit("x");
      thing.removeAllListeners("y");
      thing.emit("y");
      thing.on("z", one);
      thing.removeAllListeners();
      thing.emit("z");
      thing.emit("x");
    `);
    expect(espruino.run("keys")).toBe('a|{"a":1}');
    await until(() => (espruino.run("seen.length") as number) >= 1, "a listener");
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(espruino.run("JSON.stringify(seen)") as string)).toEqual(["two"]);
  });

  it("records a listener that throws and still runs the others", async () => {
    const espruino = createEspruinoVm();
    espruino.run(`
      var seen = [];
      var thing = {};
      thing.on("go", function () { throw new Error("listener failed"); });
      thing.on("go", function () { seen.push("ran"); });
      thing.emit("go");
    `);
    await until(() => (espruino.run("seen.length") as number) === 1, "the second listener");
    expect(espruino.uncaught.map((error) => (error as Error).message)).toEqual(["listener failed"]);
  });
});

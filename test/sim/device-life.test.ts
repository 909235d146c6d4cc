/**
 * A simulated device's life (hal/sim/device-life.ts), with boots that only record what happens
 * to them: one boot at a time, reboots that tear down at once and boot on the next turn, a reboot
 * asked for by an old boot ignored, one asked for while booting done once booted, nothing booted
 * after a stop, and the console stream kept to its last characters.
 */
import { describe, expect, it } from "vitest";
import { OUTPUT_KEPT, startDeviceLife } from "../../hal/sim/device-life";
import type { BootContext } from "../../hal/sim/device-life";

/** A boot that records itself: its number, its context, whether it was torn down. */
interface RecordedBoot {
  number: number;
  context: BootContext;
  tornDown: boolean;
}

/** Starts a life whose boots are recorded in `boots`; `atBoot` runs inside each boot. */
function recordedLife(atBoot: (boot: RecordedBoot) => void = () => {}) {
  const boots: RecordedBoot[] = [];
  const life = startDeviceLife(
    (context) => {
      const boot = { number: boots.length, context, tornDown: false };
      boots.push(boot);
      atBoot(boot);
      return boot;
    },
    (ending) => {
      expect(ending.tornDown).toBe(false);
      ending.tornDown = true;
    },
  );
  return { life, boots };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("a device's life", () => {
  it("tears the running boot down at once on a reboot and boots again on the next turn", async () => {
    const { life, boots } = recordedLife();
    life.reboot();
    expect(boots[0].tornDown).toBe(true);
    expect(boots).toHaveLength(1);
    await nextTurn();
    expect(boots).toHaveLength(2);
    expect(life.current).toBe(boots[1]);
    expect(life.reboots).toBe(1);
  });

  it("ignores a reboot asked for by a boot already torn down", async () => {
    const { life, boots } = recordedLife();
    boots[0].context.reboot();
    await nextTurn();
    boots[0].context.reboot();
    await nextTurn();
    expect(boots).toHaveLength(2);
    expect(boots[1].tornDown).toBe(false);
    life.stop();
  });

  it("reboots once booted when the boot itself asks for it", async () => {
    const { life, boots } = recordedLife((boot) => {
      if (boot.number === 0) boot.context.reboot();
    });
    expect(boots[0].tornDown).toBe(true);
    await nextTurn();
    expect(boots).toHaveLength(2);
    expect(boots[1].tornDown).toBe(false);
    expect(life.reboots).toBe(1);
  });

  it("boots nothing more once stopped, even with a reboot pending", async () => {
    const { life, boots } = recordedLife();
    life.reboot();
    life.stop();
    life.stop();
    await nextTurn();
    expect(boots).toHaveLength(1);
    life.reboot();
    await nextTurn();
    expect(boots).toHaveLength(1);
  });

  it("keeps the console stream's last characters across boots and tells the listener everything", async () => {
    const heard: string[] = [];
    const life = startDeviceLife((context) => context, () => {}, (text) => heard.push(text));
    life.current.write("first boot\n");
    life.reboot();
    await nextTurn();
    life.current.write("x".repeat(OUTPUT_KEPT));
    expect(life.output()).toHaveLength(OUTPUT_KEPT);
    expect(life.output().startsWith("x")).toBe(true);
    expect(heard[0]).toBe("first boot\n");
    expect(heard.join("")).toHaveLength(OUTPUT_KEPT + 11);
  });
});

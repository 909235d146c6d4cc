import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOOPBACK, freePort, portAccepts, sleep } from "./net-util";

/**
 * Debian's mosquitto (2.0) as a child process, for tests: a generated config in a temp folder,
 * listeners on 127.0.0.1 only, ports picked free just before, and a wait until every listener
 * accepts connections.
 *
 * The config it writes (see `mosquittoConfig`):
 *   user root                      (only when this process is root: mosquitto would otherwise
 *                                   drop to the `mosquitto` user, which cannot read the 0700 temp
 *                                   folder with the password file and keys)
 *   per_listener_settings false
 *   allow_anonymous true           (false, with password_file, when credentials are asked for)
 *   persistence false
 *   set_tcp_nodelay true
 *   log_dest stderr, log_type error/warning/notice/information
 *   <extra lines>
 *   listener <port> 127.0.0.1                                   plain MQTT, always
 *   listener <wsPort> 127.0.0.1 + protocol websockets + socket_domain ipv4      (websockets)
 *   listener <tlsPort> 127.0.0.1 + cafile/certfile/keyfile [+ require_certificate]   (tls)
 *   listener <wssPort> 127.0.0.1 + websockets + ipv4 + the TLS files       (tls and websockets)
 *
 * Mosquitto 2.0 reads port 0 as "a unix socket", so ports are picked by binding 127.0.0.1:0 and
 * releasing it; if another process takes one in between, the start is retried with new ports.
 * Without `socket_domain ipv4` a websockets listener binds every interface, whatever its address.
 */

export const MOSQUITTO_PATH = process.env.MOSQUITTO ?? "/usr/sbin/mosquitto";
const MOSQUITTO_PASSWD_PATH = "/usr/bin/mosquitto_passwd";

export interface StartMosquittoOptions {
  /** When set, anonymous clients are refused and only this user with `password` may connect. */
  username?: string;
  password?: string;
  /** Also a WebSocket listener (`wsPort`). */
  websockets?: boolean;
  /** Also a TLS listener (`tlsPort`), and with `websockets` a WSS one (`wssPort`). PEM texts. */
  tls?: { cert: string; key: string; ca: string; requireCertificate?: boolean };
  /** More config lines, placed before the listeners (e.g. "max_inflight_messages 5"). */
  extraConfig?: string[];
  /** Lines for the plain listener's own section (per-listener options such as `max_qos`). */
  listenerConfig?: string[];
  /** How long to wait for every listener to accept connections (default 5000 ms). */
  startTimeoutMs?: number;
}

export interface RunningMosquitto {
  port: number;
  wsPort?: number;
  tlsPort?: number;
  wssPort?: number;
  /** The generated configuration text. */
  config: string;
  /** What mosquitto has logged so far (stdout and stderr). */
  log(): string;
  /** Stops mosquitto (SIGTERM, then SIGKILL after 2 s), removes its folder; resolves on exit. */
  close(): Promise<void>;
}

let availability: boolean | undefined;

/** Whether mosquitto can be run here; prints the reason once when it cannot. */
export function mosquittoAvailable(): boolean {
  if (availability === undefined) {
    try {
      accessSync(MOSQUITTO_PATH, constants.X_OK);
      availability = true;
    } catch {
      availability = false;
      console.warn(
        `skipping mosquitto tests: ${MOSQUITTO_PATH} is not installed or not executable ` +
          "(apt-get install -y mosquitto; or set MOSQUITTO to its path)",
      );
    }
  }
  return availability;
}

/**
 * One password-file line in mosquitto's `$6$` form (salted SHA-512 of password then salt),
 * which mosquitto 2.0 still accepts. Used when mosquitto_passwd is not installed.
 */
export function mosquittoPasswordLine(username: string, password: string): string {
  const salt = randomBytes(12);
  const hash = createHash("sha512").update(password, "utf8").update(salt).digest();
  return `${username}:$6$${salt.toString("base64")}$${hash.toString("base64")}`;
}

function writePasswordFile(file: string, username: string, password: string, useTool: boolean): void {
  if (useTool) {
    let tool = true;
    try {
      accessSync(MOSQUITTO_PASSWD_PATH, constants.X_OK);
    } catch {
      tool = false;
    }
    if (tool) {
      writeFileSync(file, "", { mode: 0o600 });
      const result = spawnSync(MOSQUITTO_PASSWD_PATH, ["-b", file, username, password], { encoding: "utf8" });
      if (result.status === 0) return;
      throw new Error(`mosquitto_passwd failed (${result.status}): ${result.stderr}${result.stdout}`);
    }
  }
  writeFileSync(file, mosquittoPasswordLine(username, password) + "\n", { mode: 0o600 });
}

interface Ports {
  port: number;
  wsPort?: number;
  tlsPort?: number;
  wssPort?: number;
}

/** The config text for these options and ports, with files in `dir`. */
export function mosquittoConfig(options: StartMosquittoOptions, ports: Ports, dir: string): string {
  const lines: string[] = ["# generated by test/brokers/mosquitto.ts"];
  if (typeof process.getuid === "function" && process.getuid() === 0) lines.push("user root");
  const credentials = options.username !== undefined || options.password !== undefined;
  lines.push(
    "per_listener_settings false",
    `allow_anonymous ${credentials ? "false" : "true"}`,
  );
  if (credentials) lines.push(`password_file ${join(dir, "passwd")}`);
  lines.push(
    "persistence false",
    "set_tcp_nodelay true",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
    "connection_messages true",
    ...(options.extraConfig ?? []),
    "",
    `listener ${ports.port} ${LOOPBACK}`,
    ...(options.listenerConfig ?? []),
  );
  const tlsLines = (): string[] => {
    const out = [
      `cafile ${join(dir, "ca.pem")}`,
      `certfile ${join(dir, "server.pem")}`,
      `keyfile ${join(dir, "server.key")}`,
    ];
    if (options.tls?.requireCertificate === true) out.push("require_certificate true");
    return out;
  };
  if (ports.wsPort !== undefined) {
    lines.push("", `listener ${ports.wsPort} ${LOOPBACK}`, "protocol websockets", "socket_domain ipv4");
  }
  if (ports.tlsPort !== undefined) {
    lines.push("", `listener ${ports.tlsPort} ${LOOPBACK}`, ...tlsLines());
  }
  if (ports.wssPort !== undefined) {
    lines.push("", `listener ${ports.wssPort} ${LOOPBACK}`, "protocol websockets", "socket_domain ipv4", ...tlsLines());
  }
  return lines.join("\n") + "\n";
}

const running = new Set<ChildProcess>();
let exitHook = false;

function killAllAtExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

/**
 * Starts mosquitto with a generated config; resolves when every listener accepts connections.
 * Call `mosquittoAvailable()` first. `useMosquittoPasswd: false` makes the password file in
 * Node instead of with mosquitto_passwd (which is otherwise used when installed).
 */
export async function startMosquitto(
  options: StartMosquittoOptions = {},
  useMosquittoPasswd = true,
): Promise<RunningMosquitto> {
  if (!mosquittoAvailable()) throw new Error(`mosquitto is not installed at ${MOSQUITTO_PATH}`);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, useMosquittoPasswd);
    } catch (error) {
      lastError = error as Error;
      // Only a port taken between picking and binding is worth another try.
      if (!/Address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError as Error;
}

async function startOnce(options: StartMosquittoOptions, useMosquittoPasswd: boolean): Promise<RunningMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), "mote-mosquitto-"));
  let ports: Ports;
  let config: string;
  let configFile: string;
  try {
    ports = { port: await freePort() };
    if (options.websockets === true) ports.wsPort = await freePort();
    if (options.tls !== undefined) ports.tlsPort = await freePort();
    if (options.tls !== undefined && options.websockets === true) ports.wssPort = await freePort();

    if (options.username !== undefined || options.password !== undefined) {
      writePasswordFile(join(dir, "passwd"), options.username ?? "", options.password ?? "", useMosquittoPasswd);
    }
    if (options.tls !== undefined) {
      writeFileSync(join(dir, "ca.pem"), options.tls.ca);
      writeFileSync(join(dir, "server.pem"), options.tls.cert);
      writeFileSync(join(dir, "server.key"), options.tls.key, { mode: 0o600 });
    }
    config = mosquittoConfig(options, ports, dir);
    configFile = join(dir, "mosquitto.conf");
    writeFileSync(configFile, config);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let log = "";
  const child = spawn(MOSQUITTO_PATH, ["-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  killAllAtExit();
  const append = (chunk: Buffer): void => {
    log += chunk.toString("utf8");
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (closing === undefined) {
      closing = (async () => {
        if (exited === undefined && spawnError === undefined) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
          await exitPromise;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      })();
    }
    return closing;
  };

  const timeoutMs = options.startTimeoutMs ?? 5000;
  const started = Date.now();
  const wanted = [ports.port, ports.wsPort, ports.tlsPort, ports.wssPort].filter(
    (port): port is number => port !== undefined,
  );
  const pending = new Set(wanted);
  // Ready when mosquitto says it runs (it opens every listener first) and each port accepts.
  while (pending.size > 0 || !/ running\b/.test(log)) {
    if (spawnError !== undefined || exited !== undefined) {
      await close();
      const how = spawnError !== undefined ? spawnError.message : `exited with ${exited?.code ?? exited?.signal}`;
      throw new Error(`mosquitto did not start (${how}).\nconfig:\n${config}\nlog:\n${log}`);
    }
    if (Date.now() - started > timeoutMs) {
      await close();
      throw new Error(`mosquitto did not accept connections within ${timeoutMs} ms.\nconfig:\n${config}\nlog:\n${log}`);
    }
    for (const port of [...pending]) {
      if (await portAccepts(port, 200)) pending.delete(port);
    }
    await sleep(20);
  }

  const result: RunningMosquitto = { port: ports.port, config, log: () => log, close };
  if (ports.wsPort !== undefined) result.wsPort = ports.wsPort;
  if (ports.tlsPort !== undefined) result.tlsPort = ports.tlsPort;
  if (ports.wssPort !== undefined) result.wssPort = ports.wssPort;
  return result;
}

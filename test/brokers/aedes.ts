import * as net from "node:net";
import * as tls from "node:tls";
import { Aedes as Aedes1, type AedesOptions as Aedes1Options } from "aedes";
import { Aedes as Aedes2, type AedesOptions as Aedes2Options } from "aedes-v2";
import { closeServer, listen } from "./net-util";

/**
 * aedes, a real MQTT broker, running in this process on 127.0.0.1 with ephemeral ports.
 *
 * - version 1: aedes 1.2.0 (package `aedes`), MQTT 3.1 and 3.1.1; it refuses an MQTT 5 CONNECT
 *   (CONNACK return code 1, unacceptable protocol version) and closes.
 * - version 2: aedes 2.0.0-beta.1 (package `aedes-v2`, an npm alias), MQTT 3.1.1 and 5.
 *
 * Both are made with `await Aedes.createBroker(options)` (the constructor alone does not start
 * the persistence; the default export of either package only prints a migration error). The
 * broker's `handle` is given to a `net` server, and to a `tls` server when `tls` is given.
 */
export type AedesBroker = Aedes1 | Aedes2;

export interface StartAedesOptions {
  version: 1 | 2;
  /** When set, only this user with `password` may connect (others get "bad user name or password"). */
  username?: string;
  password?: string;
  /** Also listen for MQTT over TLS on `tlsPort`, with this server certificate (PEM). */
  tls?: { cert: string; key: string; ca?: string; requireCertificate?: boolean };
  /** Anything else for aedes (e.g. `receiveMaximum`, `keepaliveLimit` on version 2, or the `persistence` of a broker being restarted). */
  aedes?: Aedes1Options & Aedes2Options;
  /** The plain port on 127.0.0.1 (a restarted broker takes its old one); any free port by default. */
  port?: number;
}

export interface RunningAedes {
  /** Plain MQTT on 127.0.0.1. */
  port: number;
  /** MQTT over TLS on 127.0.0.1, when `tls` was given. */
  tlsPort?: number;
  broker: AedesBroker;
  /** Ends every connection, stops the listeners and the broker; resolves when all is closed. */
  close(): Promise<void>;
}

export async function startAedes(options: StartAedesOptions): Promise<RunningAedes> {
  const brokerOptions: Record<string, unknown> = { ...(options.aedes ?? {}) };
  const { username, password } = options;
  if (username !== undefined || password !== undefined) {
    const authenticate = (
      _client: unknown,
      user: string | undefined,
      pass: Buffer | undefined,
      done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
    ): void => {
      const ok = user === username && pass !== undefined && pass.toString("utf8") === (password ?? "");
      if (ok) {
        done(null, true);
        return;
      }
      // 4 = bad user name or password (aedes 2 turns it into reason code 0x86 on MQTT 5).
      done(Object.assign(new Error("bad user name or password"), { returnCode: 4 }), null);
    };
    brokerOptions.authenticate = authenticate;
  }
  const broker: AedesBroker =
    options.version === 1
      ? await Aedes1.createBroker(brokerOptions as Aedes1Options)
      : await Aedes2.createBroker(brokerOptions as Aedes2Options);
  // A client that misbehaves must not crash the test process; tests watch these events themselves.
  broker.on("clientError", () => {});
  broker.on("connectionError", () => {});

  // aedes.close() ends only clients that sent CONNECT; keep every socket to end the others too.
  const sockets = new Set<net.Socket>();
  const handle = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    broker.handle(socket);
  };

  const servers: net.Server[] = [];
  const server = net.createServer(handle);
  servers.push(server);
  let port: number;
  let tlsPort: number | undefined;
  try {
    port = await listen(server, options.port);
    if (options.tls !== undefined) {
      const requireCertificate = options.tls.requireCertificate === true;
      const tlsServer = tls.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ca: options.tls.ca,
          requestCert: requireCertificate,
          rejectUnauthorized: requireCertificate,
        },
        handle,
      );
      tlsServer.on("tlsClientError", () => {});
      servers.push(tlsServer);
      tlsPort = await listen(tlsServer);
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    if (closing === undefined) {
      closing = (async () => {
        const stopped = Promise.all(servers.map(closeServer));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await stopped;
      })();
    }
    return closing;
  }

  const running: RunningAedes = { port, broker, close };
  if (tlsPort !== undefined) running.tlsPort = tlsPort;
  return running;
}

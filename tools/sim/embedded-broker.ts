/**
 * The broker `npm start` embeds: aedes (the 2.x line, which speaks MQTT 3.1, 3.1.1 and 5, so any
 * board's `mqtt.version` works) on 127.0.0.1, in this process, keeping retained messages in
 * memory for as long as it runs.
 */
import * as net from "node:net";
import { Aedes } from "aedes-v2";

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** The port it listens on (127.0.0.1 only). */
  port: number;
  /** Clients connected now. */
  clients(): number;
  /** Ends every connection and stops listening; resolves when all is closed. */
  close(): Promise<void>;
}

/**
 * Starts the broker on 127.0.0.1:`port` (0: any free port). Rejects with a message that says what
 * to do when the port is taken.
 */
export async function startEmbeddedBroker(port: number): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server = net.createServer((socket) => aedes.handle(socket));
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      aedes.close();
      reject(new Error(error.code === "EADDRINUSE" ? `port ${port} on 127.0.0.1 is taken (another broker?): pick another with --port, or use it with --broker mqtt://127.0.0.1:${port}` : error.message));
    });
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => aedes.close(() => resolve()));
      }),
  };
}

/**
 * A socket that cannot even start (a runtime without TLS, a socket still closing) is a failed
 * attempt like any other: the client reports it, keeps its queue, and tries again on schedule.
 */
import { describe, it, expect } from "vitest";
import { newClient, clientConnect, clientPoll } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { defaultClientOptions, ClientState } from "../../src/mqtt/client-state";
import type { Socket } from "../../hal/api";
import { Status, statusName } from "../../src/mqtt/status";
import { nodePlatform } from "../../hal/sim/node-platform";
import { clientEvents } from "./client-events";

describe("a socket that refuses to open", () => {
  it("gives onClose(ConnectionLost, 1) for each attempt, retries after the back-off, and keeps the queue", () => {
    let opens = 0;
    const refusing: Socket = {
      open: () => {
        opens += 1;
        return false;
      },
      write: () => -1,
      close: () => undefined,
    };
    const options = defaultClientOptions("127.0.0.1", 8883, "mote-no-tls");
    options.secure = true;
    options.minimumBackoffMs = 100;
    options.maximumBackoffMs = 100;
    const closes: string[] = [];
    const client = newClient(nodePlatform, refusing, options, clientEvents({
      onClose: (status, reasonCode) => closes.push(`${statusName(status)}:${reasonCode}`),
    }));
    expect(clientPublish(client, "kept/while/failing", "x", 0, 0, 1, false, undefined)).toBe(Status.Success);
    expect(clientConnect(client)).toBe(Status.Success);
    expect(closes).toEqual(["ConnectionLost:1"]);
    expect(client.state).toBe(ClientState.WaitingToReconnect);
    const start = client.reconnectAtMs;
    clientPoll(client, start - 1);
    expect(opens).toBe(1);
    clientPoll(client, start);
    expect(opens).toBe(2);
    expect(closes).toEqual(["ConnectionLost:1", "ConnectionLost:1"]);
    expect(client.queue.liveRecords).toBe(1);
  });
});

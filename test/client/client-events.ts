/**
 * The client's events for tests: the handlers a test gives, and a handler that does nothing for
 * every other event, so a test names only what it watches.
 */
import type { ClientEvents } from "../../src/mqtt/client-state";

/** `handlers`, with a do-nothing handler for each event left out. */
export function clientEvents(handlers: Partial<ClientEvents> = {}): ClientEvents {
  const nothing = (): void => undefined;
  return {
    onConnect: nothing,
    onClose: nothing,
    onMessage: nothing,
    onPublished: nothing,
    onSubscribed: nothing,
    onUnsubscribed: nothing,
    onPingResponse: nothing,
    onAuth: nothing,
    ...handlers,
  };
}

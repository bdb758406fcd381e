// tsc (npm test): an app's use of handoff.d.ts, as docs/CLIENT.md shows it, compiles; misuse does not.
import Handoff, { WebSocket as HandoffWebSocket, configure, connectParams, register, restoredState } from "../../handoff.js";
import type { HandoffState, StateProvider, HandoffWebSocket as SocketType } from "../../handoff.js";

configure({ pageVersion: "2026.1", scroll: true, seamless: false, versionFrom: "hello", storagePrefix: "app:" });
// @ts-expect-error not an option
configure({ helloTimeout: 1 });
// @ts-expect-error versionFrom is "page" or "hello"
configure({ versionFrom: "meta" });

const drawer: StateProvider<{ open: boolean }> = { save: () => ({ open: true }), restore: (saved) => void saved.open };
register("drawer", drawer);
// @ts-expect-error a provider needs restore
register("broken", { save: () => 1 });

const socket: WebSocket = new HandoffWebSocket("/live", ["app.v2"]);
const typed: SocketType = new Handoff.WebSocket(new URL("ws://app.test/live"));
socket.onmessage = (event) => void event.data;
typed.addEventListener("close", (event) => void event.wasClean);
const states: 0 | 1 | 2 | 3 = HandoffWebSocket.CLOSED;
void states;

const params = connectParams({ _csrf_token: "t" })(document.body);
const token: string = params._csrf_token;
const state: HandoffState | undefined = params._handoff;
void token;
void state;
const fields = restoredState()?.fields["profile"]?.["name"];
void fields;

document.addEventListener("handoff:restored", (event) => {
  const source: "server" | "local" | "refresh" = event.detail.source;
  void source;
});
document.addEventListener("handoff:refresh", (event) => event.preventDefault());
const api: typeof Handoff = window.Handoff;
const protocol: "handoff.v1" = api.protocol;
void protocol;

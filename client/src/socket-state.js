// The states of a HandoffWebSocket, and the readyState the app sees in each (docs/CLIENT.md, "The WebSocket class").
//
//   WAITING ─connect→ HANDSHAKE ─native open→ AWAITING_HELLO ─hello→ OPEN ─handoff→ HANDED_OFF ─close→ CLOSED
//                         │   (not opted in)       │ timeout, app data   ↑ late hello        └seamless→ HOLDING
//                         └────────────────────────┴────────────→ OPEN_NO_HELLO                            │ close
//   HOLDING ─pod's close→ MOVING_WAITING ─connect→ MOVING_HANDSHAKE ─native open→ MOVING_AWAITING_HELLO ─hello→ OPEN
//   A failed handshake goes back to (MOVING_)WAITING for a retry with the token, or fails the socket (CLOSED);
//   the app's close() goes to CLOSING (CLOSING_HANDED_OFF after a hand-off), or straight to CLOSED later.

/** Where a socket is. The MOVING_ states are a seamless hand-off's reconnect: the app still sees OPEN. */
export const State = Object.freeze({
  WAITING: "waiting",                             // no native socket yet: a token's notBefore, a retry's back-off
  HANDSHAKE: "handshake",                         // the native socket is connecting
  AWAITING_HELLO: "awaiting-hello",               // native open, opted in: `open` waits for hello or its timeout
  OPEN: "open",                                   // the sidecar said hello: control frames go both ways
  OPEN_NO_HELLO: "open-no-hello",                 // open without a hello (no sidecar, or none in time)
  HANDED_OFF: "handed-off",                       // the pod announced a hand-off: its close ends the socket cleanly
  HOLDING: "holding",                             // the same, seamless: sends are held for the next pod
  MOVING_WAITING: "moving-waiting",               // seamless, between pods: waiting to connect to the next
  MOVING_HANDSHAKE: "moving-handshake",           // seamless: the next pod's handshake
  MOVING_AWAITING_HELLO: "moving-awaiting-hello", // seamless: the next pod's hello
  CLOSING: "closing",                             // the app called close()
  CLOSING_HANDED_OFF: "closing-handed-off",       // the same after a hand-off: the close counts as clean
  CLOSED: "closed",
});

/** @typedef {typeof State[keyof typeof State]} StateName */

/** @type {0} */
export const CONNECTING = 0;
/** @type {1} */
export const OPEN = 1;
/** @type {2} */
export const CLOSING = 2;
/** @type {3} */
export const CLOSED = 3;

const READY_STATE = Object.freeze({
  [State.WAITING]: CONNECTING,
  [State.HANDSHAKE]: CONNECTING,
  [State.AWAITING_HELLO]: CONNECTING,
  [State.OPEN]: OPEN,
  [State.OPEN_NO_HELLO]: OPEN,
  [State.HANDED_OFF]: OPEN,
  [State.HOLDING]: OPEN,
  [State.MOVING_WAITING]: OPEN,
  [State.MOVING_HANDSHAKE]: OPEN,
  [State.MOVING_AWAITING_HELLO]: OPEN,
  [State.CLOSING]: CLOSING,
  [State.CLOSING_HANDED_OFF]: CLOSING,
  [State.CLOSED]: CLOSED,
});

/** The WebSocket readyState the app sees in a state. */
export function readyStateOf(state) {
  return READY_STATE[state];
}

/** Seamless hand-off under way: the app sees OPEN, what it sends waits in the outbox. */
export function isMoving(state) {
  return state === State.MOVING_WAITING || state === State.MOVING_HANDSHAKE || state === State.MOVING_AWAITING_HELLO;
}

/** What the app sends now is held for the next pod. */
export function holdsSends(state) {
  return state === State.HOLDING || isMoving(state);
}

/** The pod announced a hand-off on this connection. */
export function isHandedOff(state) {
  return state === State.HANDED_OFF || state === State.HOLDING || state === State.CLOSING_HANDED_OFF;
}

/** The app called close(). */
export function isClosing(state) {
  return state === State.CLOSING || state === State.CLOSING_HANDED_OFF;
}

/** The current connection never got to carry the app's traffic: its close may be retried, else is an error. */
export function isUnestablished(state) {
  return state === State.HANDSHAKE || state === State.AWAITING_HELLO
    || state === State.MOVING_HANDSHAKE || state === State.MOVING_AWAITING_HELLO;
}

// The wire protocol's constants (docs/PROTOCOL.md, and contract/ControlFrames on the sidecar's side): the
// subprotocol, the token's subprotocol prefix, the control frame marker, the frames' types and the state format.
export const PROTOCOL = "handoff.v1";
export const TOKEN_PREFIX = "handoff.token.";
export const CONTROL = "\u0000";
export const STATE_FORMAT = 1;

/** Control frame types (the `t` field): sent by the sidecar. */
export const FRAME = Object.freeze({
  HELLO: "hello", REFRESH: "refresh", DRAIN: "drain", HANDOFF: "handoff", ERROR: "error",
  /* sent by the page */
  STATE: "state", CHECKPOINT: "checkpoint",
});

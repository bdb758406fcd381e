// The wire protocol's constants (docs/PROTOCOL.md): the subprotocol, the token's subprotocol prefix, the control
// frame marker and the state format.
export const PROTOCOL = "handoff.v1";
export const TOKEN_PREFIX = "handoff.token.";
export const CONTROL = "\u0000";
export const STATE_FORMAT = 1;

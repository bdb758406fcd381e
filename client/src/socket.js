import { emit } from "./events.js";
import { page } from "./page.js";
import { CONTROL, FRAME, PROTOCOL, TOKEN_PREFIX } from "./protocol.js";
import {
  CLOSED, CLOSING, CONNECTING, OPEN, State, holdsSends, isClosing, isHandedOff, isMoving, isUnestablished, readyStateOf,
} from "./socket-state.js";

// The browser's WebSocket as it was when handoff.js loaded, before an app could replace the global.
const NativeWebSocket = globalThis.WebSocket;

/**
 * A drop-in WebSocket: same constructor, events and properties as the browser's. It opts into the hand-off
 * protocol, hides control frames, holds `open` until `hello` has been handled (so restored values are in place
 * before the app joins), and makes the next socket to the same address present the token it was handed.
 * Where it is in that is one State (socket-state.js); readyState follows from it.
 */
export class HandoffWebSocket extends EventTarget {
  /**
   * @param {string | URL} url
   * @param {string | string[]} [protocols]
   */
  constructor(url, protocols) {
    super();
    const resolved = new URL(url, typeof location !== "undefined" ? location.href : undefined);
    if (resolved.protocol === "http:") resolved.protocol = "ws:";
    if (resolved.protocol === "https:") resolved.protocol = "wss:";
    if (resolved.protocol !== "ws:" && resolved.protocol !== "wss:") {
      throw new DOMException("The URL's scheme must be either 'ws' or 'wss'.", "SyntaxError");
    }
    this._url = resolved.href;
    this._address = resolved.origin + resolved.pathname;
    this._protocols = protocols === undefined ? [] : [].concat(protocols).map(String);
    /** @type {import("./socket-state.js").StateName} */
    this._state = State.WAITING;
    /** @type {BinaryType} */
    this._binaryType = "blob";
    this._native = null;
    this._handlers = {};
    this._attempt = 0;             // handshakes since the last hello (a seamless move starts again at 0)
    this._optIn = page.settings.enabled && typeof NativeWebSocket === "function";
    this._token = this._optIn ? page.takeToken(this._address) : null;
    this._outbox = [];             // sends held while holdsSends(state): a seamless hand-off
    page.start();
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    if (wait > 0) {
      this._timer = setTimeout(() => this._connect(), wait);
    } else {
      this._connect();
    }
  }

  get url() { return this._url; }
  get readyState() { return readyStateOf(this._state); }
  get bufferedAmount() { return this._native ? this._native.bufferedAmount : 0; }
  get extensions() { return this._native && this.readyState !== CONNECTING ? this._native.extensions : ""; }
  get protocol() {
    const chosen = this._native && this.readyState !== CONNECTING ? this._native.protocol : "";
    return chosen === PROTOCOL ? "" : chosen;
  }
  get binaryType() { return this._binaryType; }
  set binaryType(value) {
    if (value !== "blob" && value !== "arraybuffer") return;
    this._binaryType = value;
    if (this._native) this._native.binaryType = value;
  }

  /** @param {string | ArrayBufferLike | Blob | ArrayBufferView} data */
  send(data) {
    const readyState = this.readyState;
    if (readyState === CONNECTING) {
      throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
    }
    if (readyState !== OPEN) return;
    if (holdsSends(this._state)) {
      this._outbox.push(data);
      return;
    }
    this._native.send(data);
  }

  /**
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code, reason) {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException("The close code must be either 1000, or between 3000 and 4999.", "InvalidAccessError");
    }
    const readyState = this.readyState;
    if (readyState === CLOSING || readyState === CLOSED) return;
    const handedOff = isHandedOff(this._state);
    this._state = handedOff ? State.CLOSING_HANDED_OFF : State.CLOSING;
    clearTimeout(this._timer);
    clearTimeout(this._helloTimer);
    page.giveBackToken(this._address, this._token);
    this._token = null;
    if (this._native && this._native.readyState < CLOSING) {
      this._native.close(code, reason);
    } else if (readyState === OPEN) {
      // Between two pods in a seamless hand-off: nothing to tell a server, the app asked for the close.
      setTimeout(() => this._finish(code ?? 1005, reason ?? "", true), 0);
    } else {
      // Like the browser's: closing a socket that never connected fails it, asynchronously.
      setTimeout(() => this._finish(1006, "", false), 0);
    }
  }

  _connect() {
    if (isClosing(this._state) || this._state === State.CLOSED) return;
    this._attempt += 1;
    const offer = this._protocols.slice();
    if (this._optIn) {
      offer.push(PROTOCOL);
      if (this._token) offer.push(TOKEN_PREFIX + this._token.token);
    }
    const native = new NativeWebSocket(this._url, offer);
    native.binaryType = this._binaryType;
    this._native = native;
    this._state = isMoving(this._state) ? State.MOVING_HANDSHAKE : State.HANDSHAKE;
    native.onopen = () => this._onNativeOpen(native);
    native.onmessage = (event) => this._onNativeMessage(native, event);
    native.onclose = (event) => this._onNativeClose(native, event);
    // Errors are reported with the close that always follows; a retried handshake must stay invisible.
    native.onerror = () => {};
  }

  _onNativeOpen(native) {
    if (native !== this._native) return;
    const moving = this._state === State.MOVING_HANDSHAKE;
    if (!moving && this._state !== State.HANDSHAKE) return; // the app closed it meanwhile
    if (!this._optIn) {
      if (moving) this._flushOutbox(State.OPEN_NO_HELLO);
      else this._release(State.OPEN_NO_HELLO);
      return;
    }
    this._state = moving ? State.MOVING_AWAITING_HELLO : State.AWAITING_HELLO;
    const sidecar = native.protocol === PROTOCOL;
    const wait = sidecar || page.sidecarSeen ? page.settings.sidecarHelloTimeoutMs : page.settings.helloTimeoutMs;
    this._helloTimer = setTimeout(() => {
      if (this._state === State.MOVING_AWAITING_HELLO) this._flushOutbox(State.OPEN_NO_HELLO);
      else this._release(State.OPEN_NO_HELLO);
    }, wait);
  }

  _onNativeMessage(native, event) {
    if (native !== this._native) return;
    const data = event.data;
    if (this._optIn && typeof data === "string" && data.charCodeAt(0) === 0) {
      let message = null;
      try {
        message = JSON.parse(data.slice(1));
      } catch (e) {
        message = null;
      }
      if (message && typeof message.t === "string") {
        this._onControl(message);
        return;
      }
    }
    if (this.readyState === CONNECTING) {
      // The app's server spoke first: no sidecar is going to say hello.
      this._release(State.OPEN_NO_HELLO);
    } else if (this._state === State.MOVING_AWAITING_HELLO) {
      clearTimeout(this._helloTimer);
      this._flushOutbox(State.OPEN_NO_HELLO); // the same, after a seamless reconnect
    }
    this._deliver(event);
  }

  _onControl(message) {
    switch (message.t) {
      case FRAME.HELLO:
        this._token = null;
        page.sockets.add(this);
        page.onHello(message);
        this._onHello();
        break;
      case FRAME.REFRESH:
        this._token = null;
        // Until the page reloads the app must not join and wipe what is about to be stashed.
        if (!page.onRefresh(message)) this._release(State.OPEN_NO_HELLO);
        break;
      case FRAME.DRAIN:
        page.answerDrain(this);
        break;
      case FRAME.HANDOFF:
        // Hello comes first on every opted-in socket (PROTOCOL.md), so this is an open one. Seamless: from now on
        // the old pod is closing, so what the app sends waits for the next one.
        if (this._state === State.OPEN || this._state === State.OPEN_NO_HELLO) {
          this._state = page.settings.seamless ? State.HOLDING : State.HANDED_OFF;
        } else if (this._state === State.CLOSING) {
          this._state = State.CLOSING_HANDED_OFF; // the app's close crossed the pod's hand-off
        }
        page.onHandoff(this._address, message);
        break;
      case FRAME.ERROR:
        console.warn("handoff: " + message.code + ": " + (message.message || ""));
        emit("handoff:error", { code: message.code, message: message.message });
        break;
      default:
        break; // unknown control frames are for newer clients
    }
  }

  /** The page has handled the hello: where that takes the socket. */
  _onHello() {
    switch (this._state) {
      case State.HANDSHAKE:
      case State.AWAITING_HELLO:
        this._release(State.OPEN);
        break;
      case State.MOVING_HANDSHAKE:
      case State.MOVING_AWAITING_HELLO:
        clearTimeout(this._helloTimer);
        this._flushOutbox(State.OPEN);
        break;
      case State.OPEN_NO_HELLO: // a hello later than its timeout
        this._state = State.OPEN;
        break;
      case State.HOLDING: // a second hello from a leaving pod: what was held goes to it
        this._flushOutbox(State.HANDED_OFF);
        break;
      default:
        break;
    }
  }

  sendControl(message) {
    const greeted = this._state === State.OPEN || this._state === State.HANDED_OFF || this._state === State.HOLDING;
    if (greeted && this._native && this._native.readyState === OPEN) {
      this._native.send(CONTROL + JSON.stringify(message));
    }
  }

  /** Sends what was held, now to the current native socket, which is in `state` from here on. */
  _flushOutbox(state) {
    this._state = state;
    const held = this._outbox;
    this._outbox = [];
    for (const data of held) this._native.send(data);
  }

  /** The app gets its `open`: the socket is in `state` (OPEN or OPEN_NO_HELLO) from here on. */
  _release(state) {
    clearTimeout(this._helloTimer);
    if (this.readyState !== CONNECTING) return;
    this._state = state;
    this.dispatchEvent(new Event("open"));
  }

  _deliver(event) {
    this.dispatchEvent(new MessageEvent("message", { data: event.data, origin: event.origin,
      lastEventId: event.lastEventId }));
  }

  _onNativeClose(native, event) {
    if (native !== this._native) return;
    clearTimeout(this._helloTimer);
    page.sockets.delete(this);
    const state = this._state;
    if ((state === State.HANDED_OFF || state === State.HOLDING) && page.settings.seamless) {
      this._reconnectInPlace();
      return;
    }
    const failed = isUnestablished(state);
    if (failed && this._retry(native)) return;
    if (this._token) {
      page.giveBackToken(this._address, this._token);
      this._token = null;
    }
    // A normal close (1000) by the server is the app's decision; anything else without a hand-off is a loss.
    if (state === State.OPEN && event.code !== 1000) page.onUncleanClose();
    if (failed) this.dispatchEvent(new Event("error"));
    this._finish(event.code, event.reason, event.wasClean || isHandedOff(state));
  }

  /** Seamless mode: the same socket object moves to the next pod with its token; sends wait in the outbox. */
  _reconnectInPlace() {
    this._state = State.MOVING_WAITING;
    this._attempt = 0;
    this._token = page.takeToken(this._address);
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    this._timer = setTimeout(() => this._connect(), wait);
  }

  /** A handshake that failed before the app saw `open`: try again where that can help. */
  _retry(native) {
    if (native.readyState !== CLOSED) return false;
    const moving = isMoving(this._state);
    if (this._token && this._attempt < page.settings.reconnectAttempts) {
      // Most likely a pod that is draining (503) or gone: another try goes through the Service again.
      const delay = Math.min(2000, 150 * 2 ** this._attempt) * (0.5 + Math.random() / 2);
      this._state = moving ? State.MOVING_WAITING : State.WAITING;
      this._timer = setTimeout(() => this._connect(), delay);
      return true;
    }
    const neverOpened = this._state === State.HANDSHAKE || this._state === State.MOVING_HANDSHAKE;
    if (this._optIn && !this._token && !page.sidecarSeen && neverOpened && this._attempt === 1) {
      // No sidecar in front of this app: browsers fail a handshake whose offered protocols got no answer.
      this._optIn = false;
      this._connect();
      return true;
    }
    return false;
  }

  _finish(code, reason, wasClean) {
    if (this._state === State.CLOSED) return;
    this._state = State.CLOSED;
    this.dispatchEvent(new CloseEvent("close", { code, reason, wasClean }));
  }
}

// The constants on the class and its prototype, as the browser's WebSocket has them. Written out (not a loop) so
// that tsc sees each one and checks the class against handoff.d.ts.
Object.defineProperty(HandoffWebSocket, "CONNECTING", { value: CONNECTING, enumerable: true });
Object.defineProperty(HandoffWebSocket.prototype, "CONNECTING", { value: CONNECTING, enumerable: true });
Object.defineProperty(HandoffWebSocket, "OPEN", { value: OPEN, enumerable: true });
Object.defineProperty(HandoffWebSocket.prototype, "OPEN", { value: OPEN, enumerable: true });
Object.defineProperty(HandoffWebSocket, "CLOSING", { value: CLOSING, enumerable: true });
Object.defineProperty(HandoffWebSocket.prototype, "CLOSING", { value: CLOSING, enumerable: true });
Object.defineProperty(HandoffWebSocket, "CLOSED", { value: CLOSED, enumerable: true });
Object.defineProperty(HandoffWebSocket.prototype, "CLOSED", { value: CLOSED, enumerable: true });

/**
 * onopen/onmessage/onerror/onclose, as the browser's WebSocket has them (Phoenix uses these).
 * @param {"open" | "message" | "error" | "close"} type
 */
function handlerProperty(type) {
  return {
    /** @this {HandoffWebSocket} */
    get() { return this._handlers[type] || null; },
    /** @this {HandoffWebSocket} */
    set(handler) {
      if (this._handlers[type]) this.removeEventListener(type, this._handlers[type]);
      this._handlers[type] = typeof handler === "function" ? handler : null;
      if (this._handlers[type]) this.addEventListener(type, this._handlers[type]);
    },
  };
}
Object.defineProperty(HandoffWebSocket.prototype, "onopen", handlerProperty("open"));
Object.defineProperty(HandoffWebSocket.prototype, "onmessage", handlerProperty("message"));
Object.defineProperty(HandoffWebSocket.prototype, "onerror", handlerProperty("error"));
Object.defineProperty(HandoffWebSocket.prototype, "onclose", handlerProperty("close"));

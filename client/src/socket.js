import { emit } from "./events.js";
import { page } from "./page.js";
import { CONTROL, PROTOCOL, TOKEN_PREFIX } from "./protocol.js";

// The browser's WebSocket as it was when handoff.js loaded, before an app could replace the global.
const NativeWebSocket = globalThis.WebSocket;

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A drop-in WebSocket: same constructor, events and properties as the browser's. It opts into the hand-off
 * protocol, hides control frames, holds `open` until `hello` has been handled (so restored values are in place
 * before the app joins), and makes the next socket to the same address present the token it was handed.
 */
export class HandoffWebSocket extends EventTarget {
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
    this._readyState = CONNECTING;
    this._binaryType = "blob";
    this._native = null;
    this._handlers = {};
    this._queued = [];
    this._attempt = 0;
    this._optIn = page.settings.enabled && typeof NativeWebSocket === "function";
    this._token = this._optIn ? page.takeToken(this._address) : null;
    this._handedOff = false;
    this._appClosed = false;
    this._outbox = null;           // sends held while a seamless hand-off reconnects
    page.start();
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    if (wait > 0) {
      this._timer = setTimeout(() => this._connect(), wait);
    } else {
      this._connect();
    }
  }

  get url() { return this._url; }
  get readyState() { return this._readyState; }
  get bufferedAmount() { return this._native ? this._native.bufferedAmount : 0; }
  get extensions() { return this._native && this._readyState !== CONNECTING ? this._native.extensions : ""; }
  get protocol() {
    const chosen = this._native && this._readyState !== CONNECTING ? this._native.protocol : "";
    return chosen === PROTOCOL ? "" : chosen;
  }
  get binaryType() { return this._binaryType; }
  set binaryType(value) {
    if (value !== "blob" && value !== "arraybuffer") return;
    this._binaryType = value;
    if (this._native) this._native.binaryType = value;
  }

  send(data) {
    if (this._readyState === CONNECTING) {
      throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
    }
    if (this._readyState !== OPEN) return;
    if (this._outbox) {
      this._outbox.push(data);
      return;
    }
    this._native.send(data);
  }

  close(code, reason) {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException("The close code must be either 1000, or between 3000 and 4999.", "InvalidAccessError");
    }
    if (this._readyState === CLOSING || this._readyState === CLOSED) return;
    this._appClosed = true;
    clearTimeout(this._timer);
    clearTimeout(this._helloTimer);
    page.giveBackToken(this._address, this._token);
    this._token = null;
    if (this._native && this._native.readyState < CLOSING) {
      this._readyState = CLOSING;
      this._native.close(code, reason);
    } else if (this._readyState === OPEN) {
      // Between two pods in a seamless hand-off: nothing to tell a server, the app asked for the close.
      this._readyState = CLOSING;
      setTimeout(() => this._finish(code ?? 1005, reason ?? "", true), 0);
    } else {
      // Like the browser's: closing a socket that never connected fails it, asynchronously.
      this._readyState = CLOSING;
      setTimeout(() => this._finish(1006, "", false), 0);
    }
  }

  _connect() {
    if (this._appClosed) return;
    this._attempt += 1;
    const offer = this._protocols.slice();
    if (this._optIn) {
      offer.push(PROTOCOL);
      if (this._token) offer.push(TOKEN_PREFIX + this._token.token);
    }
    const native = new NativeWebSocket(this._url, offer);
    native.binaryType = this._binaryType;
    this._native = native;
    this._hello = false;
    this._nativeOpened = false;
    native.onopen = () => this._onNativeOpen(native);
    native.onmessage = (event) => this._onNativeMessage(native, event);
    native.onclose = (event) => this._onNativeClose(native, event);
    // Errors are reported with the close that always follows; a retried handshake must stay invisible.
    native.onerror = () => {};
  }

  _onNativeOpen(native) {
    if (native !== this._native) return;
    this._nativeOpened = true;
    if (!this._optIn) {
      this._release();
      return;
    }
    const sidecar = native.protocol === PROTOCOL;
    const wait = sidecar || page.sidecarSeen ? page.settings.sidecarHelloTimeoutMs : page.settings.helloTimeoutMs;
    this._helloTimer = setTimeout(() => {
      this._release();
      if (this._outbox) this._flushOutbox();
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
    if (this._readyState === CONNECTING) {
      // The app's server spoke first: no sidecar is going to say hello.
      this._queued.push(event);
      this._release();
      return;
    }
    if (this._outbox && !this._handedOff) this._flushOutbox(); // the same, after a seamless reconnect
    this._deliver(event);
  }

  _onControl(message) {
    switch (message.t) {
      case "hello":
        this._hello = true;
        this._token = null;
        page.sockets.add(this);
        page.onHello(message);
        this._release();
        this._flushOutbox();
        break;
      case "refresh":
        this._token = null;
        // Until the page reloads the app must not join and wipe what is about to be stashed.
        if (!page.onRefresh(message)) this._release();
        break;
      case "drain":
        page.answerDrain(this);
        break;
      case "handoff":
        this._handedOff = true;
        // Seamless: from now on the old pod is closing, so what the app sends waits for the next one.
        if (page.settings.seamless) this._outbox = this._outbox || [];
        page.onHandoff(this._address, message);
        break;
      case "error":
        console.warn("handoff: " + message.code + ": " + (message.message || ""));
        emit("handoff:error", { code: message.code, message: message.message });
        break;
      default:
        break; // unknown control frames are for newer clients
    }
  }

  sendControl(message) {
    if (this._native && this._native.readyState === OPEN && this._hello) {
      this._native.send(CONTROL + JSON.stringify(message));
    }
  }

  _flushOutbox() {
    const held = this._outbox;
    this._outbox = null;
    for (const data of held || []) this._native.send(data);
  }

  _release() {
    clearTimeout(this._helloTimer);
    if (this._readyState !== CONNECTING || this._appClosed) return;
    this._readyState = OPEN;
    this.dispatchEvent(new Event("open"));
    const queued = this._queued;
    this._queued = [];
    for (const event of queued) this._deliver(event);
  }

  _deliver(event) {
    this.dispatchEvent(new MessageEvent("message", { data: event.data, origin: event.origin,
      lastEventId: event.lastEventId }));
  }

  _onNativeClose(native, event) {
    if (native !== this._native) return;
    clearTimeout(this._helloTimer);
    page.sockets.delete(this);
    if (this._handedOff && page.settings.seamless && !this._appClosed && this._readyState === OPEN) {
      this._reconnectInPlace();
      return;
    }
    const opened = (this._readyState !== CONNECTING && !this._outbox) || this._hello;
    if (!opened && !this._appClosed && this._retry(native)) return;
    if (this._token) {
      page.giveBackToken(this._address, this._token);
      this._token = null;
    }
    // A normal close (1000) by the server is the app's decision; anything else without a hand-off is a loss.
    if (this._hello && !this._handedOff && !this._appClosed && event.code !== 1000) page.onUncleanClose();
    if (!opened && !this._appClosed) this.dispatchEvent(new Event("error"));
    this._finish(event.code, event.reason, event.wasClean || this._handedOff);
  }

  /** Seamless mode: the same socket object moves to the next pod with its token; sends wait in the outbox. */
  _reconnectInPlace() {
    this._handedOff = false;
    this._hello = false;
    this._attempt = 0;
    this._outbox = this._outbox || [];
    this._token = page.takeToken(this._address);
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    this._timer = setTimeout(() => this._connect(), wait);
  }

  /** A handshake that failed before the app saw `open`: try again where that can help. */
  _retry(native) {
    if (native.readyState !== CLOSED) return false;
    if (this._token && this._attempt < page.settings.reconnectAttempts) {
      // Most likely a pod that is draining (503) or gone: another try goes through the Service again.
      const delay = Math.min(2000, 150 * 2 ** this._attempt) * (0.5 + Math.random() / 2);
      this._timer = setTimeout(() => this._connect(), delay);
      return true;
    }
    if (this._optIn && !this._token && !page.sidecarSeen && !this._nativeOpened && this._attempt === 1) {
      // No sidecar in front of this app: browsers fail a handshake whose offered protocols got no answer.
      this._optIn = false;
      this._connect();
      return true;
    }
    return false;
  }

  _finish(code, reason, wasClean) {
    if (this._readyState === CLOSED) return;
    this._readyState = CLOSED;
    this.dispatchEvent(new CloseEvent("close", { code, reason, wasClean }));
  }
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(HandoffWebSocket, name, { value, enumerable: true });
  Object.defineProperty(HandoffWebSocket.prototype, name, { value, enumerable: true });
}

// onopen/onmessage/onerror/onclose, as the browser's WebSocket has them (Phoenix uses these).
for (const type of ["open", "message", "error", "close"]) {
  Object.defineProperty(HandoffWebSocket.prototype, "on" + type, {
    get() { return this._handlers[type] || null; },
    set(handler) {
      if (this._handlers[type]) this.removeEventListener(type, this._handlers[type]);
      this._handlers[type] = typeof handler === "function" ? handler : null;
      if (this._handlers[type]) this.addEventListener(type, this._handlers[type]);
    },
  });
}

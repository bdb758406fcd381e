// Type declarations for handoff.js (ES module) and handoff.classic.js (sets window.Handoff).

/** What handoff.js captures and restores. Passwords, files, hidden fields and [data-handoff-ignore] never appear. */
export interface HandoffState {
  v: 1;
  path: string;
  /** formKey (form id, else name, else "form<index>", "_" outside forms) → field name → value. */
  fields: Record<string, Record<string, string | boolean | string[] | null>>;
  /** Registered providers' saved state, by name. */
  providers?: Record<string, unknown>;
  scroll?: { x: number; y: number };
}

export interface HandoffOptions {
  /** The page's version; default: <meta name="handoff-version" content="…">. */
  pageVersion?: number | string;
  /**
   * "page" (default): the page's version is pageVersion, else the meta tag. "hello": the version of the pod whose
   * hello the page got last (until the first hello, as "page"), for pages whose view every new pod re-renders
   * (LiveView; handoff-liveview.js sets it).
   */
  versionFrom?: "page" | "hello";
  /** false: the WebSocket class behaves exactly like the browser's. Default true. */
  enabled?: boolean;
  /** How long `open` waits for the sidecar's hello when the server did not answer handoff.v1. Default 1000. */
  helloTimeoutMs?: number;
  /** The same when it did. Default 5000. */
  sidecarHelloTimeoutMs?: number;
  /** Debounce of checkpoints and of the sessionStorage copy. Default 750. */
  checkpointDelayMs?: number;
  /** How long restored values are re-applied to fields the app re-renders. Default 5000. */
  restoreWindowMs?: number;
  /** Connection attempts with a hand-off token before the app hears of a failure. Default 5. */
  reconnectAttempts?: number;
  /** Also keep the window's scroll position. Default false. */
  scroll?: boolean;
  /**
   * After a hand-off, reconnect inside the same socket object: the app sees no close, and what it sends meanwhile
   * is held until the next pod said hello. Only for apps whose server needs no join after connecting (not
   * Phoenix/LiveView, which must see the close to rejoin its channels). Default false.
   */
  seamless?: boolean;
  /** Prefix of the sessionStorage keys. Default "handoff:". */
  storagePrefix?: string;
}

export interface StateProvider<T = unknown> {
  save(): T;
  restore(saved: T): void;
}

export type RestoreSource = "server" | "local" | "refresh";

export interface HandoffRestoredDetail {
  source: RestoreSource;
  fromVersion: number | string | null;
  state: HandoffState;
}

export interface HandoffRefreshDetail {
  reason: string;
}

export interface HandoffHandoffDetail {
  reconnectAfterMs: number;
  ttlMs: number;
}

export interface HandoffErrorDetail {
  code: string;
  message?: string;
}

/**
 * A drop-in WebSocket (also Phoenix's `transport`): same constructor, events and properties as the browser's.
 * The module exports it as `WebSocket` (and `Handoff.WebSocket`); `HandoffWebSocket` is its type's name only.
 */
declare class HandoffWebSocket extends EventTarget implements WebSocket {
  constructor(url: string | URL, protocols?: string | string[]);
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  readonly url: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly extensions: string;
  /** The app's chosen subprotocol; "" when only the hand-off protocol was answered. */
  readonly protocol: string;
  binaryType: BinaryType;
  onopen: ((this: WebSocket, ev: Event) => any) | null;
  onmessage: ((this: WebSocket, ev: MessageEvent) => any) | null;
  onerror: ((this: WebSocket, ev: Event) => any) | null;
  onclose: ((this: WebSocket, ev: CloseEvent) => any) | null;
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof WebSocketEventMap>(type: K,
    listener: (this: WebSocket, ev: WebSocketEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof WebSocketEventMap>(type: K,
    listener: (this: WebSocket, ev: WebSocketEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

export { HandoffWebSocket as WebSocket };
export type { HandoffWebSocket };
export declare function configure(options: HandoffOptions): void;
export declare function register<T>(name: string, provider: StateProvider<T>): void;
export declare function unregister(name: string): void;
/** The state restored on the current (re)connect while its restore window is open; else null. */
export declare function restoredState(): HandoffState | null;
/**
 * Params for LiveView's `params` option: `_handoff` (the restored state plus `forms`: form key → that form's params
 * as its phx-change event sends them, names nested by brackets) is added only when called with the view's element
 * (the join payload), never for the socket URL. Calling it starts the page, so a restore after a refresh is there.
 */
export declare function connectParams<P extends object>(base?: P | ((el?: Element) => P)):
  (el?: Element) => P & { _handoff?: HandoffState };
/** What the page would hand off right now. */
export declare function capture(): HandoffState;
/** Provider state changed: checkpoint soon (form fields are watched without this). */
export declare function changed(): void;
/** Re-applies the current restore to untouched fields under root (the LiveView hook calls it). */
export declare function reapply(root?: ParentNode): void;

export interface HandoffApi {
  WebSocket: typeof HandoffWebSocket;
  configure: typeof configure;
  register: typeof register;
  unregister: typeof unregister;
  restoredState: typeof restoredState;
  connectParams: typeof connectParams;
  capture: typeof capture;
  changed: typeof changed;
  reapply: typeof reapply;
  readonly protocol: "handoff.v1";
}

export declare const Handoff: HandoffApi;
export default Handoff;

declare global {
  interface Window {
    /** Set by handoff.classic.js. */
    Handoff: HandoffApi;
  }
  interface DocumentEventMap {
    "handoff:restored": CustomEvent<HandoffRestoredDetail>;
    /** Cancelable: preventDefault() keeps the page from reloading. */
    "handoff:refresh": CustomEvent<HandoffRefreshDetail>;
    "handoff:handoff": CustomEvent<HandoffHandoffDetail>;
    "handoff:error": CustomEvent<HandoffErrorDetail>;
  }
}

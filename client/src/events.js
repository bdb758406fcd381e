// The page's DOM events (handoff:restored, handoff:refresh, handoff:handoff, handoff:error).

export function emit(type, detail, cancelable = false) {
  if (typeof document === "undefined") return true;
  return document.dispatchEvent(new CustomEvent(type, { detail, cancelable }));
}

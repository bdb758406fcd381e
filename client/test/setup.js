// jsdom lacks CSS.escape, which LiveView's form recovery uses on every rejoin; browsers all have it.
// The CSSOM spec's algorithm (https://drafts.csswg.org/cssom/#serialize-an-identifier).
if (typeof globalThis.CSS === "undefined") globalThis.CSS = {};
if (typeof globalThis.CSS.escape !== "function") {
  globalThis.CSS.escape = (value) => {
    const string = String(value);
    let result = "";
    for (let i = 0; i < string.length; i++) {
      const code = string.charCodeAt(i);
      if (code === 0) result += "\uFFFD";
      else if ((code >= 0x1 && code <= 0x1f) || code === 0x7f
        || (i === 0 && code >= 0x30 && code <= 0x39)
        || (i === 1 && code >= 0x30 && code <= 0x39 && string.charCodeAt(0) === 0x2d)) {
        result += "\\" + code.toString(16) + " ";
      } else if (i === 0 && string.length === 1 && code === 0x2d) result += "\\" + string.charAt(i);
      else if (code >= 0x80 || code === 0x2d || code === 0x5f || (code >= 0x30 && code <= 0x39)
        || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) result += string.charAt(i);
      else result += "\\" + string.charAt(i);
    }
    return result;
  };
}

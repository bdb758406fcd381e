// A form's entry list as Phoenix (Plug) decodes it into nested params.

/**
 * [name, value] pairs to nested params, as Plug.Conn.Query.decode does: `a[b][c]=v` nests maps, `a[]=v` appends
 * to a list, a repeated plain name keeps the last value, `a[][b]` starts a new map in the list when the last one
 * already has b.
 */
export function decodeParams(entries) {
  const params = {};
  for (const [name, value] of entries) {
    const parts = splitName(name);
    if (parts) assignParam(params, parts, value);
  }
  return params;
}

function splitName(name) {
  const open = name.indexOf("[");
  if (open <= 0) return [name];
  const parts = [name.slice(0, open)];
  const rest = name.slice(open);
  const re = /\[([^\[\]]*)\]/y;
  let match;
  while ((match = re.exec(rest)) !== null) {
    parts.push(match[1]);
    if (re.lastIndex === rest.length) return parts;
  }
  return [name]; // not bracketed all the way: Plug keeps such a name whole
}

function assignParam(target, parts, value) {
  const [head, ...rest] = parts;
  if (!rest.length) {
    target[head] = value;
    return;
  }
  if (rest[0] === "") {
    const list = Array.isArray(target[head]) ? target[head] : (target[head] = []);
    const tail = rest.slice(1);
    if (!tail.length) {
      list.push(value);
      return;
    }
    let last = list[list.length - 1];
    if (!isPlainObject(last) || tail[0] in last) list.push(last = {});
    assignParam(last, tail, value);
    return;
  }
  if (!isPlainObject(target[head])) target[head] = {};
  assignParam(target[head], rest, value);
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

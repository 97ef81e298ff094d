/**
 * JSON read with the line each value starts on, so that a fault in a JSON file names
 * `file:line` of the value at fault (a Schema issue's path, looked up here).
 */

/**
 * The parsed value, and the line of every value by its path (`rules.3.unit`; `` for the
 * root), down to `depth` levels (a GeoJSON file needs its features' lines, not those of
 * each of their coordinates).
 */
export const parse = (
  text: string,
  depth = Number.POSITIVE_INFINITY
): { readonly value: unknown; readonly lines: ReadonlyMap<string, number> } | { readonly error: string } => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const at = /position (\d+)/.exec(message)
    const line = at === null ? undefined : text.slice(0, Number(at[1])).split("\n").length
    return { error: line === undefined ? message : `line ${line}: ${message.replace(/\s*\(line.*\)$/, "")}` }
  }
  const lines = new Map<string, number>()
  let i = 0
  let line = 1
  const skip = () => {
    for (;;) {
      const c = text[i]
      if (c === "\n") line++
      else if (c !== " " && c !== "\t" && c !== "\r" && c !== "\uFEFF") return
      i++
    }
  }
  const string = (): string => {
    const from = i
    i++
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1
    i++
    return JSON.parse(text.slice(from, i)) as string
  }
  /** Past a value without recording anything: strings skipped whole, line ends counted. */
  const pass = () => {
    let open = 0
    for (;;) {
      const c = text[i]
      if (c === undefined) return
      if (c === '"') {
        i++
        while (text[i] !== '"') {
          if (text[i] === "\\") i++
          else if (text[i] === "\n") line++
          i++
        }
        i++
        if (open === 0) return
        continue
      }
      if (c === "{" || c === "[") open++
      else if (c === "}" || c === "]") {
        if (open === 0) return
        open--
        if (open === 0) {
          i++
          return
        }
      } else if (open === 0 && (c === "," || c === "\n" || c === " " || c === "\r" || c === "\t")) return
      if (c === "\n") line++
      i++
    }
  }
  const walk = (path: string, level: number) => {
    skip()
    lines.set(path, line)
    if (level >= depth) return pass()
    const c = text[i]
    const at = (k: string | number) => (path === "" ? String(k) : `${path}.${k}`)
    if (c === "{") {
      i++
      skip()
      if (text[i] === "}") {
        i++
        return
      }
      for (;;) {
        skip()
        const key = string()
        skip()
        i++ // :
        walk(at(key), level + 1)
        skip()
        if (text[i++] === "}") return
      }
    }
    if (c === "[") {
      i++
      skip()
      if (text[i] === "]") {
        i++
        return
      }
      for (let k = 0; ; k++) {
        walk(at(k), level + 1)
        skip()
        if (text[i++] === "]") return
      }
    }
    if (c === '"') {
      string()
      return
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++
  }
  walk("", 0)
  return { value, lines }
}

/** The line of the deepest value on a path that the file has (the path may name a field that is missing). */
export const lineOf = (lines: ReadonlyMap<string, number>, path: ReadonlyArray<PropertyKey>): number => {
  for (let k = path.length; k >= 0; k--) {
    const found = lines.get(path.slice(0, k).map(String).join("."))
    if (found !== undefined) return found
  }
  return 1
}

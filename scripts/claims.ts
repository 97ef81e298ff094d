/**
 * Docs that cannot lie: an example line `expression // value` claims what the
 * expression gives. This finds such claims in the modules check-snippets wrote, turns
 * each into a check, runs the modules that have any, and fails on a claim that does
 * not hold. A value is a JSON or object literal at the start of the comment, ended by
 * the comment's end or by `:`, `;`, `,`, ` (` or ` —` and the prose after it
 * (`// "found": the dispute machine's first state`). Objects claim a subset of the
 * keys (`{ _tag: "Grid", level: 2 }`); arrays and other values claim all of it.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"

export interface Claim {
  readonly line: number
  readonly expression: string
  readonly value: string
}

const keywords =
  /^(?:(?:const|let|var|import|export|type|interface|function|class|if|else|for|while|return|await|yield|async|declare|throw|try|catch)\b|[})\]*]|\/\/)/
const literalWords = new Set(["true", "false", "null", "undefined", "NaN", "Infinity"])

const balanced = (code: string): boolean => {
  let depth = 0
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!
    if (c === '"' || c === "'" || c === "`") {
      const end = code.indexOf(c, i + 1)
      if (end === -1) return false
      i = end
    } else if ("([{".includes(c)) depth++
    else if (")]}".includes(c) && --depth < 0) return false
  }
  return depth === 0
}

/** The literal a comment starts with, if it is one: JSON, or an object/array literal of literals. */
const literalAt = (comment: string): string | undefined => {
  for (let end = comment.length; end > 0; end--) {
    const rest = comment.slice(end)
    if (!(rest === "" || /^(:|;|,| \(| —| - )/.test(rest))) continue
    const candidate = comment.slice(0, end).trim()
    if (candidate === "") continue
    try {
      JSON.parse(candidate)
      return candidate
    } catch {}
    if (!/^[[{]/.test(candidate) || !balanced(candidate)) continue
    // identifiers outside strings must be object keys or literal words
    const bare = candidate.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    const names = [...bare.matchAll(/([A-Za-z_$][\w$]*)(\s*:)?/g)]
    if (names.some((m) => m[2] === undefined && !literalWords.has(m[1]!))) continue
    try {
      new Function(`return (${candidate})`)()
      return candidate
    } catch {}
  }
  return undefined
}

export const claimsOf = (source: string): Array<Claim> =>
  source.split("\n").flatMap((text, index) => {
    const at = text.indexOf(" // ")
    if (at === -1 || /^\s/.test(text)) return []
    let expression = text.slice(0, at).trim()
    if (expression === "" || keywords.test(expression) || /[{(,=[]$/.test(expression) || !balanced(expression))
      return []
    if (/^[\w$.]+\s*=[^=>]/.test(expression)) return []
    const logged = expression.match(/^console\.log\(([\s\S]*)\)$/)
    if (logged !== null) expression = logged[1]!
    const value = literalAt(text.slice(at + 4))
    return value === undefined ? [] : [{ line: index + 1, expression, value }]
  })

/** The module with each claim line replaced by a check of it. */
export const withChecks = (source: string, claims: ReadonlyArray<Claim>, where: string): string => {
  const lines = source.split("\n")
  for (const c of claims) {
    lines[c.line - 1] =
      `;(globalThis as any).__claim(${JSON.stringify(`${where}:${c.line}`)}, ${JSON.stringify(c.expression)}, () => (${c.expression}), (${c.value}))`
  }
  return lines.join("\n")
}

/** Writes the checked variants of `modules` and the runner that imports them; returns the runner's path and the count. */
export const prepare = (modules: ReadonlyArray<string>, out: string): { runner: string; claims: number } => {
  const files: Array<string> = []
  let claims = 0
  for (const file of modules) {
    const source = readFileSync(file, "utf8")
    const found = claimsOf(source)
    if (found.length === 0) continue
    claims += found.length
    const where = source.match(/^\/\/ from (\S+)/)?.[1] ?? basename(file)
    const checked = join(out, `claims_${basename(file)}`)
    writeFileSync(checked, withChecks(source, found, where))
    files.push(checked)
  }
  const runner = join(out, "claims_run.ts")
  writeFileSync(
    runner,
    `import { matches } from ${JSON.stringify(new URL("./claimsMatch.ts", import.meta.url).pathname)}
const failures: Array<string> = []
let checked = 0
;(globalThis as any).__claim = (where: string, expression: string, actual: () => unknown, expected: unknown) => {
  checked++
  try {
    const value = actual()
    if (!matches(value, expected)) failures.push(\`\${where}: \${expression} is \${JSON.stringify(value)}, the comment says \${JSON.stringify(expected)}\`)
  } catch (error) {
    failures.push(\`\${where}: \${expression} threw \${error}\`)
  }
}
for (const file of ${JSON.stringify(files)}) {
  try {
    await import(file)
  } catch (error) {
    failures.push(\`\${file}: \${error}\`)
  }
}
for (const f of failures) console.error(f)
console.log(\`claims: \${checked} checked, \${failures.length} do not hold\`)
process.exit(failures.length === 0 ? 0 : 1)
`
  )
  return { runner, claims }
}

/**
 * The workspace's Node.js: scripts run on the `node` dev dependency, and pnpm checks
 * the packages' `engines` against that same version (`nodeVersion` in
 * pnpm-workspace.yaml), so installing with an older Node (20 is enough for
 * `npx pnpm install`) prints no engine warnings, while every package still says
 * what it needs.
 */
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("../../", import.meta.url).pathname
const json = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"))

const manifests = [
  "package.json",
  ...["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${dir}/${d.name}/package.json`)
  )
].filter((path) => {
  try {
    return json(path) !== undefined
  } catch {
    return false
  }
})

const nodeVersion = /^nodeVersion:\s*"?([0-9.]+)"?\s*$/m.exec(
  readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
)?.[1]

const parts = (v: string) => v.split(".").map(Number)

/** Whether `version` meets `range`; only the `>=MAJOR.MINOR[.PATCH]` ranges the workspace uses. */
const satisfies = (version: string, range: string): boolean => {
  const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim())
  if (m === null) throw new Error(`engines range ${range}: only >=X.Y[.Z] is understood here`)
  const [a, b] = [parts(version), parts(m[1]!)]
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

describe("the workspace's Node.js", () => {
  it("pnpm checks engines against the Node the scripts run on: the `node` dev dependency", () => {
    expect(nodeVersion).toBe(json("package.json").devDependencies.node)
  })

  it("pnpm itself reads that setting from pnpm-workspace.yaml", () => {
    // the pinned pnpm (packageManager), as the README runs it; a misspelt key would read as undefined
    const pnpm = json("package.json").packageManager as string
    const got = execFileSync("npx", ["-y", pnpm, "config", "get", "nodeVersion"], { cwd: root, encoding: "utf8" })
    expect(got.trim()).toBe(nodeVersion)
  })

  it("that Node meets every workspace package's engines, which still say what the packages need", () => {
    const ranges = manifests.flatMap((path) => {
      const range = json(path).engines?.node as string | undefined
      return range === undefined ? [] : [{ path, range }]
    })
    expect(ranges.length).toBeGreaterThan(5)
    for (const { path, range } of ranges) {
      expect({ path, range, met: satisfies(nodeVersion!, range) }).toEqual({ path, range, met: true })
      // node:sqlite without a flag, which @gridgov/storage-sqlite needs, is not in Node 20
      expect({ path, below22: satisfies("20.20.0", range) }).toEqual({ path, below22: false })
    }
  })
})

/**
 * The test tiers (CONTRIBUTING.md, "Test tiers"): the README's test command runs the
 * unit tier and then the stress tier, and the stress tier has no wall clock: one file
 * at a time, no per-test or per-hook timeout, so that the 10,000-operation tests pass
 * however busy the machine is. The unit tier's timeouts only catch a hung test. A file named `*.stress.test.ts` is in the stress tier
 * and nowhere else; the tests the issue found timing out under load are among them.
 */
import { globSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import config from "../../vitest.config.js"

const root = new URL("../../", import.meta.url).pathname

interface Project {
  readonly test: {
    readonly name: string
    readonly include: ReadonlyArray<string>
    readonly exclude?: ReadonlyArray<string>
    readonly testTimeout?: number
    readonly hookTimeout?: number
    readonly fileParallelism?: boolean
    readonly maxWorkers?: number
    readonly sequence?: { readonly groupOrder?: number }
  }
}
const projects = (config.test?.projects ?? []) as ReadonlyArray<Project>
const project = (name: string) => projects.find((p) => p.test.name === name)!

/** The test files a project runs. */
const files = (p: Project) => {
  const excluded = new Set(globSync([...(p.test.exclude ?? [])], { cwd: root }))
  return globSync([...p.test.include], { cwd: root, exclude: (f) => f.includes("node_modules") })
    .filter((f) => !excluded.has(f))
    .sort()
}

describe("the test tiers", () => {
  it("the unit tier and then the stress tier, which runs one file at a time with no timeout", () => {
    expect(projects.map((p) => p.test.name)).toEqual(["unit", "stress"])
    const [unit, stress] = [project("unit").test, project("stress").test]
    expect(stress.sequence!.groupOrder!).toBeGreaterThan(unit.sequence?.groupOrder ?? 0)
    expect({
      fileParallelism: stress.fileParallelism,
      maxWorkers: stress.maxWorkers,
      testTimeout: stress.testTimeout,
      hookTimeout: stress.hookTimeout
    }).toEqual({ fileParallelism: false, maxWorkers: 1, testTimeout: 0, hookTimeout: 0 })
  })

  it("the unit tier's timeouts guard against a hung test, far above what a busy machine takes", () => {
    // 60 s (vitest's default for a test is 5 s, for a hook 10 s) failed tests under load
    const unit = project("unit").test
    expect(unit.testTimeout).toBeGreaterThanOrEqual(600_000)
    expect(unit.hookTimeout).toBeGreaterThanOrEqual(600_000)
  })

  it("every *.stress.test.ts is in the stress tier only, and every other test file in the unit tier", () => {
    const unit = files(project("unit"))
    const stress = files(project("stress"))
    expect(stress.length).toBeGreaterThan(5)
    expect(stress.filter((f) => !f.endsWith(".stress.test.ts"))).toEqual([])
    expect(unit.filter((f) => f.endsWith(".stress.test.ts"))).toEqual([])
    const all = globSync(
      ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
      {
        cwd: root,
        exclude: (f) => f.includes("node_modules")
      }
    ).sort()
    expect([...unit, ...stress].sort()).toEqual(all)
  })

  it("the 10,000-operation tests that timed out under load are stress tests, with no timeout of their own", () => {
    const stress = files(project("stress"))
    for (const [file, count] of [
      ["packages/storage-postgres/test/PgStore.reliability.stress.test.ts", "10,000 appends with idempotency keys"],
      ["packages/storage-postgres/test/PgStore.service.stress.test.ts", "10,000 reports retried"],
      ["packages/http/test/Fuzz.stress.test.ts", "10,000 malformed requests"],
      ["examples/yumen/test/yumen.stress.test.ts", '"--scale", "0.05"']
    ] as const) {
      const source = readFileSync(join(root, file), "utf8")
      expect({ file, tier: stress.includes(file), count: source.includes(count) }).toEqual({
        file,
        tier: true,
        count: true
      })
    }
    for (const file of stress) {
      // an explicit timeout (`}, 120_000)`) would put a wall clock back
      expect({ file, timeouts: readFileSync(join(root, file), "utf8").match(/\},\s*[\d_]+\s*\)/g) }).toEqual({
        file,
        timeouts: null
      })
    }
  })

  it("the README's test command runs both tiers: test:all runs `vitest run` with no project filter", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const ci = readFileSync(join(root, ".ci/run"), "utf8")
    const command = "npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 run test:all"
    expect(readme).toContain(command)
    expect(ci).toContain(command)
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts as Record<string, string>
    expect(scripts["test:all"]).toMatch(/(^|&& )pnpm run test( &&|$)/)
    expect(scripts.test).toBe("vitest run")
  })
})

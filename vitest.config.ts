import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const packages = fileURLToPath(new URL("./packages/", import.meta.url))
const tools = fileURLToPath(new URL("./tools/", import.meta.url))

const tests = ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"]
/** Work bounded by a large count: 10,000-operation runs, contending processes, the Yumen year. */
const stress = ["packages/*/test/**/*.stress.test.ts", "examples/*/test/**/*.stress.test.ts"]

export default defineConfig({
  resolve: {
    // Tests run against the sources of the workspace packages, not their build.
    alias: [
      // The repository's private test infrastructure (tools/test-support) is TypeScript source only.
      { find: /^@gridgov\/test-support\/(.+)$/, replacement: `${tools}test-support/src/$1.ts` },
      { find: /^@gridgov\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@gridgov\/([a-z0-9-]+)\/(.+)$/, replacement: `${packages}$1/src/$2.ts` }
    ]
  },
  test: {
    pool: "forks",
    reporters: ["default"],
    // Two tiers in one run, one summary: the unit tier first, then the stress tier.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: tests,
          exclude: stress,
          maxWorkers: 2,
          // a guard against a hung test, not a speed bar: with two copies of `pnpm run test:all`
          // side by side on a 2-core machine already busy (load average 25), the slowest test
          // without a timeout of its own took 69 s, which failed the suite under vitest's 60 s
          testTimeout: 600_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: "stress",
          include: stress,
          // one file at a time, each test as long as its count takes: the pass never
          // depends on how busy the machine is
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 0,
          hookTimeout: 0,
          sequence: { groupOrder: 1 }
        }
      }
    ]
  }
})

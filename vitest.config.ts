import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const packages = fileURLToPath(new URL("./packages/", import.meta.url))
const tools = fileURLToPath(new URL("./tools/", import.meta.url))

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
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    reporters: ["default"]
  }
})

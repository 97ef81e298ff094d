import { defineConfig, type Options } from "tsup"

/**
 * One build for every package: each public module in `src/` (not `src/internal/`)
 * is its own ESM entry with declarations, so `@gridgov/core/Grid` works as well as
 * `@gridgov/core`.
 */
export const packageConfig = (overrides: Options = {}) =>
  defineConfig({
    entry: ["src/*.ts"],
    format: ["esm"],
    dts: { compilerOptions: { composite: false } },
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: "node22",
    // Keep `node:` specifiers: `node:sqlite` has no bare form.
    removeNodeProtocol: false,
    ...overrides
  })

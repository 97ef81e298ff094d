import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const script = new URL("../check-packages.mjs", import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), "packages-"))

const write = (files: Record<string, string | object>) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content, null, 2))
  }
}

const repository = "git+https://example.invalid/ws.git"
const manifest = (dir: string, extra: object) => ({
  name: `@ws/${dir}`,
  version: "1.0.0",
  type: "module",
  files: ["dist", "README.md", "CHANGELOG.md"],
  ...extra
})
const complete = (dir: string) => ({
  description: "A package that a registry user can understand.",
  license: "MIT",
  repository: { type: "git", url: repository, directory: `packages/${dir}` },
  keywords: ["gridgov", "grid-governance", "example"],
  engines: { node: ">=22.19" },
  sideEffects: false
})
const exportsMap = {
  ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
  "./internal/*": null,
  "./*": { types: "./dist/*.d.ts", default: "./dist/*.js" },
  "./package.json": "./package.json"
}
const module = (names: ReadonlyArray<string>, typed: ReadonlyArray<string>) =>
  Object.fromEntries(
    names.flatMap((n) => [
      [`src/${n}.ts`, `export const ${n === "index" ? "main" : n} = 1\n`],
      [`dist/${n}.js`, `export const ${n === "index" ? "main" : n} = 1\n`],
      ...(typed.includes(n) ? [[`dist/${n}.d.ts`, `export declare const ${n === "index" ? "main" : n}: 1\n`]] : [])
    ])
  )
const prefixed = (dir: string, files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`packages/${dir}/${k}`, v]))

write({
  "package.json": {
    name: "ws",
    private: true,
    license: "MIT",
    repository: { type: "git", url: repository },
    engines: { node: ">=22.19" }
  },
  "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
  LICENSE: "MIT License\n\nCopyright (c) the authors\n",
  "packages/good/package.json": manifest("good", {
    ...complete("good"),
    exports: exportsMap,
    peerDependencies: { effect: "^4.1.0" },
    dependencies: { "ts-pattern": "^5.9.2" }
  }),
  "packages/good/README.md":
    '# @ws/good\n\nWhat it is.\n\n## Install\n\n```sh\nnpm install @ws/good effect\n```\n\n## Example\n\n```ts\nimport { Thing } from "@ws/good/Thing"\n```\n\nSee [the docs](../../docs/explanation/domain.md).\n',
  "packages/good/CHANGELOG.md": "# @ws/good\n\n## 1.0.0\n\n### Minor Changes\n\n- abc1234: Thing.\n",
  ...prefixed("good", module(["index", "Thing"], ["index", "Thing"])),
  "packages/bad/package.json": manifest("bad", {
    description: "short",
    license: "MIT",
    exports: { ".": { default: "./dist/index.js", types: "./dist/index.d.ts" }, "./*": "./dist/*.js" },
    peerDependencies: { effect: "^3.0.0", "@ws/good": "^2.0.0" },
    dependencies: { "left-pad": "1.3.0" }
  }),
  // release notes of another version than the manifest's
  "packages/bad/CHANGELOG.md": "# @ws/bad\n\n## 0.9.0\n\n- Other.\n",
  ...prefixed("bad", module(["index", "Other"], ["index"]))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe("check:packages", () => {
  it("passes a complete package and names every problem of an incomplete one", { timeout: 300_000 }, () => {
    const result = spawnSync(process.execPath, [script, root], { encoding: "utf8" })
    const output = `${result.stdout}${result.stderr}`
    expect(result.status, output).toBe(1)
    expect(output).toContain("@ws/good@1.0.0 checked (2 entry points)")
    expect(output).not.toMatch(/^ {2}@ws\/good:/m)
    for (const problem of [
      "@ws/bad: description: a sentence",
      '@ws/bad: dependencies.left-pad "1.3.0" should be a ^ or ~ range',
      '@ws/bad: peerDependencies.effect "^3.0.0" does not admit 4.1.0',
      '@ws/bad: peerDependencies.@ws/good "^2.0.0" does not admit 1.0.0',
      "@ws/bad: repository must be",
      '@ws/bad: keywords: "gridgov"',
      '@ws/bad: engines.node must be ">=22.19"',
      "@ws/bad: sideEffects must be false",
      '@ws/bad: exports must block "./internal/*"',
      "@ws/bad: the tarball has no README.md",
      "@ws/bad: CHANGELOG.md's newest entry is 0.9.0, the manifest says 1.0.0",
      "@ws/bad: dist/Other.js or .d.ts is not packed",
      "@ws/bad: publint --strict:",
      "@ws/bad: are-the-types-wrong (esm-only):"
    ]) {
      expect(output).toContain(problem)
    }
  })
})

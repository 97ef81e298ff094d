/**
 * `pnpm bench [name…]`: runs every `bench/*.bench.ts` (or those whose file name
 * contains one of the given words), one after another, in this process.
 * Each bench file exports `default async () => void` and prints its own tables.
 */
import { readdirSync } from "node:fs"

const filters = process.argv.slice(2)
const dir = new URL("./", import.meta.url)
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort()

console.log(`gridgov benchmarks — node ${process.version}, ${new Date().toISOString()}`)
console.log("Medians of round-robin samples; ratios are against the first row of each table, measured in the same run.")
for (const file of files) {
  console.log(`\n# ${file}`)
  const mod = (await import(new URL(file, dir).href)) as { default: () => Promise<void> | void }
  await mod.default()
}

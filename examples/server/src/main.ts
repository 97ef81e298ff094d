/**
 * The example server's entry point. Until the HTTP server exists, it builds the Yumen
 * fixture and prints a summary of its grid tree and staff: grids per level, exclusive
 * grids by specialty, staff per level and role, and the center's units.
 */
import { Grid, Staff } from "@gridgov/core"
import { Yumen } from "@gridgov/testing"

const city = Yumen.make()
const { tree, directory, date } = city
const ids = Array.from({ length: tree.size }, (_, i) => i)
const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(34)} ${value}`)

console.log(`Yumen (玉门市, ${Yumen.cityCode}) — seed ${city.seed}, posts held on ${date}`)

console.log("\nGrids per level")
for (const [level, def] of tree.scheme.levels.entries()) {
  const here = ids.filter((i) => !Grid.isExclusive(tree, i) && Grid.level(tree, i) === level)
  const kinds = def.kinds
    .map((k) => [k, here.filter((i) => Grid.record(tree, i).kind === k.id).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k.name.zh} ${n}`)
    .join(", ")
  line(`${level} ${def.id} (${def.name.zh})`, `${here.length}  [${kinds}]`)
}
const levels13 = ids.filter((i) => !Grid.isExclusive(tree, i) && Grid.level(tree, i) >= 1).length
line("levels 1–3", levels13)

console.log("\nExclusive grids (专属网格) by specialty")
const exclusive = ids.filter((i) => Grid.isExclusive(tree, i))
const bySpecialty = new Map<string, number>()
for (const i of exclusive) {
  const s = Grid.record(tree, i).specialty ?? "?"
  bySpecialty.set(s, (bySpecialty.get(s) ?? 0) + 1)
}
for (const [s, n] of [...bySpecialty].sort((a, b) => b[1] - a[1])) line(s, n)
line("total", exclusive.length)

console.log("\nStaff per level and role (posts held on the date)")
const table = new Map<string, Map<string, Set<string>>>()
for (const post of city.staff.posts) {
  if (!Staff.validOn(post, date)) continue
  let where: string
  if ("grid" in post.at) {
    const id = Grid.id(tree, post.at.grid)!
    where = Grid.isExclusive(tree, id)
      ? "exclusive grids"
      : `level ${Grid.level(tree, id)} ${Grid.levelOf(tree, id).id}`
  } else where = "center and departments"
  const roles = table.get(where) ?? new Map<string, Set<string>>()
  const people = roles.get(post.role) ?? new Set<string>()
  people.add(post.person)
  roles.set(post.role, people)
  table.set(where, roles)
}
for (const [where, roles] of [...table].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${where}`)
  for (const [role, people] of roles) line(`  ${role}`, people.size)
}

console.log("\nThe center's units")
for (const type of Staff.UnitType.literals) {
  const units = city.staff.units.filter((u) => u.type === type)
  const staffed = units.reduce((n, u) => n + Staff.postsAt(directory, u.id, date).length, 0)
  line(`${type} (${units.length}, ${staffed} posts)`, units.map((u) => u.name.zh).join("、"))
}

const sample = Grid.id(tree, "620981103204001")
if (sample !== undefined) {
  console.log(`\nWho covers ${Grid.pathNames(tree, sample, "zh").join(" / ")} on ${date}`)
  for (const cover of Staff.coverage(directory, Grid.record(tree, sample).code, date))
    line(cover.role, `${cover.posts.length} post(s) on ${cover.grid}${cover.inherited ? " (inherited)" : ""}`)
}

/**
 * fast-check arbitraries for gridgov values: grid trees in the default level scheme,
 * changes against a tree, malformed grid records with the problems they must raise,
 * and staff posts on a tree.
 *
 * @since 0.1.0
 */
import { Grid, type GridChange, GridScheme, type Staff } from "@gridgov/core"
import * as fc from "fast-check"

const pad = (n: number, width = 3) => String(n).padStart(width, "0")

const townKinds = ["street", "town", "township", "park", "farm"] as const
const villageKinds = ["community", "village", "unit"] as const
const specialties = GridScheme.Specialty.literals

const kindStart = (kind: string): number => {
  for (const level of GridScheme.defaults.levels) for (const k of level.kinds) if (k.id === kind) return k.suffix[0]
  return 1
}

interface Shape {
  readonly towns: ReadonlyArray<{
    readonly kind: (typeof townKinds)[number]
    readonly exclusives: number
    readonly villages: ReadonlyArray<{
      readonly kind: (typeof villageKinds)[number]
      readonly exclusives: number
      readonly blocks: ReadonlyArray<number>
    }>
  }>
  readonly exclusives: number
}

const toRecords = (shape: Shape): Array<Grid.GridRecord> => {
  const out: Array<Grid.GridRecord> = []
  const add = (code: string, parent: string | null, kind: string) =>
    out.push({ code, parent, kind, name: { zh: `网格${code}`, en: `Grid ${code}` } })
  const exclusive = (host: string, count: number) => {
    for (let i = 1; i <= count; i++)
      out.push({
        code: `${host}X${pad(i)}`,
        parent: host,
        kind: "exclusive",
        specialty: specialties[(host.length + i) % specialties.length]!,
        name: { zh: `专属网格${host}-${i}`, en: `Exclusive ${host}-${i}` }
      })
  }
  add("620981", null, "city")
  exclusive("620981", shape.exclusives)
  const used = new Map<string, number>()
  const next = (scope: string, kind: string) => {
    const key = `${scope}/${kind}`
    const n = used.get(key) ?? 0
    used.set(key, n + 1)
    return kindStart(kind) + n
  }
  for (const town of shape.towns) {
    const townCode = `620981${pad(next("620981", town.kind))}`
    add(townCode, "620981", town.kind)
    exclusive(townCode, town.exclusives)
    for (const village of town.villages) {
      const villageCode = townCode + pad(next(townCode, village.kind))
      add(villageCode, townCode, village.kind)
      exclusive(villageCode, village.exclusives)
      const blockKind = village.kind === "community" ? "compound" : "group"
      for (const blockExclusives of village.blocks) {
        const blockCode = villageCode + pad(next(villageCode, blockKind))
        add(blockCode, villageCode, blockKind)
        exclusive(blockCode, blockExclusives)
      }
    }
  }
  return out
}

/**
 * Valid grid records in the default scheme (a city, its towns, villages and blocks,
 * with exclusive grids here and there), in a random order: `Grid.build` must accept
 * every one of them. At least one town, village and block.
 *
 * @example
 * import { Arbitrary } from "@gridgov/testing"
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * import * as fc from "fast-check"
 * fc.assert(fc.property(Arbitrary.gridRecords(), (records) => Result.isSuccess(Grid.build(records))))
 *
 * @category grid
 * @since 0.1.0
 */
export const gridRecords = (
  options: { readonly maxTowns?: number; readonly maxVillages?: number; readonly maxBlocks?: number } = {}
): fc.Arbitrary<ReadonlyArray<Grid.GridRecord>> => {
  const village = fc.record({
    kind: fc.constantFrom(...villageKinds),
    exclusives: fc.nat({ max: 1 }),
    blocks: fc.array(fc.nat({ max: 1 }), { minLength: 1, maxLength: options.maxBlocks ?? 4 })
  })
  const town = fc.record({
    kind: fc.constantFrom(...townKinds),
    exclusives: fc.nat({ max: 2 }),
    villages: fc.array(village, { minLength: 1, maxLength: options.maxVillages ?? 4 })
  })
  return fc
    .record({
      towns: fc.array(town, { minLength: 1, maxLength: options.maxTowns ?? 4 }),
      exclusives: fc.nat({ max: 2 })
    })
    .map(toRecords)
    .chain((records) => fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }))
}

const pickFrom = <A>(items: ReadonlyArray<A>): fc.Arbitrary<A> =>
  fc.nat({ max: Math.max(0, items.length - 1) }).map((i) => items[i]!)

const rectangle = (x: number, y: number): Grid.Boundary => ({
  type: "Polygon",
  coordinates: [
    [
      [x, y],
      [x + 0.1, y],
      [x + 0.1, y + 0.1],
      [x, y + 0.1],
      [x, y]
    ]
  ]
})

/**
 * A change against a given tree: adds (regular and exclusive), moves, renames,
 * retirements and boundary edits, aimed mostly at plausible targets so that many are
 * accepted and many are rejected for a real reason (taken code, wrong level, active
 * children, a move under itself …).
 *
 * @example
 * import { Arbitrary } from "@gridgov/testing"
 * import { Grid, GridChange } from "@gridgov/core"
 * import { Result } from "effect"
 * import * as fc from "fast-check"
 * fc.assert(fc.property(Arbitrary.gridRecords().chain((records) => {
 *   const tree = Result.getOrThrow(Grid.build(records))
 *   return Arbitrary.gridChange(tree).map((change) => [tree, change] as const)
 * }), ([tree, change]) => { GridChange.apply(tree, change); return true }))
 *
 * @category grid
 * @since 0.1.0
 */
export const gridChange = (tree: Grid.Tree): fc.Arbitrary<GridChange.Change> => {
  const ids = Array.from({ length: tree.size }, (_, i) => i)
  const active = ids.filter((i) => !Grid.isRetired(tree, i))
  const nonRoot = active.filter((i) => Grid.parentOf(tree, i) >= 0)
  const hosts = active.filter((i) => !Grid.isExclusive(tree, i))
  const codeOf = (i: number) => Grid.record(tree, i).code
  const levels = tree.scheme.levels
  const add = pickFrom(hosts).chain((p) => {
    const level = Grid.level(tree, p) + 1
    const kinds = levels[level]?.kinds ?? levels[levels.length - 1]!.kinds
    return fc.record({ kind: pickFrom(kinds), offset: fc.nat({ max: 6 }) }).map(
      ({ kind, offset }): GridChange.Change => ({
        _tag: "Add",
        record: {
          code: codeOf(p) + pad(Math.min(kind.suffix[1], kind.suffix[0] + offset)),
          parent: codeOf(p),
          kind: kind.id,
          name: { zh: "新网格", en: "New grid" }
        }
      })
    )
  })
  const addExclusive = fc
    .record({ p: pickFrom(active), n: fc.integer({ min: 1, max: 4 }), s: pickFrom(specialties) })
    .map(
      ({ p, n, s }): GridChange.Change => ({
        _tag: "Add",
        record: {
          code: `${codeOf(p)}X${pad(n)}`,
          parent: codeOf(p),
          kind: "exclusive",
          specialty: s,
          name: { zh: "新专属网格", en: "New exclusive grid" }
        }
      })
    )
  const move = pickFrom(nonRoot).chain((g) => {
    const sameLevelParents = hosts.filter(
      (h) => Grid.isExclusive(tree, g) || Grid.level(tree, h) === Grid.level(tree, g) - 1
    )
    return fc
      .record({
        parent: fc.oneof(pickFrom(sameLevelParents.length > 0 ? sameLevelParents : hosts), pickFrom(active)),
        suffix: fc.option(fc.integer({ min: 1, max: 520 }), { nil: undefined })
      })
      .map(({ parent, suffix }): GridChange.Change => {
        const base = { _tag: "Move" as const, code: codeOf(g), parent: codeOf(parent) }
        if (suffix === undefined) return base
        return { ...base, suffix: Grid.isExclusive(tree, g) ? `X${pad(suffix % 1000)}` : pad(suffix) }
      })
  })
  const rename = pickFrom(active).map(
    (g): GridChange.Change => ({ _tag: "Rename", code: codeOf(g), name: { zh: `改名${g}`, en: `Renamed ${g}` } })
  )
  const retire = pickFrom(nonRoot).chain((g) => {
    const peers = active.filter(
      (h) =>
        h !== g &&
        Grid.level(tree, h) === Grid.level(tree, g) &&
        Grid.isExclusive(tree, h) === Grid.isExclusive(tree, g)
    )
    return pickFrom(peers.length > 0 ? peers : active).map(
      (s): GridChange.Change => ({ _tag: "Retire", code: codeOf(g), successor: codeOf(s) })
    )
  })
  const boundary = fc.record({ g: pickFrom(ids), clear: fc.boolean(), x: fc.integer({ min: 96, max: 98 }) }).map(
    ({ g, clear, x }): GridChange.Change => ({
      _tag: "SetBoundary",
      code: codeOf(g),
      boundary: clear ? null : rectangle(x, 40)
    })
  )
  return fc.oneof(add, add, addExclusive, move, move, rename, retire, retire, boundary)
}

/**
 * The ways grid records can be broken on purpose, each named by the issue tag it must
 * raise.
 *
 * @example
 * import { Arbitrary } from "@gridgov/testing"
 * Arbitrary.gridMutationKinds.includes("Cycle") // true
 *
 * @category grid
 * @since 0.1.0
 */
export const gridMutationKinds = [
  "UnknownParent",
  "DuplicateCode",
  "Cycle",
  "LevelSkipped",
  "ExclusiveUnderExclusive"
] as const

/**
 * Valid records broken by one to three mutations (unknown parent, duplicate code,
 * cycle, skipped level, exclusive grid under an exclusive grid), with the issue tags
 * `Grid.build` must report. Other issues may come along (a cycle also breaks code
 * suffixes), never fewer.
 *
 * @example
 * import { Arbitrary } from "@gridgov/testing"
 * import { Grid } from "@gridgov/core"
 * import { Result } from "effect"
 * import * as fc from "fast-check"
 * fc.assert(fc.property(Arbitrary.malformedGridRecords(), ({ records, expected }) => {
 *   const r = Grid.build(records)
 *   return Result.isFailure(r) && expected.every((t) => r.failure.issues.some((i) => i._tag === t))
 * }))
 *
 * @category grid
 * @since 0.1.0
 */
export const malformedGridRecords = (): fc.Arbitrary<{
  readonly records: ReadonlyArray<Grid.GridRecord>
  readonly expected: ReadonlyArray<(typeof gridMutationKinds)[number]>
}> =>
  fc
    .tuple(
      gridRecords(),
      fc.uniqueArray(fc.constantFrom(...gridMutationKinds), { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat(), { minLength: 3, maxLength: 3 })
    )
    .map(([valid, kinds, [a, b, c]]) => {
      const records = valid.slice()
      const byCode = new Map(records.map((r, i) => [r.code, i]))
      const where = (p: (r: Grid.GridRecord) => boolean) => records.flatMap((r, i) => (p(r) ? [i] : []))
      const nth = <A>(xs: ReadonlyArray<A>, k: number) => xs[k % xs.length]!
      // The cycle first: the other mutations only add records, so none can break it.
      const ordered = [...kinds].sort((x, y) => Number(y === "Cycle") - Number(x === "Cycle"))
      for (const kind of ordered) {
        switch (kind) {
          case "UnknownParent": {
            // A new villager group under a village that is not in the records.
            records.push({
              code: `620981999${pad(200 + (a! % 200))}001`,
              parent: `620981999${pad(200 + (a! % 200))}`,
              kind: "group",
              name: { zh: "无主", en: "Orphan" }
            })
            break
          }
          case "DuplicateCode": {
            records.push({ ...nth(records, b!), name: { zh: "重复", en: "Duplicate" } })
            break
          }
          case "Cycle": {
            // A grid's parent becomes itself or one of its descendants.
            const i = nth(
              where((r) => r.parent !== null && r.kind !== "exclusive"),
              c!
            )
            const code = records[i]!.code
            const below = where((r) => r.code.startsWith(code))
            records[i] = { ...records[i]!, parent: records[nth(below, a!)]!.code }
            break
          }
          case "LevelSkipped": {
            // A new villager group straight under a town.
            const town = nth(
              where((r) => ["street", "town", "township", "park", "farm"].includes(r.kind)),
              b!
            )
            let n = 1
            while (byCode.has(`${records[town]!.code}${pad(n)}`)) n++
            records.push({
              code: `${records[town]!.code}${pad(n)}`,
              parent: records[town]!.code,
              kind: "group",
              name: { zh: "跳级", en: "Skipped" }
            })
            break
          }
          case "ExclusiveUnderExclusive": {
            const host = nth(
              where((r) => r.kind !== "exclusive"),
              c!
            )
            const outer = `${records[host]!.code}X998`
            records.push(
              {
                code: outer,
                parent: records[host]!.code,
                kind: "exclusive",
                specialty: "school",
                name: { zh: "甲", en: "A" }
              },
              {
                code: `${outer}X001`,
                parent: outer,
                kind: "exclusive",
                specialty: "courier",
                name: { zh: "乙", en: "B" }
              }
            )
            break
          }
        }
      }
      return { records, expected: kinds }
    })

/**
 * Staff records on a tree: people, the center's committee units, and posts of grid
 * roles on suitable grids with random date ranges in 2020–2022. `Staff.directory` must
 * accept them against that tree.
 *
 * @example
 * import { Arbitrary } from "@gridgov/testing"
 * import { Grid, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * import * as fc from "fast-check"
 * fc.assert(fc.property(Arbitrary.gridRecords().chain((records) => {
 *   const tree = Result.getOrThrow(Grid.build(records))
 *   return Arbitrary.staffRecords(tree).map((staff) => Staff.directory(staff, tree))
 * }), Result.isSuccess))
 *
 * @category staff
 * @since 0.1.0
 */
export const staffRecords = (tree: Grid.Tree): fc.Arbitrary<Staff.Records> => {
  const regular = Array.from({ length: tree.size }, (_, i) => i).filter((i) => !Grid.isExclusive(tree, i))
  const exclusive = Array.from({ length: tree.size }, (_, i) => i).filter((i) => Grid.isExclusive(tree, i))
  const day = fc.integer({ min: 0, max: 1095 }).map((d) => {
    const date = new Date(Date.UTC(2020, 0, 1 + d))
    return date.toISOString().slice(0, 10)
  })
  const post = fc
    .record({
      person: fc.nat({ max: 19 }),
      role: fc.constantFrom("gridWorker", "gridChief", "gridManager", "leader", "exclusiveMember"),
      regular: pickFrom(regular),
      exclusive: exclusive.length > 0 ? pickFrom(exclusive) : fc.constant(-1),
      from: day,
      to: fc.option(day, { nil: undefined })
    })
    .map(({ person, role, regular: g, exclusive: x, from, to }): Staff.Post => {
      const useExclusive = role === "exclusiveMember" && x >= 0
      const grid = Grid.record(tree, useExclusive ? x : g).code
      // ISO dates order as strings: the earlier one opens the post.
      const swap = to !== undefined && to < from
      const post = {
        person: `p-${person}`,
        role: role === "exclusiveMember" && !useExclusive ? ("gridWorker" as const) : role,
        at: { grid },
        validFrom: swap ? to : from
      }
      return to === undefined ? post : { ...post, validTo: swap ? from : to }
    })
  return fc.array(post, { maxLength: 40 }).map((posts) => ({
    people: Array.from({ length: 20 }, (_, i) => ({ id: `p-${i}`, name: `人员${i}` })),
    units: [],
    posts
  }))
}

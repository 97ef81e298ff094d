import * as Grid from "@gridgov/core/Grid"
import * as GridChange from "@gridgov/core/GridChange"
import * as GridScheme from "@gridgov/core/GridScheme"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const rec = (
  code: string,
  parent: string | null,
  kind: string,
  extra: Partial<Grid.GridRecord> = {}
): Grid.GridRecord => ({
  code,
  parent,
  kind,
  name: { zh: `网格${code}`, en: `Grid ${code}` },
  ...extra
})

const box = (w: number, s: number, e: number, n: number): Grid.Boundary => ({
  type: "Polygon",
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s]
    ]
  ]
})

const records: Array<Grid.GridRecord> = [
  rec("620981", null, "city", { boundary: box(96, 39, 99, 41) }),
  rec("620981103", "620981", "town", { boundary: box(96, 39, 97, 41) }),
  rec("620981103200", "620981103", "village", { boundary: box(96, 39, 97, 40) }),
  rec("620981103200001", "620981103200", "group", { boundary: box(96, 39, 96.5, 40) }),
  rec("620981103200002", "620981103200", "group"),
  rec("620981001", "620981", "street"),
  rec("620981001001", "620981001", "community"),
  rec("620981001001501", "620981001001", "compound"),
  rec("620981103X001", "620981103", "exclusive", { specialty: "railway", boundary: box(96.4, 39.4, 96.6, 39.6) })
]

const build = (rs: ReadonlyArray<Grid.GridRecord>) => Result.getOrThrow(Grid.build(rs))
const issuesOf = (r: Result.Result<unknown, Grid.RecordsInvalid | GridChange.Rejected>) =>
  Result.isFailure(r) ? r.failure.issues.map((i) => [i._tag, i.path.join(".")]) : []

describe("Grid.build", () => {
  const tree = build(records)
  const id = (code: string) => Grid.id(tree, code)!

  it("answers navigation questions", () => {
    expect(tree.size).toBe(9)
    expect(Grid.path(tree, id("620981103200001"))).toEqual(["620981", "620981103", "620981103200", "620981103200001"])
    expect(Grid.pathNames(tree, id("620981103200"), "en")).toEqual([
      "Grid 620981",
      "Grid 620981103",
      "Grid 620981103200"
    ])
    expect(Grid.ancestors(tree, id("620981103200"))).toEqual([id("620981"), id("620981103")])
    expect(Array.from(Grid.children(tree, id("620981103"))).map((i) => Grid.record(tree, i).code)).toEqual([
      "620981103200",
      "620981103X001"
    ])
    expect(
      Array.from(Grid.subtree(tree, id("620981103")))
        .map((i) => Grid.record(tree, i).code)
        .sort()
    ).toEqual(["620981103", "620981103200", "620981103200001", "620981103200002", "620981103X001"])
    expect(Grid.levelOf(tree, id("620981001001501")).id).toBe("block")
    expect(Grid.level(tree, id("620981103X001"))).toBe(1)
    expect(Grid.isExclusive(tree, id("620981103X001"))).toBe(true)
    expect(Grid.ancestorAt(tree, id("620981103200002"), 1)).toBe(id("620981103"))
    expect(Grid.ancestorAt(tree, id("620981103X001"), 1)).toBe(id("620981103"))
    expect(Grid.ancestorAt(tree, id("620981103"), 2)).toBe(-1)
    expect(Grid.parentOf(tree, id("620981"))).toBe(-1)
  })

  it("answers jurisdiction by id and by code", () => {
    expect(Grid.contains(tree, id("620981103"), id("620981103200002"))).toBe(true)
    expect(Grid.contains(tree, id("620981103200002"), id("620981103200002"))).toBe(true)
    expect(Grid.contains(tree, id("620981001"), id("620981103200002"))).toBe(false)
    expect(Grid.contains(tree, id("620981103200"), id("620981103"))).toBe(false)
    expect(Grid.containsCode(tree, "620981", "620981001001501")).toBe(true)
    expect(Grid.containsCode(tree, "620981", "nope")).toBe(false)
  })

  it("does not depend on the order of the records", () => {
    const reversed = build([...records].reverse())
    for (const a of records)
      for (const d of records)
        expect(Grid.containsCode(reversed, a.code, d.code)).toBe(Grid.containsCode(tree, a.code, d.code))
  })

  it("reports every problem at once, with paths, and no tree", () => {
    const r = Grid.build([
      rec("620981", null, "city"),
      rec("620981103", "620981", "town"),
      rec("620981103", "620981", "town"), // duplicate
      rec("620981104200", "620981104", "village"), // unknown parent
      rec("620981103200001", "620981103", "group"), // skips the village level
      rec("620981103X001", "620981103", "exclusive", { specialty: "forest" }),
      rec("620981103X001X001", "620981103X001", "exclusive", { specialty: "school" }), // exclusive under exclusive
      rec("620981103150", "620981103", "village"), // 150 is not a village suffix
      rec("620981201", "620981202", "township"), // cycle with the next one
      rec("620981202", "620981201", "township"),
      rec("620981103201", "620981103", "hamlet"), // unknown kind
      rec("620981103X002", "620981103", "exclusive") // no specialty
    ])
    expect(Result.isFailure(r)).toBe(true)
    expect(issuesOf(r)).toEqual(
      expect.arrayContaining([
        ["DuplicateCode", "2.code"],
        ["UnknownParent", "3.parent"],
        ["LevelSkipped", "4.kind"],
        ["ExclusiveUnderExclusive", "6.parent"],
        ["BadSuffix", "7.code"],
        ["BadSuffix", "8.code"],
        ["Cycle", "8.parent"],
        ["UnknownKind", "10.kind"],
        ["MissingSpecialty", "11.specialty"]
      ])
    )
  })

  it("requires exactly one root of the first level", () => {
    expect(issuesOf(Grid.build([]))).toEqual([["NoRoot", ""]])
    expect(issuesOf(Grid.build([rec("620981", null, "city"), rec("620982", null, "city")]))).toEqual([
      ["MultipleRoots", "1.parent"]
    ])
    expect(issuesOf(Grid.build([rec("620981103", null, "town")]))).toEqual([["LevelOutOfOrder", "0.kind"]])
  })

  it("checks retirement: successor active, same level, no active grid under a retired one", () => {
    const r = Grid.build([
      rec("620981", null, "city"),
      rec("620981101", "620981", "town", { successor: "620981102" }),
      rec("620981102", "620981", "town"),
      rec("620981101200", "620981101", "village"),
      rec("620981103", "620981", "town", { successor: "620981101200" })
    ])
    expect(issuesOf(r)).toEqual([
      ["ActiveUnderRetired", "3.parent"],
      ["BadSuccessor", "4.successor"]
    ])
  })
})

describe("Grid.decode", () => {
  it("reports every shape problem with its path", () => {
    const r = Grid.decode([
      { code: "620981", parent: null, kind: "city", name: { zh: "玉门市" } },
      { code: "62-09", parent: "620981", kind: "town", name: { zh: "甲", en: "A" }, specialty: "volcano" },
      {
        code: "620981101",
        parent: "620981",
        kind: "town",
        name: { zh: "乙", en: "B" },
        boundary: {
          type: "Polygon",
          coordinates: [
            [
              [96, 39],
              [97, 39],
              [97, 40]
            ]
          ]
        }
      }
    ])
    expect(Result.isFailure(r) && r.failure.issues.map((i) => i.path.join("."))).toEqual([
      "0.name.en",
      "1.code",
      "1.specialty",
      "2.boundary.coordinates.0"
    ])
  })

  it("feeds build through fromUnknown", () => {
    const json = JSON.parse(JSON.stringify(records))
    const tree = Result.getOrThrow(Grid.fromUnknown(json))
    expect(tree.size).toBe(records.length)
    expect(Result.isFailure(Grid.fromUnknown({ not: "an array" }))).toBe(true)
  })
})

describe("Grid.locate", () => {
  const tree = build(records)
  it("returns the deepest active grid containing the point", () => {
    expect(Grid.record(tree, Grid.locate(tree, 96.2, 39.5)!).code).toBe("620981103200001")
    expect(Grid.record(tree, Grid.locate(tree, 96.7, 39.5)!).code).toBe("620981103200")
    expect(Grid.record(tree, Grid.locate(tree, 96.5, 40.5)!).code).toBe("620981103")
    expect(Grid.record(tree, Grid.locate(tree, 98, 40)!).code).toBe("620981")
    expect(Grid.locate(tree, 100, 40)).toBeUndefined()
  })
  it("skips exclusive grids unless asked", () => {
    expect(Grid.record(tree, Grid.locate(tree, 96.45, 39.5)!).code).toBe("620981103200001")
    expect(Grid.record(tree, Grid.locate(tree, 96.7, 39.5, { exclusive: true })!).code).toBe("620981103200")
    // the exclusive grid is at depth 2, the block at depth 3: the block still wins
    expect(Grid.record(tree, Grid.locate(tree, 96.45, 39.5, { exclusive: true })!).code).toBe("620981103200001")
  })
  it("honours holes and multipolygons", () => {
    const t = build([
      rec("620981", null, "city", {
        boundary: {
          type: "MultiPolygon",
          coordinates: [
            [
              [
                [0, 0],
                [10, 0],
                [10, 10],
                [0, 10],
                [0, 0]
              ],
              [
                [4, 4],
                [6, 4],
                [6, 6],
                [4, 6],
                [4, 4]
              ]
            ],
            [
              [
                [20, 20],
                [21, 20],
                [21, 21],
                [20, 20]
              ]
            ]
          ]
        }
      })
    ])
    expect(Grid.locate(t, 1, 1)).toBe(0)
    expect(Grid.locate(t, 5, 5)).toBeUndefined()
    expect(Grid.locate(t, 20.9, 20.5)).toBe(0)
    expect(Grid.locate(t, 20.1, 20.9)).toBeUndefined()
  })
})

describe("Grid.outline", () => {
  it("gives the shape with the boundary's part of the source note, and whether it says invented", () => {
    const t = build([
      rec("620981", null, "city", {
        boundary: box(96, 39, 99, 41),
        source: "name: 2022 notice; boundary: invented (a generated rectangle); checked: no"
      }),
      rec("620981103", "620981", "town", { boundary: box(96, 39, 97, 41), source: "boundary: 2023 survey" }),
      rec("620981104", "620981", "town", { boundary: box(97, 39, 98, 41), source: "name: 2022 notice" }),
      rec("620981105", "620981", "town", { source: "name: 2022 notice; boundary: invented" })
    ])
    expect(Grid.outline(t, 0)).toEqual({
      boundary: box(96, 39, 99, 41),
      source: "boundary: invented (a generated rectangle)",
      invented: true
    })
    expect(Grid.outline(t, 1)).toEqual({
      boundary: box(96, 39, 97, 41),
      source: "boundary: 2023 survey",
      invented: false
    })
    // a note that says nothing of the shape: provenance unknown, not invented
    expect(Grid.outline(t, 2)).toEqual({ boundary: box(97, 39, 98, 41), source: null, invented: false })
    // no shape, no outline (whatever the note says)
    expect(Grid.outline(t, 3)).toBeUndefined()
  })
})

describe("GridChange.apply", () => {
  const tree = build(records)

  it("adds a grid with the next id", () => {
    const next = Result.getOrThrow(
      GridChange.apply(tree, { _tag: "Add", record: rec("620981103201", "620981103", "village") })
    )
    expect(Grid.id(next, "620981103201")).toBe(tree.size)
    expect(Grid.containsCode(next, "620981103", "620981103201")).toBe(true)
    expect(tree.index.has("620981103201")).toBe(false)
  })

  it("moves a subtree: codes take the new prefix, ids stay", () => {
    const before = Grid.id(tree, "620981103200001")!
    const next = Result.getOrThrow(
      GridChange.apply(tree, { _tag: "Move", code: "620981103200", parent: "620981001", suffix: "201" })
    )
    expect(Grid.record(next, before).code).toBe("620981001201001")
    expect(Grid.path(next, before)).toEqual(["620981", "620981001", "620981001201", "620981001201001"])
    expect(Grid.containsCode(next, "620981103", "620981001201001")).toBe(false)
    expect(Grid.record(tree, before).code).toBe("620981103200001")
  })

  it("rejects a move that breaks an invariant, leaving the tree as it was", () => {
    expect(issuesOf(GridChange.apply(tree, { _tag: "Move", code: "620981103", parent: "620981103200" }))).toEqual([
      ["MoveIntoOwnSubtree", "parent"]
    ])
    // a villager group straight under a street skips the community level
    expect(issuesOf(GridChange.apply(tree, { _tag: "Move", code: "620981103200002", parent: "620981001" }))).toEqual(
      expect.arrayContaining([["LevelSkipped", "4.kind"]])
    )
    expect(issuesOf(GridChange.apply(tree, { _tag: "Move", code: "620981", parent: "620981103" }))).toEqual([
      ["RootChange", "code"]
    ])
  })

  it("retires with a successor and follows it", () => {
    const withSecond = Result.getOrThrow(
      GridChange.applyAll(tree, [
        { _tag: "Add", record: rec("620981103201", "620981103", "village") },
        { _tag: "Add", record: rec("620981103202", "620981103", "village") }
      ])
    )
    const once = Result.getOrThrow(
      GridChange.apply(withSecond, { _tag: "Retire", code: "620981103201", successor: "620981103202" })
    )
    expect(Grid.resolve(once, "620981103201")).toBe(Grid.id(once, "620981103202"))
    const twice = Result.getOrThrow(
      GridChange.apply(once, { _tag: "Retire", code: "620981103202", successor: "620981103200" })
    )
    expect(Grid.record(twice, Grid.id(twice, "620981103201")!).successor).toBe("620981103200")
    expect(Grid.resolve(twice, "620981103201")).toBe(Grid.id(twice, "620981103200"))
    expect(Grid.locate(twice, 96.2, 39.5)).toBe(Grid.id(twice, "620981103200001"))
  })

  it("rejects retiring a grid with active children or to a grid at another level", () => {
    expect(
      issuesOf(GridChange.apply(tree, { _tag: "Retire", code: "620981103200", successor: "620981001001" }))
    ).toEqual([["HasActiveChildren", "code"]])
    expect(
      issuesOf(GridChange.apply(tree, { _tag: "Retire", code: "620981103200002", successor: "620981103" }))
    ).toEqual([["BadSuccessor", "4.successor"]])
  })

  it("renames and sets boundaries", () => {
    const renamed = Result.getOrThrow(
      GridChange.apply(tree, { _tag: "Rename", code: "620981103", name: { zh: "花海镇", en: "Huahai" } })
    )
    expect(Grid.pathNames(renamed, Grid.id(renamed, "620981103200")!, "zh")).toEqual([
      "网格620981",
      "花海镇",
      "网格620981103200"
    ])
    const cleared = Result.getOrThrow(
      GridChange.apply(tree, { _tag: "SetBoundary", code: "620981103200001", boundary: null })
    )
    expect(Grid.record(cleared, Grid.locate(cleared, 96.2, 39.5)!).code).toBe("620981103200")
  })

  it("maps problems of an added record to the change", () => {
    expect(
      issuesOf(GridChange.apply(tree, { _tag: "Add", record: rec("620981103200", "620981103", "village") }))
    ).toEqual([["DuplicateCode", "record.code"]])
    expect(
      issuesOf(GridChange.apply(tree, { _tag: "Add", record: rec("620981104200", "620981104", "village") }))
    ).toEqual([["UnknownParent", "record.parent"]])
  })
})

describe("GridScheme.make", () => {
  it("accepts the default scheme and rejects broken ones", () => {
    expect(Result.isSuccess(GridScheme.make(GridScheme.defaults))).toBe(true)
    const broken = GridScheme.make({
      levels: [
        {
          ...GridScheme.defaults.levels[0]!,
          kinds: [{ id: "exclusive", name: { zh: "甲", en: "A" }, suffix: [0, 5] }]
        },
        { ...GridScheme.defaults.levels[1]!, width: 2 }
      ],
      exclusive: { marker: "7", width: 3 }
    })
    expect(Result.isFailure(broken) && broken.failure.problems.length).toBe(6)
  })

  it("builds trees in a custom scheme", () => {
    const scheme = Result.getOrThrow(
      GridScheme.make({
        levels: [
          {
            id: "nation",
            name: { zh: "国", en: "nation" },
            width: 2,
            kinds: [{ id: "nation", name: { zh: "国", en: "nation" }, suffix: [0, 99] }],
            duties: { zh: "-", en: "-" }
          },
          {
            id: "province",
            name: { zh: "省", en: "province" },
            width: 2,
            kinds: [{ id: "province", name: { zh: "省", en: "province" }, suffix: [11, 65] }],
            duties: { zh: "-", en: "-" }
          }
        ],
        exclusive: { marker: "Z", width: 2 }
      })
    )
    const tree = Result.getOrThrow(
      Grid.build(
        [
          rec("CN", null, "nation"),
          rec("CN62", "CN", "province"),
          rec("CN62Z01", "CN62", "exclusive", { specialty: "forest" })
        ],
        scheme
      )
    )
    expect(Grid.path(tree, 2)).toEqual(["CN", "CN62", "CN62Z01"])
    expect(issuesOf(Grid.build([rec("CN", null, "nation"), rec("CN99", "CN", "province")], scheme))).toEqual([
      ["BadSuffix", "1.code"]
    ])
  })
})

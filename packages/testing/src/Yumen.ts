/**
 * The Yumen fixture: Yumen City (玉门市, Gansu, division code 620981) at the scale of
 * the 2021 article — 544 grids at levels 1–3, 1,807 full-time grid workers, exclusive
 * grids, community police, grid chiefs, and the center's units — generated
 * deterministically from a seed; and the city's configuration as data: its routing
 * table (`routing`) and its SLA targets (`sla`, Yumen's "double 1-2-3" on top of the
 * national tiers of `Sla.national`). Nothing here is a rule of the library: core
 * holds the rules, a city brings tables like these.
 *
 * Provenance: the level-1 names of towns, townships and state farms come from a 2022
 * public notice (see docs/explanation/domain.md); street names and the codes/names of
 * the villages of 玉门镇, 花海镇 and 小金湾东乡族乡 come from secondary web sources (2011–2012
 * division lists); everything else (other village names, blocks, people, boundaries)
 * is generated. Every grid record carries `verified: false` unless checked against a
 * primary source, and a `source` note; the boundaries are invented for every grid,
 * the city's own included, and each record's note says so (`inventedBoundary`).
 *
 * @since 0.1.0
 */
import { type City, type CityChange, Grid, RoutingTable, type Sla, Staff } from "@gridgov/core"
import type * as Arr from "effect/Array"
import * as Result from "effect/Result"
import * as G from "./internal/yumenGrids.js"
import { table } from "./internal/yumenRouting.js"
import { policies } from "./internal/yumenSla.js"
import { makeStaff } from "./internal/yumenStaff.js"
import * as U from "./internal/yumenUnits.js"

/**
 * A generated city: the flat records and what is built from them.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * const city: Yumen.Fixture = Yumen.make(1)
 *
 * @category models
 * @since 0.1.0
 */
export interface Fixture {
  readonly seed: number
  /** The date the fixture's posts describe (every count below holds on it). */
  readonly date: string
  readonly grids: ReadonlyArray<Grid.GridRecord>
  readonly staff: Staff.Records
  readonly tree: Grid.Tree
  readonly directory: Staff.Directory
}

/**
 * Yumen City's administrative division code.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.cityCode // "620981"
 *
 * @category constants
 * @since 0.1.0
 */
export const cityCode = G.cityCode

/**
 * The figures the fixture reproduces.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.figures.grids // 544
 *
 * @category constants
 * @since 0.1.0
 */
export const figures = G.figures

/**
 * The note every boundary of the fixture carries in its grid record's `source`: the
 * shapes are invented. Yumen's real grid boundaries are not public; the fixture's are
 * rectangles inside the city's real extent (96.25–98.5 °E, 39.67–41.0 °N), each
 * grid's children tiling it without overlap (exclusive grids have none). Show this
 * note wherever the shapes are drawn.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.make().grids.filter((g) => g.boundary !== undefined).every((g) => g.source?.endsWith(Yumen.inventedBoundary)) // true
 *
 * @category constants
 * @since 0.1.0
 */
export const inventedBoundary: string = G.inventedBoundary

/**
 * Generates the fixture for a seed. The tree's shape above the blocks is fixed (the
 * city's real level-1 units, 59 villages, communities, farm teams, park sections);
 * the seed decides how the 441 blocks spread over the level-2 grids, how many workers
 * each block has, and how people are assigned. Boundaries are invented rectangles
 * nested inside the city's real extent, each grid's children tiling it without
 * overlap; every record with one says so in its `source` ({@link inventedBoundary}).
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * const city = Yumen.make(7)
 * city.grids.length > 544 // true: the root and the exclusive grids come on top
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (seed = 2021): Fixture => {
  const random = G.prng(seed)
  const { grids, level2, blocks, exclusiveCodes } = G.generate(random)
  const tree = Result.getOrThrow(Grid.build(grids))
  const staff = makeStaff(random, blocks, level2, exclusiveCodes)
  const directory = Result.getOrThrow(Staff.directory(staff, tree))
  return { seed, date: "2021-01-01", grids, staff, tree, directory }
}

/**
 * The center's units: the center, its five sub-centers, eight mediation committees,
 * three chief-mediator studios, the departments and twenty windows (the article names
 * fourteen windows; the others are labelled with a `source` note), each with the case
 * kinds and category prefixes it takes. The category codes are illustrative.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * Yumen.units.filter((u) => u.type === "window").length // 20
 *
 * @category constants
 * @since 0.1.0
 */
export const units: ReadonlyArray<Staff.Unit> = U.units

/**
 * Yumen's routing table for "one center, one network": events by severity to the
 * block, village or town and components to their owner departments; disputes by the
 * ladder, major ones to the joint committee, walk-ins and department referrals to the
 * committee of their type (8 committees); labor cases to labor arbitration first;
 * petitions to visitor reception, the petition window and the leaders' duty window;
 * pre-litigation cases to the court's docking center; hotline tickets by type; the grid
 * management center as backstop. A city's table is data like this one: read it as an
 * example to copy, not as law.
 *
 * @example
 * import { Routing } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const router = Result.getOrThrow(Routing.compile(Yumen.routing))
 * Routing.route(router, { kind: "dispute", category: "dispute.water", channel: "walkIn", place: ["620981"] }).target // { _tag: "Unit", unit: "committee.water" }
 *
 * @category routing
 * @since 0.1.0
 */
export const routing: RoutingTable.Table = Result.getOrThrow(RoutingTable.decode(table))

/**
 * Yumen's SLA policies: the national statutory tiers (`Sla.national`) with Yumen's
 * "double 1-2-3" (信访事项双"123"受理机制: simple petitions accepted in 1 working day,
 * met in 2, settled in 3; complex ones in 1, 2 and 3 weeks) as the local target per
 * petition track, and example local targets for 12345 hotline tickets and for every
 * step of the event loop (each labelled as an example in its `source`).
 *
 * @example
 * import { Sla } from "@gridgov/core"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 * const table = Result.getOrThrow(Sla.make(Yumen.sla))
 * const simple = Result.getOrThrow(Sla.lookup(table, { kind: "petition", category: "petition", track: "simple" }, "accept"))
 * simple.target?.limit // { amount: 1, unit: "workingDays" }
 * simple.statutory?.limit // { amount: 15, unit: "calendarDays" }
 *
 * @category deadlines
 * @since 0.1.0
 */
export const sla: ReadonlyArray<Sla.Policy> = policies

/**
 * The fixture as configuration changes, in the order a store takes them: the routing
 * table, the grids (parents first), the units, the people, the posts (each given the
 * id `<person>#<n>`) and Yumen's SLA tier ({@link sla}). What a store-backed
 * configuration is seeded with (`Configuration.layerStore({ seed })`) or a
 * `CityService` imports.
 *
 * @example
 * import { Yumen } from "@gridgov/testing"
 * const changes = Yumen.changes(Yumen.make())
 * changes[0]._tag // "SetRouting"
 *
 * @category constructors
 * @since 0.1.0
 */
export const changes = (fixture: Fixture = make()): Arr.NonEmptyReadonlyArray<CityChange.Change> => [
  { _tag: "SetRouting", table: routing },
  ...fixture.grids.map((record): CityChange.Change => ({ _tag: "AddGrid", record })),
  ...fixture.staff.units.map((unit): CityChange.Change => ({ _tag: "AddUnit", unit })),
  ...fixture.staff.people.map((person): CityChange.Change => ({ _tag: "AddPerson", person })),
  ...fixture.staff.posts.map((post): CityChange.Change => ({ _tag: "AddPost", post })),
  { _tag: "SetSla", policies: sla as ReadonlyArray<City.SlaPolicy> }
]

/**
 * A city's configuration as one document: the level scheme, the grid tree (with its
 * boundaries, retired grids and the codes moved grids had), the units, the people and
 * their dated posts, the routing table, the city tier of SLA policies over the national
 * ones, the case category taxonomy and the record taxonomy, the appraisal weights, the
 * notification subscribers and the calendar notices.
 *
 * The document is the fold of the configuration's event stream (`CityChange`), kept
 * in the same store as the cases (`CityStore`), so every server reads the same city and
 * every change is an audited, hash-chained event. Personal data of the staff (phone
 * and ID numbers) and subscribers' secrets are never in it: they are kept off the
 * chain, correctable and erasable. `Configuration` compiles a document into what the
 * services run on. See docs/explanation/configuration.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Analytics from "./Analytics.js"
import type * as CalendarNotice from "./CalendarNotice.js"
import * as Category from "./Category.js"
import * as GridScheme from "./GridScheme.js"
import { problemsOf } from "./internal/categoryIssues.js"
import * as S from "./internal/citySchema.js"
import * as Records from "./Records.js"
import type * as RoutingTable from "./RoutingTable.js"
import type * as Sla from "./Sla.js"

/**
 * A post of the configuration: a `Staff.Post` with a stable id, so that it can be
 * edited, transferred or ended later.
 *
 * @example
 * import type { City } from "@gridgov/core"
 * const post: City.Post = {
 *   id: "p-01808#1", person: "p-01808", role: "gridWorker", at: { grid: "620981101201001" }, validFrom: "2021-01-01"
 * }
 *
 * @category models
 * @since 0.1.0
 */
export const Post = S.Post

/**
 * @category models
 * @since 0.1.0
 */
export type Post = S.Post

/**
 * A unit of the configuration: a `Staff.Unit`, with the day it closed once closed
 * (kept for history: past posts and cases still name it).
 *
 * @example
 * import type { City } from "@gridgov/core"
 * const unit: City.Unit = {
 *   id: "committee.water", type: "committee", name: { zh: "水事纠纷调解委员会", en: "Water disputes committee" }, takes: []
 * }
 *
 * @category models
 * @since 0.1.0
 */
export const Unit = S.Unit

/**
 * @category models
 * @since 0.1.0
 */
export type Unit = S.Unit

/**
 * A notification subscriber: an id, the outbox channel it is served on (`webhook`,
 * `email`, …), where it is sent (a URL, an address) and which notifications (a
 * filter by kind, type, category and grid code prefix). Its secret (a webhook's
 * signing key) is kept off the chain.
 *
 * @example
 * import type { City } from "@gridgov/core"
 * const hook: City.Subscriber = {
 *   id: "petition-office", channel: "webhook", target: "https://example.org/hooks/gridgov",
 *   filter: { kinds: ["petition"] }
 * }
 *
 * @category models
 * @since 0.1.0
 */
export const Subscriber = S.Subscriber

/**
 * @category models
 * @since 0.1.0
 */
export type Subscriber = S.Subscriber

/**
 * An SLA policy as data (the same shape as `Sla.Policy`), for documents and files.
 *
 * @example
 * import { City } from "@gridgov/core"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(City.SlaPolicy)({
 *   kind: "event", clock: "handle", category: "event.sanitation", target: { limit: { amount: 2, unit: "workingDays" } }
 * }).clock // "handle"
 *
 * @category models
 * @since 0.1.0
 */
export const SlaPolicy = S.SlaPolicy

/**
 * @category models
 * @since 0.1.0
 */
export type SlaPolicy = S.SlaPolicy

/**
 * An old name that still means something: the code a grid had before it moved, or a
 * category removed from the taxonomy and the one its cases now count under.
 *
 * @example
 * import type { City } from "@gridgov/core"
 * const moved: City.Alias = { from: "620981101201", to: "620981102201" }
 *
 * @category models
 * @since 0.1.0
 */
export const Alias = S.Alias

/**
 * @category models
 * @since 0.1.0
 */
export type Alias = S.Alias

/**
 * The configuration document.
 *
 * - `scheme`, `grids`: the level scheme and every grid record, retired ones included
 *   (a retired grid names its successor); `moved`: the codes grids had before a move,
 *   with the code each has now;
 * - `units`, `people`, `posts`: the staff directory (people carry an id and a name
 *   only; phone and ID numbers are off the chain);
 * - `routing`: the routing table;
 * - `sla`: the city tier of SLA policies (over `Sla`'s national ones), as its history:
 *   each entry the policies in force from a configuration version on, the last one now;
 * - `categories` (with `categoryMap`: removed categories and where their cases count),
 *   `recordItems`, `weights`, `subscribers`;
 * - `notices`: the calendar notices added, each with the version it was added at.
 *
 * @example
 * import { City } from "@gridgov/core"
 * City.empty.grids.length // 0
 *
 * @category models
 * @since 0.1.0
 */
export const Document = S.Document

/**
 * @category models
 * @since 0.1.0
 */
export type Document = S.Document

const perKind = <A>(value: A) => ({
  event: value,
  dispute: value,
  petition: value,
  prelitigation: value,
  hotline: value
})

/**
 * The routing table of a city that set none: no rules, everything to the unit
 * `center`, escalations to the center and then to the category's owner department.
 *
 * @example
 * import { City } from "@gridgov/core"
 * City.emptyRouting.backstop // "center"
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyRouting: RoutingTable.Table = {
  rules: [],
  backstop: "center",
  ladder: { center: perKind("center"), top: perKind("owner" as const), ownerFallback: "dept.office" },
  owners: [],
  committees: [],
  jointCommittee: "center"
}

/**
 * The configuration of a store that holds none yet: the default level scheme, no grids,
 * units or people, {@link emptyRouting}, no city SLA tier (the national policies
 * apply), the default category and record taxonomies and appraisal weights.
 *
 * @example
 * import { City } from "@gridgov/core"
 * City.empty.categories.length > 0 // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const empty: Document = {
  scheme: GridScheme.defaults,
  grids: [],
  moved: [],
  units: [],
  people: [],
  posts: [],
  routing: emptyRouting,
  sla: [],
  categories: Category.defaults.entries,
  categoryMap: [],
  recordItems: Records.defaults.entries,
  weights: Analytics.defaultWeights,
  subscribers: [],
  notices: []
}

/**
 * The city tier of SLA policies in force now (the last entry of `sla`).
 *
 * @example
 * import { City } from "@gridgov/core"
 * City.slaPolicies(City.empty) // []
 *
 * @category look-ups
 * @since 0.1.0
 */
export const slaPolicies = (document: Document): ReadonlyArray<Sla.Policy> =>
  (document.sla.at(-1)?.policies ?? []) as ReadonlyArray<Sla.Policy>

/**
 * The calendar notices added, in the order they were added.
 *
 * @example
 * import { City } from "@gridgov/core"
 * City.notices(City.empty) // []
 *
 * @category look-ups
 * @since 0.1.0
 */
export const notices = (document: Document): ReadonlyArray<CalendarNotice.Notice> =>
  document.notices.map((n) => n.notice)

/**
 * A document that does not decode, with every problem and its path.
 *
 * @example
 * import { City } from "@gridgov/core"
 * new City.Invalid({ problems: [{ path: ["grids", 0, "code"], message: "Expected a grid code" }] })._tag
 * // "CityDocumentInvalid"
 *
 * @category errors
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedError<Invalid>()("CityDocumentInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return this.problems
      .slice(0, 5)
      .map((p) => `${p.path.join(".") || "(root)"}: ${p.message}`)
      .join("; ")
  }
}

const decodeDocument = Schema.decodeUnknownResult(Document, { errors: "all" })

/**
 * Decodes a document (a snapshot read back, a file): its shape only; the rules a
 * document keeps are checked when it is compiled (`Configuration.compile`).
 *
 * @example
 * import { City } from "@gridgov/core"
 * import { Result } from "effect"
 * Result.isSuccess(City.decode(JSON.parse(JSON.stringify(City.empty)))) // true
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode = (input: unknown): Result.Result<Document, Invalid> =>
  Result.mapError(decodeDocument(input), (error) => new Invalid({ problems: problemsOf(error.issue) }))

/**
 * Information publishing (信息发布): notices to grid subtrees, roles, units and the
 * public. An audience is data; who is in it on a date comes from the grid tree and
 * the staff directory. A notice shows from its publication instant until its expiry
 * (exclusive); each reader's first read is recorded once (`NoticeStore`).
 * See docs/explanation/notices.md.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Access from "./Access.js"
import * as Category from "./Category.js"
import { problemsOf, renderProblems } from "./internal/categoryIssues.js"
import { subtreeSize } from "./internal/grid.js"
import type { Tree } from "./internal/gridTypes.js"
import * as Staff from "./Staff.js"

const Instant = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * Who a notice is for:
 * - `public: true`: everyone, residents included (and then the rest does not matter);
 * - otherwise staff: people holding, on the day, a post with one of `roles` (any
 *   role when empty) placed inside one of the `grids` subtrees (by code) or at one of
 *   the `units` (matched as prefixes on segment boundaries: `dept` is every
 *   department). With neither grids nor units, every placed post in the city counts.
 *
 * @example
 * import type { Notice } from "@gridgov/core"
 * const chiefsOfHuahai: Notice.Audience = { public: false, grids: ["620981103"], roles: ["gridChief"], units: [] }
 *
 * @category models
 * @since 0.1.0
 */
export const Audience = Schema.Struct({
  public: Schema.Boolean,
  grids: Schema.Array(Schema.String.check(Schema.isPattern(/^[0-9A-Z]{1,64}$/))),
  roles: Schema.Array(Staff.Role),
  units: Schema.Array(Category.Code)
})

/**
 * @category models
 * @since 0.1.0
 */
export type Audience = typeof Audience.Type

/**
 * A notice: id, title, body, author (a person id), the instant it is published, an
 * optional expiry instant (not shown from then on), and its audience.
 *
 * @example
 * import type { Notice } from "@gridgov/core"
 * const notice: Notice.Notice = {
 *   id: "n-1", title: "防汛通知", body: "…", author: "p-1", publishedAt: 0, expiresAt: 86_400_000,
 *   audience: { public: true, grids: [], roles: [], units: [] }
 * }
 *
 * @category models
 * @since 0.1.0
 */
export const Notice = Schema.Struct({
  id: Schema.NonEmptyString,
  title: Schema.NonEmptyString,
  body: Schema.String,
  author: Schema.NonEmptyString,
  publishedAt: Instant,
  expiresAt: Schema.optionalKey(Instant),
  audience: Audience
})

/**
 * @category models
 * @since 0.1.0
 */
export type Notice = typeof Notice.Type

/**
 * A notice that does not decode, expires before it is published, or names a grid
 * that is not in the tree.
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * new Notice.NoticeInvalid({ problems: [{ path: ["expiresAt"], message: "before publishedAt" }] })._tag
 *
 * @category errors
 * @since 0.1.0
 */
export class NoticeInvalid extends Schema.TaggedError<NoticeInvalid>()("NoticeInvalid", {
  problems: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {
  override get message(): string {
    return `invalid notice:\n${renderProblems(this.problems)}`
  }
}

const decodeNotice = Schema.decodeUnknownResult(Notice, { errors: "all" })

/**
 * Decodes a notice from untrusted input and checks it against the tree: the expiry
 * comes after publication, and every audience grid is in the tree.
 *
 * @example
 * import { Grid, Notice } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const r = Notice.decode({ tree }, {
 *   id: "n-1", title: "t", body: "", author: "p", publishedAt: 10, expiresAt: 5,
 *   audience: { public: true, grids: [], roles: [], units: [] }
 * })
 * Result.isFailure(r) // true
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (context: Access.Context, input: unknown): Result.Result<Notice, NoticeInvalid> => {
  const decoded = decodeNotice(input)
  if (Result.isFailure(decoded)) return Result.fail(new NoticeInvalid({ problems: problemsOf(decoded.failure.issue) }))
  const n = decoded.success
  const problems: Array<{ path: Array<string | number>; message: string }> = []
  if (n.expiresAt !== undefined && n.expiresAt <= n.publishedAt)
    problems.push({ path: ["expiresAt"], message: "the expiry must come after publication" })
  n.audience.grids.forEach((g, i) => {
    if (!context.tree.index.has(g))
      problems.push({ path: ["audience", "grids", i], message: `grid ${g} is not in the tree` })
  })
  return problems.length > 0 ? Result.fail(new NoticeInvalid({ problems })) : Result.succeed(n)
}

/**
 * Whether a notice shows at instant `now`: published at or before it, and not
 * expired (`now < expiresAt`).
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * const n: Notice.Notice = { id: "n", title: "t", body: "", author: "p", publishedAt: 10, expiresAt: 20, audience: { public: true, grids: [], roles: [], units: [] } }
 * const shown = [Notice.shown(n, 9), Notice.shown(n, 10), Notice.shown(n, 20)]
 * shown // [false, true, false]
 *
 * @category visibility
 * @since 0.1.0
 */
export const shown = (notice: Notice, now: number): boolean =>
  notice.publishedAt <= now && (notice.expiresAt === undefined || now < notice.expiresAt)

// ---------------------------------------------------------------------------
// targets and readers: the audience as rows a store can match
// ---------------------------------------------------------------------------

/**
 * One row of a staff audience: a role (`null`: any) and a place — a grid interval
 * `[pre, post]`, a unit prefix, or neither (the whole city).
 *
 * @example
 * import type { Notice } from "@gridgov/core"
 * const t: Notice.Target = { role: "gridChief", pre: 120, post: 161, unit: null }
 *
 * @category targets
 * @since 0.1.0
 */
export interface Target {
  readonly role: Staff.Role | null
  readonly pre: number | null
  readonly post: number | null
  readonly unit: string | null
}

/**
 * The audience of a notice as target rows (empty for a public notice): roles ×
 * places, grid codes turned into intervals of the tree (codes not in the tree are
 * dropped).
 *
 * @example
 * import { Grid, Notice } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Notice.targets({ tree }, { public: false, grids: ["620981"], roles: ["leader"], units: [] })
 * // [{ role: "leader", pre: 0, post: 0, unit: null }]
 *
 * @category targets
 * @since 0.1.0
 */
export const targets = (context: Access.Context, audience: Audience): Array<Target> => targetsIn(context.tree, audience)

const targetsIn = (tree: Tree, audience: Audience): Array<Target> => {
  if (audience.public) return []
  const places: Array<Omit<Target, "role">> = []
  for (const code of audience.grids) {
    const id = tree.index.get(code)
    if (id === undefined) continue
    const pre = tree.pre[id]!
    places.push({ pre, post: pre + subtreeSize(tree, id) - 1, unit: null })
  }
  for (const unit of audience.units) places.push({ pre: null, post: null, unit })
  if (audience.grids.length === 0 && audience.units.length === 0) places.push({ pre: null, post: null, unit: null })
  const roles: ReadonlyArray<Staff.Role | null> = audience.roles.length === 0 ? [null] : audience.roles
  return roles.flatMap((role) => places.map((p) => ({ role, ...p })))
}

/**
 * A reader as a store matches them: their id and their placed posts, each a role
 * and either the rank of its grid (`tree.pre`) or its unit. Posts without a place
 * (`public`, `system`) are left out: such readers see public notices only.
 *
 * @example
 * import type { Notice } from "@gridgov/core"
 * const reader: Notice.Reader = { id: "p-1", posts: [{ role: "gridChief", rank: 130, unit: null }] }
 *
 * @category targets
 * @since 0.1.0
 */
export interface Reader {
  readonly id: string
  readonly posts: ReadonlyArray<{
    readonly role: Staff.Role
    readonly rank: number | null
    readonly unit: string | null
  }>
}

/**
 * The reader an actor is (posts on grids not in the tree are left out).
 *
 * @example
 * import { Access, Grid, Notice } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * Notice.reader({ tree }, Access.resident("r-1")) // { id: "r-1", posts: [] }
 *
 * @category targets
 * @since 0.1.0
 */
export const reader = (context: Access.Context, actor: Access.Actor): Reader => readerIn(context.tree, actor)

type ReaderPost = Reader["posts"][number]

const readerIn = (tree: Tree, actor: Access.Actor): Reader => ({
  id: actor.id,
  posts: actor.posts.flatMap((post): Array<ReaderPost> => {
    if (post.at === null) return []
    if ("unit" in post.at) return [{ role: post.role, rank: null, unit: post.at.unit }]
    const id = tree.index.get(post.at.grid)
    return id === undefined ? [] : [{ role: post.role, rank: tree.pre[id]!, unit: null }]
  })
})

/**
 * Whether one of a reader's posts falls in one of the targets: the in-memory form
 * of the query a store runs (public notices aside).
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * Notice.matches([{ role: null, pre: 0, post: 10, unit: null }], { id: "p", posts: [{ role: "gridWorker", rank: 4, unit: null }] }) // true
 *
 * @category targets
 * @since 0.1.0
 */
export const matches = (targets: ReadonlyArray<Target>, reader: Reader): boolean => {
  for (const t of targets)
    for (const p of reader.posts) {
      if (t.role !== null && t.role !== p.role) continue
      if (t.pre === null && t.unit === null) return true
      if (t.pre !== null && p.rank !== null && t.pre <= p.rank && p.rank <= t.post!) return true
      if (t.unit !== null && p.unit !== null && Category.matches(t.unit, p.unit)) return true
    }
  return false
}

/**
 * Whether a notice is addressed to an actor (public, or one of their posts is in
 * its audience), whatever the instant.
 *
 * @example
 * import { Access, Grid, Notice } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const n: Notice.Notice = { id: "n", title: "t", body: "", author: "p", publishedAt: 0, audience: { public: false, grids: [], roles: ["leader"], units: [] } }
 * Notice.addressedTo({ tree }, n, Access.resident("r-1")) // false
 *
 * @category visibility
 * @since 0.1.0
 */
export const addressedTo = (context: Access.Context, notice: Notice, actor: Access.Actor): boolean =>
  notice.audience.public || matches(targets(context, notice.audience), reader(context, actor))

/**
 * The staff audience of a notice on a date: the ids of the people whose posts that
 * day (`Staff.validOn`) fall in it, sorted. Empty for a public notice (its
 * audience is everyone; residents are not in the directory).
 *
 * @example
 * import { Grid, Notice, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }], units: [],
 *   posts: [{ person: "p-1", role: "leader", at: { grid: "620981" }, validFrom: "2021-01-01", validTo: "2021-06-30" }]
 * }, tree))
 * const n: Notice.Notice = { id: "n", title: "t", body: "", author: "p", publishedAt: 0, audience: { public: false, grids: ["620981"], roles: [], units: [] } }
 * Notice.audience(dir, n, "2021-03-01") // ["p-1"]
 * Notice.audience(dir, n, "2021-07-01") // []
 *
 * @category visibility
 * @since 0.1.0
 */
export const audience = (directory: Staff.Directory, notice: Notice, date: string): Array<string> =>
  audienceDuring(directory, notice, date, date)

/**
 * The staff audience of a notice over a period (ISO dates, both inclusive): the ids
 * of the people who held a post in it on any day from `from` to `to`, sorted. With
 * the publication date and the day the notice expired (or today, while it runs),
 * these are everyone it was addressed to: a worker transferred away after
 * publication is still someone who was told, and one posted since has been told
 * too. An empty period (`to` before `from`) has nobody.
 *
 * @example
 * import { Grid, Notice, Staff } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const dir = Result.getOrThrow(Staff.directory({
 *   people: [{ id: "p-1", name: "张三" }, { id: "p-2", name: "李四" }], units: [],
 *   posts: [
 *     { person: "p-1", role: "leader", at: { grid: "620981" }, validFrom: "2021-01-01", validTo: "2021-03-31" },
 *     { person: "p-2", role: "leader", at: { grid: "620981" }, validFrom: "2021-04-01" }
 *   ]
 * }, tree))
 * const n: Notice.Notice = { id: "n", title: "t", body: "", author: "p", publishedAt: 0, audience: { public: false, grids: ["620981"], roles: [], units: [] } }
 * Notice.audienceDuring(dir, n, "2021-03-15", "2021-04-15") // ["p-1", "p-2"]
 * Notice.audience(dir, n, "2021-04-15") // ["p-2"]
 *
 * @category visibility
 * @since 0.1.0
 */
export const audienceDuring = (directory: Staff.Directory, notice: Notice, from: string, to: string): Array<string> => {
  if (notice.audience.public || to < from) return []
  const ts = targetsIn(directory.tree, notice.audience)
  const people = new Set<string>()
  for (const post of directory.records.posts as ReadonlyArray<Staff.Post>) {
    if (people.has(post.person) || post.validFrom > to || (post.validTo !== undefined && post.validTo < from)) continue
    const r = readerIn(directory.tree, { id: post.person, posts: [{ role: post.role, at: post.at }] })
    if (matches(ts, r)) people.add(post.person)
  }
  return [...people].sort()
}

// ---------------------------------------------------------------------------
// who may publish
// ---------------------------------------------------------------------------

/**
 * The roles that publish notices by default: leaders, grid chiefs, the center's
 * dispatchers and administrators. Grid workers, managers, mediators and department
 * officers read notices; a city that lets others publish passes its own list.
 *
 * @example
 * import { Notice } from "@gridgov/core"
 * Notice.defaultPublishers // ["leader", "gridChief", "dispatcher", "admin"]
 *
 * @category access
 * @since 0.1.0
 */
export const defaultPublishers: ReadonlyArray<Staff.Role> = ["leader", "gridChief", "dispatcher", "admin"]

/**
 * Whether an actor may publish a notice to its audience: through a post in one of
 * the `publishers` roles, whose jurisdiction (`Access.scope`) covers the whole
 * audience. A public or city-wide notice needs the whole city (a leader, the
 * center, an admin); a notice to grids needs each grid inside the publisher's
 * reach (a township's chief publishes to the township and below); a notice to
 * units needs a post at that unit, or above it.
 *
 * @example
 * import { Access, Grid, Notice } from "@gridgov/core"
 * import { Result } from "effect"
 * const tree = Result.getOrThrow(Grid.build([{ code: "620981", parent: null, kind: "city", name: { zh: "玉门市", en: "Yumen" } }]))
 * const n: Notice.Notice = { id: "n", title: "t", body: "", author: "p", publishedAt: 0, audience: { public: true, grids: [], roles: [], units: [] } }
 * Notice.canPublish({ tree }, { id: "p", posts: [{ role: "leader", at: { grid: "620981" } }] }, n) // true
 * Notice.canPublish({ tree }, Access.resident("r-1"), n) // false
 *
 * @category access
 * @since 0.1.0
 */
export const canPublish = (
  context: Access.Context,
  actor: Access.Actor,
  notice: Notice,
  publishers: ReadonlyArray<Staff.Role> = defaultPublishers
): boolean => {
  const posts = actor.posts.filter((p) => publishers.includes(p.role))
  if (posts.length === 0) return false
  const reach = Access.scope(context, { id: actor.id, posts })
  if (Access.reachesCity(context, reach)) return true
  const { grids, units } = notice.audience
  if (notice.audience.public || (grids.length === 0 && units.length === 0)) return false
  return grids.every((g) => Access.reaches(context, reach, g)) && units.every((u) => Access.reachesUnit(reach, u))
}

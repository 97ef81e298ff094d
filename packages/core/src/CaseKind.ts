/**
 * The case vocabulary every module shares: the kinds of case, how serious a case is,
 * which track it takes (繁简分流) and the channel it came in through. `Case`,
 * `CaseMachine`, `Routing`, `Staff` and `Access` all read these schemas; labels shown
 * to people (zh-CN and en) live in `Messages` under `kind.*`, `severity.*`,
 * `track.*` and `channel.*`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Statuses } from "./internal/machines/index.js"

/**
 * The kinds of case: general event (事件), dispute (矛盾纠纷), petition (信访),
 * pre-litigation mediation (诉前调解) and 12345 hotline ticket (工单).
 *
 * @example
 * import { CaseKind } from "@gridgov/core"
 * CaseKind.Kind.literals // ["event", "dispute", "petition", "prelitigation", "hotline"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Kind = Schema.Literals(["event", "dispute", "petition", "prelitigation", "hotline"])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Kind = typeof Kind.Type

/**
 * The states of a kind's case, as its machine definition names them
 * (docs/reference/cases/): `Status<"event">` is `"reported" | "registered" | …`, and
 * `Status` alone is every kind's. Derived from the definitions, so a state name
 * that no machine has does not compile.
 *
 * @example
 * import type { CaseKind } from "@gridgov/core"
 * const waiting: CaseKind.Status<"petition"> = "registered"
 * const done: ReadonlyArray<CaseKind.Status<"hotline">> = ["closed"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export type Status<K extends Kind = Kind> = Statuses[K]

/**
 * Every kind, in a stable order.
 *
 * @example
 * import { CaseKind } from "@gridgov/core"
 * CaseKind.kinds.length // 5
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const kinds: ReadonlyArray<Kind> = Kind.literals

/**
 * How serious a case is, on the escalation ladder 小事不出格、大事不出村、难事不出镇:
 * `minor` (小事, settled in the grid), `ordinary` (一般, the village's; an ordinary
 * dispute is diverted to its department or booked into the center) and `major`
 * (重大, a major dispute is transferred into the center).
 *
 * @example
 * import { CaseKind } from "@gridgov/core"
 * CaseKind.Severity.literals // ["minor", "ordinary", "major"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Severity = Schema.Literals(["minor", "ordinary", "major"])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Severity = typeof Severity.Type

/**
 * The track of a case (繁简分流): `simple` or `complex`. Petitions are accepted on a
 * track (the "double 1-2-3": simple 1/2/3 days, complex 1/2/3 weeks), pre-litigation
 * filings are triaged onto one, and routing may send complex disputes elsewhere.
 * `Routing` calls the same values the case's complexity.
 *
 * @example
 * import { CaseKind } from "@gridgov/core"
 * CaseKind.Track.literals // ["simple", "complex"]
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Track = Schema.Literals(["simple", "complex"])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Track = typeof Track.Type

/**
 * Where a case came in:
 * - `app`: a grid worker's (or exclusive member's) mobile app;
 * - `public`: a resident's report (群众爆料);
 * - `hotline`: the 12345 mayor's hotline;
 * - `department`: a department feeding a case in through the platform;
 * - `cityManagement`: smart city management (智慧城管);
 * - `police110`: the 110 police command center;
 * - `walkIn`: a visit to the center (来访);
 * - `letter`: a letter (来信);
 * - `online`: an online submission (网上信访, web portal);
 * - `court`: a filing at the court (诉前调解 starts here);
 * - `nonPublicEconomy`: the non-public-economy appeals channel (非公经济诉求).
 *
 * @example
 * import { CaseKind } from "@gridgov/core"
 * CaseKind.Channel.literals.includes("police110") // true
 *
 * @category vocabulary
 * @since 0.1.0
 */
export const Channel = Schema.Literals([
  "app",
  "public",
  "hotline",
  "department",
  "cityManagement",
  "police110",
  "walkIn",
  "letter",
  "online",
  "court",
  "nonPublicEconomy"
])

/**
 * @category vocabulary
 * @since 0.1.0
 */
export type Channel = typeof Channel.Type

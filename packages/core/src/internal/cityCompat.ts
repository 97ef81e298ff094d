/**
 * The few names of other modules the configuration builds on, in one place: the
 * routing compiler and the national SLA policies a city's own tier overrides.
 */
import type * as Category from "../Category.js"
import * as Routing from "../Routing.js"
import type * as RoutingTable from "../RoutingTable.js"
import * as Sla from "../Sla.js"

export const compileRouting = (table: RoutingTable.Table, taxonomy: Category.Taxonomy) =>
  Routing.compile(table, { taxonomy })

export const nationalPolicies: ReadonlyArray<Sla.Policy> = Sla.national

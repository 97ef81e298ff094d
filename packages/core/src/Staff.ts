/**
 * People, the units they work in beyond the grid tree, their roles and their posts.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Every role an actor can hold. `system` is for timers and integrations.
 *
 * @example
 * import { Staff } from "@gridgov/core"
 * Staff.Role.literals.includes("gridChief") // true
 *
 * @category roles
 * @since 0.1.0
 */
export const Role = Schema.Literals([
  "gridWorker",
  "exclusiveMember",
  "gridChief",
  "gridManager",
  "dispatcher",
  "departmentOfficer",
  "mediator",
  "judgeAssistant",
  "leader",
  "admin",
  "public",
  "system"
])

/**
 * @category roles
 * @since 0.1.0
 */
export type Role = typeof Role.Type

/**
 * All roles, in a stable order.
 *
 * @category roles
 * @since 0.1.0
 */
export const roles: ReadonlyArray<Role> = Role.literals

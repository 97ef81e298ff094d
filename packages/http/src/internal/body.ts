/**
 * The body of a lifecycle command over HTTP: `Case.Command` without `actor` (the
 * caller is the actor) and without `Open`, plus an optional `role`.
 */
import { Case, Staff } from "@gridgov/core"
import { Schema } from "effect"

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

export type CommandBody = DistributiveOmit<Exclude<Case.Command, { readonly _tag: "Open" }>, "actor"> & {
  readonly role?: Staff.Role
}

const members = Case.Command.members.filter((m) => m.fields._tag.schema.literal !== "Open")

export const CommandBody = Schema.Union(
  members.map((m) =>
    (m as unknown as Schema.Struct<Schema.Struct.Fields>).mapFields(({ actor: _actor, ...rest }) => ({
      ...rest,
      role: Schema.optionalKey(Staff.Role)
    }))
  )
).annotate({
  identifier: "CommandBody",
  description: "A Case command without `actor` (the caller) and `Open`, with the optional `role` acted in"
}) as unknown as Schema.Codec<CommandBody, CommandBody>

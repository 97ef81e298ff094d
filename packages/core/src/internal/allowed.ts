/**
 * "What may I do here?": the commands an actor may issue on a case now, found by
 * planning each candidate command exactly as `execute` would (`plan`: `Access`, the
 * SLA due check, the machine's rows and guards), never by a second copy of the rules.
 *
 * A command's payload can matter to a guard (`Verify`'s `passed`, a clock's name, a
 * triage track), so each command is tried with probe payloads: every value of each
 * enumerable field (literals, booleans, the kind's clock names), and one plain value
 * for free fields (a text, an empty list, the current handler, a day). The answer
 * lists a command when some probe passes, with the roles it passes under, its payload
 * fields, and for each enumerable field the values that passed.
 */
import { Result, SchemaAST } from "effect"
import type { Actor } from "../Access.js"
import type { Json } from "../CaseStore.js"
import type { Role } from "../Staff.js"
import { type Command, Command as CommandSchema, type CommandTag } from "./caseSchema.js"
import { compiled, definitions } from "./machines/index.js"
import { type Env, type Loaded, plan } from "./service.js"

/** One payload field of a command: its name, whether it may be left out, its type and, if enumerable, the values that pass now. */
export interface Field {
  readonly name: string
  readonly optional: boolean
  readonly type: "text" | "integer" | "boolean" | "choice" | "handler" | "list"
  readonly choices?: ReadonlyArray<Json>
}

/** A command the actor may issue now. */
export interface Allowance {
  readonly command: CommandTag
  readonly roles: ReadonlyArray<Role>
  readonly fields: ReadonlyArray<Field>
}

interface Shape {
  readonly name: string
  readonly optional: boolean
  readonly type: Field["type"]
  /** Enumerable fields: every value; free fields: undefined (one probe value). */
  readonly values: ReadonlyArray<Json> | undefined
}

const literals = (ast: SchemaAST.AST): ReadonlyArray<Json> | undefined => {
  if (ast._tag === "Literal") return [ast.literal as Json]
  if (ast._tag === "Boolean") return [true, false]
  if (ast._tag === "Union") {
    const out: Array<Json> = []
    for (const t of ast.types) {
      const vs = literals(t)
      if (vs === undefined) return undefined
      out.push(...vs)
    }
    return out
  }
  return undefined
}

const shapeOf = (name: string, ast: SchemaAST.AST): Shape => {
  const optional = SchemaAST.isOptional(ast)
  if (name === "clock") return { name, optional, type: "choice", values: undefined }
  const values = literals(ast)
  if (values !== undefined) return { name, optional, type: ast._tag === "Boolean" ? "boolean" : "choice", values }
  switch (ast._tag) {
    case "Number":
      return { name, optional, type: "integer", values: undefined }
    case "Arrays":
      return { name, optional, type: "list", values: undefined }
    case "Objects":
      return { name, optional, type: "handler", values: undefined }
    default:
      return { name, optional, type: "text", values: undefined }
  }
}

/** The payload fields of each command tag, from the command schema. */
const shapes: ReadonlyMap<string, ReadonlyArray<Shape>> = new Map(
  CommandSchema.members.map((member) => {
    const fields = member.fields as unknown as Record<string, { readonly ast: SchemaAST.AST }>
    const tag = (fields._tag!.ast as SchemaAST.Literal).literal as string
    const list = Object.entries(fields)
      .filter(([name]) => name !== "_tag" && name !== "actor")
      .map(([name, schema]) => shapeOf(name, schema.ast))
    return [tag, list] as const
  })
)

/** The clock names a kind's states run: the values a `clock` field can take. */
const clocksOf = (kind: keyof typeof definitions): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const def of Object.values(definitions[kind].states as Record<string, { clocks?: ReadonlyArray<string> }>))
    for (const clock of def.clocks ?? []) names.add(clock)
  return [...names]
}

/** Every probe payload of a command: the product of the enumerable fields' values, free fields given one value. */
const probes = (caseId: string, loaded: Loaded, shapesOf: ReadonlyArray<Shape>): Array<Record<string, Json>> => {
  const state = loaded.state
  let out: Array<Record<string, Json>> = [{}]
  for (const s of shapesOf) {
    if (s.optional) continue
    let values: ReadonlyArray<Json>
    if (s.name === "clock") values = state.kind === null ? [] : clocksOf(state.kind)
    else if (s.values !== undefined) values = s.values
    else
      switch (s.type) {
        case "integer":
          values = [1]
          break
        case "list":
          values = [[]]
          break
        case "handler":
          values = [{ unit: state.handler?.unit ?? "center" }]
          break
        default:
          // any text but the case's own id (a case is never its own duplicate)
          values = [`${caseId}~`]
      }
    out = out.flatMap((p) => values.map((v) => ({ ...p, [s.name]: v })))
  }
  return out
}

const rolesOf = (actor: Actor): Array<Role> => {
  const roles: Array<Role> = []
  for (const p of actor.posts) if (!roles.includes(p.role)) roles.push(p.role)
  return roles
}

/** The commands `actor` may issue on the loaded case at `now`, in the machine's order. */
export const allowed = (env: Env, caseId: string, loaded: Loaded, actor: Actor, now: number): Array<Allowance> => {
  const state = loaded.state
  if (state.kind === null) return []
  const cells = compiled[state.kind].byCommand[state.status] ?? {}
  const roles = rolesOf(actor)
  const out: Array<Allowance> = []
  for (const tag of Object.keys(cells) as Array<CommandTag>) {
    const shapesOf = shapes.get(tag) ?? []
    const passed = new Set<Role>()
    const chosen = new Map<string, Set<string>>()
    const seen = new Map<string, Json>()
    for (const payload of probes(caseId, loaded, shapesOf)) {
      for (const role of roles) {
        const command = { ...payload, _tag: tag, actor: { id: actor.id, role } } as unknown as Command
        const planned = plan(env, caseId, loaded, command, actor, now)
        if (Result.isFailure(planned)) continue
        passed.add(role)
        for (const s of shapesOf) {
          if (s.optional || (s.type !== "choice" && s.type !== "boolean")) continue
          const value = payload[s.name]!
          const key = JSON.stringify(value)
          seen.set(key, value)
          const set = chosen.get(s.name) ?? new Set<string>()
          chosen.set(s.name, set)
          set.add(key)
        }
      }
    }
    if (passed.size === 0) continue
    out.push({
      command: tag,
      roles: roles.filter((r) => passed.has(r)),
      fields: shapesOf.map((s): Field => {
        const base = { name: s.name, optional: s.optional, type: s.type }
        // an optional field never blocks a command: its values are offered as the schema has them
        if (s.optional) return s.values === undefined ? base : { ...base, choices: s.values }
        const set = chosen.get(s.name)
        return set === undefined ? base : { ...base, choices: [...set].map((k) => seen.get(k)!) }
      })
    })
  }
  return out
}

/**
 * Writes `public/labels.json` (copied into the build as `/console/labels.json`): the
 * labels the console shows, taken from `@gridgov/core` — `Messages` (kinds, states,
 * commands, roles, clocks, channels, severities, tracks, errors) and the default
 * category taxonomy — and what the screens derive from the case machines: the command
 * each event records, and the states a dispatcher takes cases in from (the desk).
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { CaseKind, CaseMachine, Category, Messages } from "@gridgov/core"

const messages = Object.fromEntries(
  Messages.Locale.literals.map((locale) => [
    locale,
    Object.fromEntries(Messages.keys.map((key) => [key, Messages.label(locale, key)]))
  ])
)
const categories = Object.fromEntries(Category.defaults.entries.map((e) => [e.code, e.label]))

// The command whose row records each event (the timeline's labels).
const eventCommand: Record<string, string> = {}
for (const kind of CaseKind.kinds) for (const row of CaseMachine.rows(kind)) eventCommand[row.event] = row.command

// The desk: per kind, the states from which a dispatcher registers, dispatches, accepts,
// triages or assigns a case (受理分流).
const intake = new Set(["Register", "Dispatch", "Accept", "Triage", "Assign"])
const desk: Record<string, Array<string>> = {}
for (const kind of CaseKind.kinds) {
  const states = new Set<string>()
  for (const row of CaseMachine.rows(kind))
    if (intake.has(row.command) && row.roles.includes("dispatcher") && row.from !== CaseMachine.initial)
      states.add(row.from)
  desk[kind] = [...states]
}

const clocks = Object.fromEntries(CaseKind.kinds.map((kind) => [kind, CaseMachine.clocks(kind)]))

mkdirSync(new URL("../public/", import.meta.url), { recursive: true })
writeFileSync(
  new URL("../public/labels.json", import.meta.url),
  `${JSON.stringify({ messages, categories, eventCommand, desk, clocks, kinds: CaseKind.kinds })}\n`
)

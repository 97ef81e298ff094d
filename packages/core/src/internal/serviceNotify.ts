/**
 * The notifications of the case service: a `Notify` effect of a transition made
 * into a v1 `Notification` (type, recipient, case, event, locale-free details) and
 * its outbox rows, one per configured channel. Pure; `plan` calls it per effect.
 */
import type { Json } from "../CaseStore.js"
import * as Grid from "../Grid.js"
import * as Mask from "../Mask.js"
import * as Notification from "../Notification.js"
import type * as Outbox from "../Outbox.js"
import type { Event } from "./caseSchema.js"
import type { State } from "./caseState.js"
import type { Recipient } from "./machine.js"
import * as S from "./serviceSla.js"

/** What the rows need besides the case: the grid tree, the SLA setup and the channels. */
export interface Setup {
  readonly tree: Grid.Tree
  readonly sla: S.Setup
  readonly channels: ReadonlyArray<string>
}

const copied = ["reason", "note", "clock", "days", "result", "reply"] as const

/**
 * The clock's next deadline at `at` (its local target, else its statutory limit,
 * whichever comes first and has not passed), or the last one once both have.
 */
const dueAt = (
  setup: S.Setup,
  track: S.Track,
  clock: string,
  at: number
): { readonly at: number | undefined; readonly provisional: boolean } | undefined => {
  const c = S.due(setup, track, at).clocks.find((x) => x.clock === clock)
  if (c === undefined) return undefined
  const deadlines = [c.target, c.statutory].filter((d): d is number => d !== null).sort((a, b) => a - b)
  return { at: deadlines.find((d) => d >= at) ?? deadlines[deadlines.length - 1], provisional: c.provisional }
}

/**
 * The details of a notification, from the event and the case after it: the
 * event's `reason`, `note`, `clock`, `days`, `result` and `reply` (a `Reply`'s
 * `content`), the clock's `dueAt` (with `provisional: true` when a deadline of the
 * clock rests on a provisional calendar year), the handling `unit` and the case's
 * `summary`.
 */
export const data = (setup: S.Setup, event: Event, state: State, track: S.Track): { [key: string]: Json } => {
  const fields = event as unknown as Readonly<Record<string, unknown>>
  const out: { [key: string]: Json } = {}
  for (const key of copied) {
    const v = fields[key]
    if (typeof v === "string" || typeof v === "number") out[key] = v
  }
  if (event._tag === "Replied") out.reply = event.content
  if (typeof out.clock === "string") {
    const due = dueAt(setup, track, out.clock, event.at)
    if (due?.at !== undefined) out.dueAt = due.at
    if (due?.provisional === true) out.provisional = true
  }
  if (state.handler !== null) out.unit = state.handler.unit
  if (state.summary !== "") out.summary = state.summary
  return out
}

const isPublic = (r: Notification.Recipient): boolean => r._tag === "Person" && r.role === "public"

/**
 * The outbox rows of one `Notify` effect: none when the case has no such party
 * (no handler yet, an anonymous report), else one per channel, keyed by
 * `Notification.dedupeKey` (case, version, type, recipient with its grid, channel).
 */
export const messages = (
  setup: Setup,
  caseId: string,
  version: number,
  event: Event,
  to: Recipient,
  state: State,
  track: S.Track
): Array<Outbox.Message> => {
  if (state.kind === null || setup.channels.length === 0) return []
  // A judgement on a return concerns the unit that returned the case, which holds it no more.
  const handler = event._tag === "ReturnMarkedImproper" ? (state.lastReturn?.by ?? null) : state.handler
  const recipient = Notification.resolve(to, {
    grid: state.place,
    handler: handler ?? undefined,
    reporter: state.reporter ?? undefined
  })
  if (recipient._tag === "None") return []
  const id = Grid.id(setup.tree, state.place)
  const n = Notification.make({
    type: Notification.typeOf(event._tag, to),
    caseId,
    kind: state.kind,
    category: state.category,
    grid: state.place,
    ...(id === undefined ? {} : { gridPath: Grid.path(setup.tree, id) }),
    event: { type: event._tag, version, at: event.at },
    recipient: recipient.value,
    // a member of the public is told with the numbers in the texts masked, as they read the case
    data: isPublic(recipient.value)
      ? Mask.json(data(setup.sla, event, state, track))
      : data(setup.sla, event, state, track)
  })
  return Notification.messages(n, setup.channels)
}

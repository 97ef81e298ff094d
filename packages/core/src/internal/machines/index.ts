/**
 * The five case machines, defined and compiled once, and each kind's states as a type.
 */
import type { Kind } from "../caseSchema.js"
import { type Compiled, compile, type Definition } from "../machine.js"
import { type Status as DisputeStatus, definition as dispute } from "./dispute.js"
import { type Status as EventStatus, definition as event } from "./event.js"
import { type Status as HotlineStatus, definition as hotline } from "./hotline.js"
import { type Status as PetitionStatus, definition as petition } from "./petition.js"
import { type Status as PrelitigationStatus, definition as prelitigation } from "./prelitigation.js"

/** Each kind's states, as its machine definition names them. */
export interface Statuses {
  readonly event: EventStatus
  readonly dispute: DisputeStatus
  readonly petition: PetitionStatus
  readonly prelitigation: PrelitigationStatus
  readonly hotline: HotlineStatus
}

export const definitions: { readonly [K in Kind]: Definition<Statuses[K]> } = {
  event,
  dispute,
  petition,
  prelitigation,
  hotline
}

export const compiled: { readonly [K in Kind]: Compiled<Statuses[K]> } = {
  event: compile(event),
  dispute: compile(dispute),
  petition: compile(petition),
  prelitigation: compile(prelitigation),
  hotline: compile(hotline)
}

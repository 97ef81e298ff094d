/**
 * The five case machines, defined and compiled once.
 */
import type { Kind } from "../caseSchema.js"
import { type Compiled, compile, type Definition } from "../machine.js"
import { definition as dispute } from "./dispute.js"
import { definition as event } from "./event.js"
import { definition as hotline } from "./hotline.js"
import { definition as petition } from "./petition.js"
import { definition as prelitigation } from "./prelitigation.js"

export const definitions: { readonly [K in Kind]: Definition } = { event, dispute, petition, prelitigation, hotline }

export const compiled: { readonly [K in Kind]: Compiled } = {
  event: compile(event),
  dispute: compile(dispute),
  petition: compile(petition),
  prelitigation: compile(prelitigation),
  hotline: compile(hotline)
}

/**
 * The message catalogue: what people are shown, in Simplified Chinese (`zh-CN`) and
 * English (`en`), for case kinds, machine states, commands, errors, roles, guards,
 * SLA clocks, severities, tracks, channels and the reasons of access denials. Code uses English names; a deployment shows 网格长 where the code
 * says `gridChief`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as catalogue from "./internal/caseMessages.js"

/**
 * The locales the catalogue covers.
 *
 * @example
 * import { Messages } from "@gridgov/core"
 * Messages.Locale.literals // ["zh-CN", "en"]
 *
 * @category models
 * @since 0.1.0
 */
export const Locale = Schema.Literals(["zh-CN", "en"])

/**
 * @category models
 * @since 0.1.0
 */
export type Locale = typeof Locale.Type

/**
 * A catalogue key: `kind.<kind>`, `state.<kind>.<state>`, `command.<Command>`,
 * `error.<Error>`, `role.<role>`, `guard.<guard>`, `clock.<clock>`,
 * `severity.<severity>`, `track.<track>`, `channel.<channel>` or `denied.<Reason>`
 * (`Access.Reason`).
 *
 * @example
 * import type { Messages } from "@gridgov/core"
 * const key: Messages.Key = "role.gridChief"
 *
 * @category models
 * @since 0.1.0
 */
export type Key = catalogue.Key

const tables: { readonly [L in Locale]: { readonly [K in Key]: string } } = {
  "zh-CN": catalogue.zhCN,
  en: catalogue.en
}

/**
 * Every key of the catalogue.
 *
 * @example
 * import { Messages } from "@gridgov/core"
 * Messages.keys.includes("kind.hotline") // true
 *
 * @category lookup
 * @since 0.1.0
 */
export const keys: ReadonlyArray<Key> = Object.keys(catalogue.en) as Array<Key>

/**
 * Whether a string is a catalogue key (for keys built at run time, such as
 * `state.${kind}.${status}`).
 *
 * @example
 * import { Messages } from "@gridgov/core"
 * Messages.isKey("state.event.closed") // true
 * Messages.isKey("state.event.nowhere") // false
 *
 * @category lookup
 * @since 0.1.0
 */
export const isKey = (key: string): key is Key => Object.hasOwn(catalogue.en, key)

/**
 * The label of a key in a locale.
 *
 * @example
 * import { Messages } from "@gridgov/core"
 * Messages.label("zh-CN", "role.gridChief") // "网格长"
 * Messages.label("en", "command.Escalate") // "escalate"
 *
 * @category lookup
 * @since 0.1.0
 */
export const label = (locale: Locale, key: Key): string => tables[locale][key]

/**
 * The label of a key built at run time, or the key itself when the catalogue has no
 * such key (so a screen shows something rather than nothing).
 *
 * @example
 * import { Messages } from "@gridgov/core"
 * Messages.labelOr("zh-CN", "state.petition.accepted") // "已受理"
 * Messages.labelOr("en", "state.petition.elsewhere") // "state.petition.elsewhere"
 *
 * @category lookup
 * @since 0.1.0
 */
export const labelOr = (locale: Locale, key: string): string => (isKey(key) ? tables[locale][key] : key)

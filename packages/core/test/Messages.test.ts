import { Access, Case, CaseKind, CaseMachine, Category, Messages, Staff } from "@gridgov/core"
import { describe, expect, it } from "vitest"

const locales = Messages.Locale.literals

const required: ReadonlyArray<string> = [
  ...Case.Kind.literals.map((k) => `kind.${k}`),
  ...Case.Kind.literals.flatMap((k) =>
    CaseMachine.states(k)
      .filter((s) => s !== CaseMachine.initial)
      .map((s) => `state.${k}.${s}`)
  ),
  ...Case.Command.discriminants.map((c) => `command.${c}`),
  ...Case.errorTags.map((e) => `error.${e}`),
  ...Staff.roles.map((r) => `role.${r}`),
  ...Object.keys(CaseMachine.guards).map((g) => `guard.${g}`),
  ...Case.Kind.literals.flatMap((k) => CaseMachine.clocks(k).map((c) => `clock.${c}`)),
  ...CaseKind.Severity.literals.map((s) => `severity.${s}`),
  ...CaseKind.Track.literals.map((t) => `track.${t}`),
  ...CaseKind.Channel.literals.map((c) => `channel.${c}`),
  `error.${new Access.Denied({ command: "Open", reason: { _tag: "NotReporter" } })._tag}`,
  `error.${new Category.Rejected({ kind: "event", category: "x", reason: "unknown" })._tag}`,
  ...Access.Reason.discriminants.map((r) => `denied.${r}`)
]

describe("Messages", () => {
  it("has a label in every locale for every kind, state, command, error, role, guard, clock, severity, track, channel and denial", () => {
    for (const key of required) {
      expect(Messages.isKey(key), key).toBe(true)
      for (const locale of locales) {
        if (!Messages.isKey(key)) continue
        expect(Messages.label(locale, key).trim().length, `${locale} ${key}`).toBeGreaterThan(0)
      }
    }
  })

  it("has no key that names nothing", () => {
    expect([...Messages.keys].sort()).toEqual([...new Set(required)].sort())
  })

  it("labels in Chinese for zh-CN and in English for en", () => {
    const han = /\p{Script=Han}/u
    for (const key of Messages.keys) {
      expect(han.test(Messages.label("zh-CN", key)), `zh-CN ${key}`).toBe(true)
      expect(han.test(Messages.label("en", key)), `en ${key}`).toBe(false)
    }
    expect(Messages.label("zh-CN", "role.gridChief")).toBe("网格长")
    expect(Messages.label("en", "role.gridChief")).toBe("grid chief")
  })

  it("falls back to the key for keys built at run time that it does not know", () => {
    expect(Messages.labelOr("zh-CN", "state.event.closed")).toBe("已结案")
    expect(Messages.labelOr("en", "state.event.nowhere")).toBe("state.event.nowhere")
  })
})

/**
 * Pieces the screens share: the traffic light, the routing explanation, grid names,
 * the command form drawn from the allowed-commands answer, and polling.
 */
import { useEffect, useRef, useState } from "preact/hooks"
import { type Allowance, api, type GridNode, type Met, type Outranked, Problem, type Target } from "./api.js"
import { categoryLabel, commandLabel, kindLabel, locale, roleLabel, t, unitIds, unitLabel } from "./i18n.js"
import type { Light as LightValue } from "./sla.js"

// ------------------------------------------------------------------ grids

const grids = new Map<string, GridNode>()

/** Loads the grid tree once (names of every grid the console shows). */
export const loadGrids = async () => {
  if (grids.size > 0) return
  for (const g of await api.grids(undefined, 4)) grids.set(g.code, g)
}

export const gridNode = (code: string) => grids.get(code)

export const gridName = (code: string): string => {
  const g = grids.get(code)
  return g === undefined ? code : locale.value === "en" ? g.name.en : g.name.zh
}

/** The township (level-1 grid) a grid lies in. */
export const townshipOf = (code: string): string | undefined => {
  let g = grids.get(code)
  while (g !== undefined && g.level > 1) g = g.parent === null ? undefined : grids.get(g.parent)
  return g?.level === 1 ? g.code : undefined
}

/** The root of the tree (the city). */
export const rootGrid = (): GridNode | undefined => [...grids.values()].find((g) => g.parent === null)

export const townships = (): Array<GridNode> => [...grids.values()].filter((g) => g.level === 1)

/** The grid and its ancestors below the city, nearest first. */
export const ancestry = (code: string): Array<GridNode> => {
  const out: Array<GridNode> = []
  let g = grids.get(code)
  while (g !== undefined && g.level >= 1) {
    out.push(g)
    g = g.parent === null ? undefined : grids.get(g.parent)
  }
  return out
}

export const targetLabel = (target: Target | { unit: string; level?: number } | undefined | null): string => {
  if (target === undefined || target === null) return t("none")
  if ("_tag" in target) return target._tag === "Grid" ? gridName(target.grid ?? "") : unitLabel(target.unit ?? "")
  return target.level !== undefined ? gridName(target.unit) : unitLabel(target.unit)
}

export const handlerOf = (target: Target): { unit: string; level?: number } =>
  target._tag === "Grid" ? { unit: target.grid!, level: target.level! } : { unit: target.unit! }

// ------------------------------------------------------------------ light

export const Light = ({ light }: { light: LightValue }) => (
  <span class={`light light-${light.colour}`} data-light={light.colour}>
    <span class="dot" aria-hidden="true" />
    {light.text}
  </span>
)

// ------------------------------------------------------------------ routing explanation

export interface Explanation {
  readonly target: string
  readonly rule: string | null
  readonly note?: string | undefined
  readonly backstop: boolean
  readonly met: ReadonlyArray<Met>
  readonly outranked: ReadonlyArray<Outranked>
}

export const RoutingView = ({ why, testId }: { why: Explanation; testId?: string }) => (
  <dl class="routing" data-testid={testId}>
    <dt>{t("suggestion")}</dt>
    <dd data-part="target">
      {why.target}
      {why.backstop ? ` (${t("backstop")})` : ""}
    </dd>
    <dt>{t("rule")}</dt>
    <dd data-part="rule">
      <code>{why.rule ?? "—"}</code>
      {why.note === undefined ? null : <span class="note"> {why.note}</span>}
    </dd>
    <dt>{t("met")}</dt>
    <dd>
      <ul data-part="met">
        {why.met.map((m) => (
          <li key={m.condition}>
            {m.condition}: {m.actual} → {m.expected.join(" / ")}
          </li>
        ))}
        {why.met.length === 0 ? <li>—</li> : null}
      </ul>
    </dd>
    <dt>{t("beat")}</dt>
    <dd>
      <ul data-part="outranked">
        {why.outranked.map((o) => (
          <li key={o.rule}>
            <code>{o.rule}</code> ← <code>{o.by}</code> ({o.criterion})
          </li>
        ))}
        {why.outranked.length === 0 ? <li>—</li> : null}
      </ul>
    </dd>
  </dl>
)

// ------------------------------------------------------------------ commands

/** The other targets the desk offers: the case's grids, the center's units and the departments. */
export const targetsFor = (place: string): Array<{ value: string; label: string }> => [
  ...ancestry(place).map((g) => ({
    value: JSON.stringify({ unit: g.code, level: g.level }),
    label: `${locale.value === "en" ? g.name.en : g.name.zh} (${g.code})`
  })),
  ...unitIds.map((u) => ({ value: JSON.stringify({ unit: u }), label: `${unitLabel(u)} (${u})` }))
]

interface FormProps {
  readonly caseId: string
  readonly place: string
  readonly allowance: Allowance
  readonly initial?: Readonly<Record<string, unknown>>
  readonly onDone: (status: string) => void
  readonly onCancel: () => void
  readonly onError: (e: unknown) => void
}

const choiceText = (v: unknown) => (typeof v === "boolean" ? (v ? t("yes") : t("no")) : String(v))

/** A form for one allowed command: a field per payload field, then submit. */
export const CommandForm = ({ caseId, place, allowance, initial, onDone, onCancel, onError }: FormProps) => {
  const [values, setValues] = useState<Record<string, string>>(() => {
    const v: Record<string, string> = {}
    for (const f of allowance.fields) {
      const given = initial?.[f.name]
      if (given !== undefined) v[f.name] = typeof given === "string" ? given : JSON.stringify(given)
      else if (f.choices !== undefined && !f.optional) v[f.name] = JSON.stringify(f.choices[0])
      else if (f.type === "handler" && !f.optional) v[f.name] = targetsFor(place)[0]?.value ?? ""
      else v[f.name] = ""
    }
    return v
  })
  const [role, setRole] = useState(allowance.roles[0] ?? "")
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => form.current?.querySelector<HTMLElement>("select, input, button")?.focus(), [])
  const id = (name: string) => `f-${caseId}-${allowance.command}-${name}`
  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    const body: Record<string, unknown> = { _tag: allowance.command }
    if (allowance.roles.length > 1) body.role = role
    for (const f of allowance.fields) {
      const raw = values[f.name] ?? ""
      if (raw === "" && f.optional) continue
      if (f.choices !== undefined || f.type === "handler") body[f.name] = raw === "" ? undefined : JSON.parse(raw)
      else if (f.type === "integer") body[f.name] = Number(raw)
      else if (f.type === "list")
        body[f.name] = raw
          .split(/[,，\n]/)
          .map((s) => s.trim())
          .filter((s) => s !== "")
      else body[f.name] = raw
    }
    setBusy(true)
    try {
      const r = await api.command(caseId, body)
      onDone(r.status)
    } catch (error) {
      onError(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form ref={form} class="command-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <h3>{commandLabel(allowance.command)}</h3>
      {allowance.roles.length > 1 ? (
        <label for={id("role")}>
          {t("role")}
          <select id={id("role")} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
            {allowance.roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {allowance.fields.map((f) => {
        const set = (v: string) => setValues((old) => ({ ...old, [f.name]: v }))
        const name = `${f.name}${f.optional ? "" : " *"}`
        if (f.choices !== undefined)
          return (
            <label for={id(f.name)} key={f.name}>
              {name}
              <select
                id={id(f.name)}
                value={values[f.name]}
                onChange={(e) => set((e.target as HTMLSelectElement).value)}
              >
                {f.optional ? <option value="">—</option> : null}
                {f.choices.map((c) => (
                  <option key={JSON.stringify(c)} value={JSON.stringify(c)}>
                    {choiceText(c)}
                  </option>
                ))}
              </select>
            </label>
          )
        if (f.type === "handler")
          return (
            <label for={id(f.name)} key={f.name}>
              {name}
              <select
                id={id(f.name)}
                value={values[f.name]}
                onChange={(e) => set((e.target as HTMLSelectElement).value)}
              >
                {f.optional ? <option value="">—</option> : null}
                {targetsFor(place).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )
        return (
          <label for={id(f.name)} key={f.name}>
            {name}
            {f.type === "integer" ? (
              <input
                id={id(f.name)}
                type="number"
                min={1}
                required={!f.optional}
                value={values[f.name]}
                onInput={(e) => set((e.target as HTMLInputElement).value)}
              />
            ) : (
              <input
                id={id(f.name)}
                type="text"
                required={!f.optional}
                value={values[f.name]}
                onInput={(e) => set((e.target as HTMLInputElement).value)}
              />
            )}
          </label>
        )
      })}
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          {t("submit")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  )
}

// ------------------------------------------------------------------ misc

/** Runs `f` now and every `ms` while mounted (and again when `deps` change). */
export const usePoll = (f: () => Promise<void> | void, ms: number, deps: ReadonlyArray<unknown>) => {
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        await f()
      } catch (error) {
        if (!(error instanceof Problem && error.status === 401)) console.warn("refresh failed", error)
      }
      if (!stopped) timer = setTimeout(tick, ms)
    }
    void tick()
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }, deps)
}

export const caseTitle = (kind: string, category: string) => `${kindLabel(kind)} · ${categoryLabel(category)}`

export const go = (hash: string) => {
  location.hash = hash
}

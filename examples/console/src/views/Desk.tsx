/**
 * 受理分流, the dispatch desk: the cases waiting to be registered or dispatched, most
 * urgent first; for the selected one, the routing suggestion with its explanation (from
 * `GET /routing/preview`), dispatch as suggested in one key press, another target,
 * return, merge, cancel; search by id. A command another dispatcher beat us to answers
 * 409: the desk says so and shows the case as it is now.
 */
import { useEffect, useRef, useState } from "preact/hooks"
import { type Allowance, type Allowed, api, type CaseDetail, type Preview, Problem, type Summary } from "../api.js"
import { commandLabel, getLabels, stateLabel, t, when } from "../i18n.js"
import {
  CommandForm,
  caseTitle,
  type Explanation,
  go,
  gridName,
  handlerOf,
  Light,
  RoutingView,
  targetLabel,
  usePoll
} from "../shared.js"
import { byUrgency, lightOfSummary } from "../sla.js"

export const explanationOf = (p: Preview): Explanation => ({
  target: targetLabel(p.decision.target),
  rule: p.decision.rule ?? p.explanation.winner?.rule.id ?? null,
  note: p.explanation.winner?.rule.note,
  backstop: p.decision.backstop,
  met: p.explanation.winner?.met ?? [],
  outranked: p.explanation.outranked
})

/** The states a dispatcher takes cases in from, in every kind. */
const deskStates = () => [...new Set(Object.values(getLabels().desk).flat())]

export interface DeskFilter {
  readonly grid?: string | undefined
  readonly kind?: string | undefined
}

export const loadDesk = async (filter: DeskFilter, limit = 50): Promise<Array<Summary>> => {
  const kinds = getLabels().desk
  // one query for every desk state, earliest due first; the kind's own desk states kept
  const page = await api.search({
    state: deskStates().join(","),
    grid: filter.grid,
    kind: filter.kind,
    order: "dueAt",
    limit
  })
  return page.items.filter((s) => (kinds[s.kind] ?? []).includes(s.state)).sort(byUrgency(Date.now()))
}

const oneKey = (allowed: ReadonlyArray<Allowance>): Allowance | undefined =>
  ["Dispatch", "Accept", "Assign", "Register"].map((c) => allowed.find((a) => a.command === c)).find((a) => a)

export const Desk = ({ townships }: { townships: ReadonlyArray<{ code: string; name: string }> }) => {
  const [rows, setRows] = useState<Array<Summary> | undefined>(undefined)
  const [filter, setFilter] = useState<DeskFilter>({})
  const [selected, setSelected] = useState<string | undefined>(undefined)
  const [allowed, setAllowed] = useState<Allowed | undefined>(undefined)
  // the preview of the case it was asked for (a late answer for another case is not shown)
  const [previewOf, setPreviewOf] = useState<{ id: string; preview: Preview } | undefined>(undefined)
  const [form, setForm] = useState<{ allowance: Allowance; initial?: Record<string, unknown> } | undefined>()
  const [notice, setNotice] = useState<{ kind: "ok" | "conflict" | "error"; text: string } | undefined>()
  const [fresh, setFresh] = useState<CaseDetail | undefined>(undefined)
  const [search, setSearch] = useState("")
  const [loadedFor, setLoadedFor] = useState<string | undefined>(undefined)
  const list = useRef<HTMLTableSectionElement>(null)
  const searchBox = useRef<HTMLInputElement>(null)

  const refresh = async () => {
    const asked = filter
    const next = await loadDesk(asked)
    setRows(next)
    setLoadedFor(JSON.stringify(asked))
    // keep the selection; select the first case when none is
    setSelected((old) => old ?? next[0]?.id)
  }
  usePoll(refresh, 3_000, [filter.grid, filter.kind])

  const row = rows?.find((r) => r.id === selected)
  const version = row?.version
  const preview = previewOf !== undefined && previewOf.id === row?.id ? previewOf.preview : undefined
  // what the selected case allows (an answer for another case is not used)
  const current = allowed !== undefined && allowed.caseId === row?.id ? allowed : undefined
  useEffect(() => {
    setAllowed(undefined)
    setPreviewOf(undefined)
    if (row === undefined) return
    let live = true
    void api.allowed(row.id).then(
      (a) => live && setAllowed(a),
      () => undefined
    )
    void api
      .preview({
        kind: row.kind,
        category: row.category,
        place: row.grid,
        severity: row.body.severity ?? undefined,
        channel: row.body.channel ?? undefined,
        track: row.body.track ?? undefined
      })
      .then(
        (p) => live && setPreviewOf({ id: row.id, preview: p }),
        () => undefined
      )
    return () => {
      live = false
    }
  }, [selected, version])

  const failed = async (error: unknown, caseId: string) => {
    setForm(undefined)
    if (error instanceof Problem && (error.status === 409 || error.status === 403)) {
      setNotice({ kind: "conflict", text: `${t("conflict")} (${error.message})` })
      setFresh(await api.get(caseId).catch(() => undefined))
    } else setNotice({ kind: "error", text: error instanceof Error ? error.message : String(error) })
    await refresh()
  }
  const done = async (status: string, caseId: string) => {
    setForm(undefined)
    setFresh(undefined)
    setNotice({
      kind: "ok",
      text: `${t("done")}: ${caseId} → ${row === undefined ? status : stateLabel(row.kind, status)}`
    })
    const next = await loadDesk(filter)
    setRows(next)
    const i = rows?.findIndex((r) => r.id === caseId) ?? 0
    setSelected(next[Math.min(Math.max(i, 0), next.length - 1)]?.id)
    list.current?.focus()
  }

  const dispatchAsSuggested = async () => {
    if (row === undefined || current === undefined) return
    const a = oneKey(current.commands)
    if (a === undefined) return
    const body: Record<string, unknown> = { _tag: a.command }
    if (a.command !== "Register") {
      if (preview === undefined) return
      body.to = handlerOf(preview.decision.target)
    }
    try {
      const r = await api.command(row.id, body)
      await done(r.status, row.id)
    } catch (error) {
      await failed(error, row.id)
    }
  }
  const open = (command: string, initial?: Record<string, unknown>) => {
    const a = current?.commands.find((c) => c.command === command)
    if (a !== undefined) setForm(initial === undefined ? { allowance: a } : { allowance: a, initial })
  }
  const otherTarget = () => {
    const a = current === undefined ? undefined : oneKey(current.commands.filter((c) => c.command !== "Register"))
    if (a !== undefined) setForm({ allowance: a })
  }

  const onKey = (e: KeyboardEvent) => {
    if (form !== undefined || rows === undefined) return
    const i = rows.findIndex((r) => r.id === selected)
    const key = e.key.toLowerCase()
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault()
      const j = Math.min(rows.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)))
      setSelected(rows[j]?.id)
    } else if (e.key === "Enter") {
      e.preventDefault()
      void dispatchAsSuggested()
    } else if (key === "o") otherTarget()
    else if (key === "m") open("Merge")
    else if (key === "c") open("Cancel")
    else if (key === "r") open("Return")
    else if (e.key === "/") {
      e.preventDefault()
      searchBox.current?.focus()
    }
  }

  const find = async (e: Event) => {
    e.preventDefault()
    const id = search.trim()
    if (id === "") return
    try {
      await api.get(id)
      go(`#/case/${encodeURIComponent(id)}`)
    } catch {
      setNotice({ kind: "error", text: `${t("notFound")}: ${id}` })
    }
  }

  const suggested = current === undefined ? undefined : oneKey(current.commands)
  return (
    <section class="desk" aria-labelledby="desk-title">
      <header class="screen-head">
        <h1 id="desk-title">{t("desk")}</h1>
        <form class="inline" onSubmit={find} aria-label={t("search")}>
          <label for="desk-search">{t("search")}</label>
          <input
            id="desk-search"
            ref={searchBox}
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
          <button type="submit">{t("go")}</button>
        </form>
        <label for="desk-town">
          {t("township")}
          <select
            id="desk-town"
            value={filter.grid ?? ""}
            onChange={(e) => setFilter({ ...filter, grid: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">{t("all")}</option>
            {townships.map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label for="desk-kind">
          {t("kind")}
          <select
            id="desk-kind"
            value={filter.kind ?? ""}
            onChange={(e) => setFilter({ ...filter, kind: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">{t("all")}</option>
            {getLabels().kinds.map((k) => (
              <option key={k} value={k}>
                {caseTitle(k, "").split(" · ")[0]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <p class="hint">{t("keys")}</p>
      {notice === undefined ? null : (
        <div class={`notice notice-${notice.kind}`} role={notice.kind === "ok" ? "status" : "alert"}>
          {notice.text}
          {fresh === undefined ? null : (
            <p data-testid="fresh-state">
              <a href={`#/case/${encodeURIComponent(fresh.id)}`}>{fresh.id}</a>: {stateLabel(fresh.kind, fresh.status)}
              {" · "}
              {t("handler")}: {targetLabel(fresh.state.handler)} · {t("version")} {fresh.version}
            </p>
          )}
        </div>
      )}
      <div class="desk-grid">
        <div class="table-wrap">
          <table aria-label={t("waiting")} data-testid="desk-table" data-loaded-for={loadedFor}>
            <caption>{t("waiting")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("light")}</th>
                <th scope="col">ID</th>
                <th scope="col">{t("category")}</th>
                <th scope="col">{t("place")}</th>
                <th scope="col">{t("state")}</th>
              </tr>
            </thead>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the list is one tab stop; arrows move within it */}
            <tbody ref={list} tabIndex={0} onKeyDown={onKey} aria-label={t("keys")} data-testid="desk-rows">
              {rows === undefined ? (
                <tr>
                  <td colSpan={5}>{t("loading")}</td>
                </tr>
              ) : rows.length === 0 ? (
                <tr>
                  <td colSpan={5}>{t("empty")}</td>
                </tr>
              ) : (
                rows.map((r) => (
                  <tr
                    key={r.id}
                    data-case={r.id}
                    aria-selected={r.id === selected}
                    class={r.id === selected ? "selected" : ""}
                    onClick={() => setSelected(r.id)}
                  >
                    <td>
                      <Light light={lightOfSummary(r, Date.now())} />
                    </td>
                    <td>
                      <a href={`#/case/${encodeURIComponent(r.id)}`}>{r.id}</a>
                    </td>
                    <td>{caseTitle(r.kind, r.category)}</td>
                    <td>{gridName(r.grid)}</td>
                    <td>{stateLabel(r.kind, r.state)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <aside class="panel" aria-label={t("suggestion")} data-testid="desk-panel">
          {row === undefined ? null : (
            <>
              <h2>
                <a href={`#/case/${encodeURIComponent(row.id)}`}>{row.id}</a>
              </h2>
              <p>
                {caseTitle(row.kind, row.category)} · {gridName(row.grid)} · {when(row.createdAt)}
              </p>
              {row.body.summary ? <p class="summary">{row.body.summary}</p> : null}
              {preview === undefined ? (
                <p>{t("loading")}</p>
              ) : (
                <RoutingView why={explanationOf(preview)} testId="desk-routing" />
              )}
              {form !== undefined ? (
                <CommandForm
                  caseId={row.id}
                  place={row.grid}
                  allowance={form.allowance}
                  {...(form.initial === undefined ? {} : { initial: form.initial })}
                  onDone={(s) => void done(s, row.id)}
                  onCancel={() => {
                    setForm(undefined)
                    list.current?.focus()
                  }}
                  onError={(e) => void failed(e, row.id)}
                />
              ) : (
                <div class="buttons" data-testid="desk-actions">
                  {suggested === undefined ? null : (
                    <button type="button" class="primary" onClick={() => void dispatchAsSuggested()}>
                      {t("dispatchSuggested")} (Enter)
                    </button>
                  )}
                  {suggested === undefined || suggested.command === "Register" ? null : (
                    <button type="button" onClick={otherTarget}>
                      {t("otherTarget")} (O)
                    </button>
                  )}
                  {(current?.commands ?? [])
                    .filter((a) => a !== suggested)
                    .map((a) => (
                      <button type="button" key={a.command} data-command={a.command} onClick={() => open(a.command)}>
                        {commandLabelWithKey(a.command)}
                      </button>
                    ))}
                </div>
              )}
            </>
          )}
        </aside>
      </div>
    </section>
  )
}

const keysOf: Record<string, string> = { Merge: "M", Cancel: "C", Return: "R" }
const commandLabelWithKey = (command: string) => {
  const key = keysOf[command]
  const name = commandLabel(command)
  return key === undefined ? name : `${name} (${key})`
}

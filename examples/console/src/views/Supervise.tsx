/**
 * 督办, supervision: overdue and due-soon work (and the caller's own to-do list),
 * filtered by township, department and grid; each row's light names its clock and tier;
 * urge (催办) and escalate from the list where the API allows the caller to; refreshed
 * every 3 s; the filtered list exported as CSV or XLSX.
 */
import { useState } from "preact/hooks"
import { type Allowance, type Allowed, all, api, type Summary } from "../api.js"
import { csv, download, type Table, xlsx } from "../export.js"
import { categoryLabel, kindLabel, stateLabel, t, unitIds, unitLabel, when } from "../i18n.js"
import { CommandForm, gridName, Light, targetLabel, usePoll } from "../shared.js"
import { byUrgency, lightOfSummary } from "../sla.js"

const within = 3 * 86_400_000

export interface Filter {
  readonly township?: string | undefined
  readonly unit?: string | undefined
  readonly grid?: string | undefined
}

const params = (f: Filter) => ({ grid: f.grid || f.township, unit: f.unit })

export const loadSupervision = async (f: Filter, tab: "late" | "todo", limit = 50): Promise<Array<Summary>> => {
  if (tab === "todo") return [...(await api.todo({ limit })).items].sort(byUrgency(Date.now()))
  const [late, soon] = await Promise.all([
    api.overdue({ ...params(f), limit }),
    api.dueSoon({ ...params(f), within, limit })
  ])
  return [...late.items, ...soon.items].sort(byUrgency(Date.now()))
}

const tableOf = (rows: ReadonlyArray<Summary>, now: number): Table => ({
  header: ["ID", t("kind"), t("category"), t("place"), t("state"), t("handler"), t("light"), t("due")],
  rows: rows.map((r) => [
    r.id,
    kindLabel(r.kind),
    categoryLabel(r.category),
    `${gridName(r.grid)} (${r.grid})`,
    stateLabel(r.kind, r.state),
    r.unit === null ? "" : targetLabel(r.body.handler ?? { unit: r.unit }),
    lightOfSummary(r, now).text,
    r.dueAt === null ? "" : when(r.dueAt)
  ])
})

export const Supervise = ({ townships }: { townships: ReadonlyArray<{ code: string; name: string }> }) => {
  const [filter, setFilter] = useState<Filter>({})
  const [tab, setTab] = useState<"late" | "todo">("late")
  const [rows, setRows] = useState<Array<Summary> | undefined>(undefined)
  const [allowed, setAllowed] = useState<Record<string, Allowed>>({})
  const [form, setForm] = useState<{ row: Summary; allowance: Allowance } | undefined>(undefined)
  const [notice, setNotice] = useState<string | undefined>(undefined)
  const [grid, setGrid] = useState("")
  const [now, setNow] = useState(Date.now())

  const refresh = async () => {
    const next = await loadSupervision(filter, tab)
    setRows(next)
    setNow(Date.now())
    // what each row's caller may do, fetched again only when the case changed
    const stale = next.filter((r) => allowed[r.id]?.version !== r.version)
    if (stale.length === 0) return
    const answers = await Promise.all(stale.map((r) => api.allowed(r.id).catch(() => undefined)))
    setAllowed((old) => {
      const out = { ...old }
      for (const a of answers) if (a !== undefined) out[a.caseId] = a
      return out
    })
  }
  usePoll(refresh, 3_000, [filter.township, filter.unit, filter.grid, tab])

  const exportAs = async (format: "csv" | "xlsx") => {
    const everything =
      tab === "todo"
        ? await all(api.todo, {})
        : [...(await all(api.overdue, params(filter))), ...(await all(api.dueSoon, { ...params(filter), within }))]
    const table = tableOf(everything.sort(byUrgency(Date.now())), Date.now())
    const name = `gridgov-${tab}-${new Date().toISOString().slice(0, 10)}`
    if (format === "csv") download(`${name}.csv`, csv(table), "text/csv;charset=utf-8")
    else
      download(
        `${name}.xlsx`,
        await xlsx(table, t("supervise")),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      )
  }

  const actions = (r: Summary) =>
    (allowed[r.id]?.commands ?? []).filter((a) => a.command === "Urge" || a.command === "Escalate")

  return (
    <section class="supervise" aria-labelledby="sup-title">
      <header class="screen-head">
        <h1 id="sup-title">{t("supervise")}</h1>
        <div class="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === "late"} onClick={() => setTab("late")}>
            {t("overdue")} / {t("dueSoon")}
          </button>
          <button type="button" role="tab" aria-selected={tab === "todo"} onClick={() => setTab("todo")}>
            {t("todo")}
          </button>
        </div>
      </header>
      {tab === "late" ? (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault()
            setFilter({ ...filter, grid: grid.trim() || undefined })
          }}
        >
          <label for="sup-town">
            {t("township")}
            <select
              id="sup-town"
              value={filter.township ?? ""}
              onChange={(e) => setFilter({ ...filter, township: (e.target as HTMLSelectElement).value || undefined })}
            >
              <option value="">{t("all")}</option>
              {townships.map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <label for="sup-unit">
            {t("department")}
            <select
              id="sup-unit"
              value={filter.unit ?? ""}
              onChange={(e) => setFilter({ ...filter, unit: (e.target as HTMLSelectElement).value || undefined })}
            >
              <option value="">{t("all")}</option>
              {unitIds.map((u) => (
                <option key={u} value={u}>
                  {unitLabel(u)}
                </option>
              ))}
            </select>
          </label>
          <label for="sup-grid">
            {t("grid")}
            <input id="sup-grid" value={grid} onInput={(e) => setGrid((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">{t("go")}</button>
        </form>
      ) : null}
      <div class="buttons">
        <button type="button" onClick={() => void exportAs("csv")}>
          {t("exportCsv")}
        </button>
        <button type="button" onClick={() => void exportAs("xlsx")}>
          {t("exportXlsx")}
        </button>
        <span class="hint">{t("refreshed")}</span>
      </div>
      {notice === undefined ? null : (
        <div class="notice notice-ok" role="status">
          {notice}
        </div>
      )}
      {form === undefined ? null : (
        <CommandForm
          caseId={form.row.id}
          place={form.row.grid}
          allowance={form.allowance}
          onDone={(s) => {
            setForm(undefined)
            setNotice(`${t("done")}: ${form.row.id} → ${stateLabel(form.row.kind, s)}`)
            void refresh()
          }}
          onCancel={() => setForm(undefined)}
          onError={(e) => {
            setForm(undefined)
            setNotice(e instanceof Error ? e.message : String(e))
            void refresh()
          }}
        />
      )}
      <div class="table-wrap">
        <table data-testid="supervision-table">
          <caption>{tab === "todo" ? t("todo") : `${t("overdue")} / ${t("dueSoon")}`}</caption>
          <thead>
            <tr>
              <th scope="col">{t("light")}</th>
              <th scope="col">ID</th>
              <th scope="col">{t("category")}</th>
              <th scope="col">{t("place")}</th>
              <th scope="col">{t("state")}</th>
              <th scope="col">{t("handler")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows === undefined ? (
              <tr>
                <td colSpan={7}>{t("loading")}</td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={7}>{t("empty")}</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id} data-case={r.id}>
                  <td>
                    <Light light={lightOfSummary(r, now)} />
                  </td>
                  <td>
                    <a href={`#/case/${encodeURIComponent(r.id)}`}>{r.id}</a>
                  </td>
                  <td>
                    {kindLabel(r.kind)} · {categoryLabel(r.category)}
                  </td>
                  <td>{gridName(r.grid)}</td>
                  <td>{stateLabel(r.kind, r.state)}</td>
                  <td>{r.unit === null ? "—" : targetLabel(r.body.handler ?? { unit: r.unit })}</td>
                  <td class="buttons">
                    {actions(r).map((a) => (
                      <button
                        type="button"
                        key={a.command}
                        data-command={a.command}
                        onClick={() => setForm({ row: r, allowance: a })}
                      >
                        {a.command === "Urge" ? t("urge") : t("escalate")}
                      </button>
                    ))}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}

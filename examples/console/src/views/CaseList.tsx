/**
 * A list of cases from the search (`GET /cases`): what a figure links to. Filters come
 * from the link: grid subtree, kind, state, the handling unit (`unit`, or `units=dept`
 * for every department), and an opening period (`from`, `to`).
 */
import { useState } from "preact/hooks"
import { api, type Page, type Summary } from "../api.js"
import { categoryLabel, kindLabel, stateLabel, t, unitIds, when } from "../i18n.js"
import { gridName, Light, targetLabel, usePoll } from "../shared.js"
import { lightOfSummary } from "../sla.js"

export const CaseList = ({ params }: { params: URLSearchParams }) => {
  const [rows, setRows] = useState<Array<Summary> | undefined>(undefined)
  const [more, setMore] = useState<string | null>(null)
  const key = params.toString()
  const base = {
    grid: params.get("grid") ?? undefined,
    kind: params.get("kind") ?? undefined,
    state: params.get("state") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    order: "createdAt"
  }
  const units = params.get("units")
  const fetchPage = async (cursor?: string): Promise<Page> => {
    if (units === null) return api.search({ ...base, unit: params.get("unit") ?? undefined, limit: 100, cursor })
    // every unit under the prefix (the departments): one search each, merged
    const pages = await Promise.all(
      unitIds.filter((u) => u.startsWith(`${units}.`)).map((unit) => api.search({ ...base, unit, limit: 100 }))
    )
    return { items: pages.flatMap((p) => p.items), next: null }
  }
  usePoll(
    async () => {
      const page = await fetchPage()
      setRows([...page.items])
      setMore(page.next)
    },
    10_000,
    [key]
  )
  const now = Date.now()
  return (
    <section aria-labelledby="list-title">
      <header class="screen-head">
        <h1 id="list-title">{t("caseList")}</h1>
        <p data-testid="list-filters">
          {[...params.entries()].map(([k, v]) => `${k}=${k === "grid" ? `${gridName(v)} (${v})` : v}`).join(" · ")}
        </p>
      </header>
      <div class="table-wrap">
        <table data-testid="case-list">
          <caption>{t("caseList")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("light")}</th>
              <th scope="col">ID</th>
              <th scope="col">{t("category")}</th>
              <th scope="col">{t("place")}</th>
              <th scope="col">{t("state")}</th>
              <th scope="col">{t("handler")}</th>
              <th scope="col">{t("time")}</th>
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
                  <td>{when(r.createdAt)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {more === null ? null : (
        <button
          type="button"
          onClick={async () => {
            const page = await fetchPage(more)
            setRows((old) => [...(old ?? []), ...page.items])
            setMore(page.next)
          }}
        >
          {t("more")}
        </button>
      )}
    </section>
  )
}

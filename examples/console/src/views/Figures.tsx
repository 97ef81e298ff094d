/**
 * 数据驾驶舱, the figures from `Analytics`: the source article's measures (valid events
 * reported and closed, disputes found and resolved, cases diverted to departments and
 * closed), monthly intake and on-time closure per township, and the appraisal rankings.
 * Every figure links to the list of cases behind it; a full-screen mode for the wall.
 * ECharts is loaded when this screen is first shown.
 */
import { useEffect, useRef, useState } from "preact/hooks"
import { type Appraisal, api, Problem, type Report } from "../api.js"
import { locale, t, unitLabel } from "../i18n.js"
import { go, gridName, gridNode } from "../shared.js"

type Echarts = typeof import("./../echarts.js")["echarts"]

interface Data {
  readonly events: Report
  readonly disputes: Report
  readonly diverted: Report
  readonly byTown: Report
  readonly months: ReadonlyArray<{ readonly town: string; readonly report: Report }>
  readonly grids: Appraisal
  readonly units: Appraisal
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`)

/** The month's first and next month's first instant (Shanghai), for a case list of a month's intake. */
const monthRange = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number]
  const from = Date.UTC(y, m - 1, 1) - 8 * 3_600_000
  const to = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3_600_000 - 1
  return { from, to }
}

const listLink = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v))
  return `#/cases?${q.toString()}`
}

/** The caller's scope for analytics: none for a city-wide post, else their first grid or unit. */
const scopeOf = (posts: ReadonlyArray<{ at: { grid: string } | { unit: string } | null }>) => {
  const at = posts.find((p) => p.at !== null)?.at ?? null
  return at === null ? {} : "grid" in at ? { grid: at.grid } : { unit: at.unit }
}

export const Figures = ({ posts }: { posts: ReadonlyArray<{ at: { grid: string } | { unit: string } | null }> }) => {
  const [data, setData] = useState<Data | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [wall, setWall] = useState(false)
  const [charts, setCharts] = useState<Echarts | undefined>(undefined)

  useEffect(() => {
    let live = true
    void import("../echarts.js").then((m) => live && setCharts(() => m.echarts))
    const load = async () => {
      // a city-wide post needs no scope; anyone else reads their own grid or unit
      const wide = await api.analytics({}).then(
        () => ({}),
        (e) => (e instanceof Problem && e.status !== 401 ? scopeOf(posts) : Promise.reject(e))
      )
      const [events, disputes, diverted, byTown, grids, units] = await Promise.all([
        api.analytics({ ...wide, kind: "event" }),
        api.analytics({ ...wide, kind: "dispute" }),
        api.analytics({ ...wide, unit: "dept" }),
        api.analytics({ ...wide, by: "grid" }),
        api.appraisal({ ...wide, by: "grid" }),
        api.appraisal({ ...wide, by: "unit" })
      ])
      const towns = (byTown.breakdown ?? []).map((b) => b.key)
      const months = await Promise.all(
        towns.map(async (town) => ({ town, report: await api.analytics({ grid: town, by: "month" }) }))
      )
      if (live) setData({ events, disputes, diverted, byTown, months, grids, units })
    }
    load().catch((e) => live && setError(e instanceof Error ? e.message : String(e)))
    const timer = setInterval(() => load().catch(() => undefined), 15_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [])

  const toggleWall = () => {
    const next = !wall
    setWall(next)
    document.body.classList.toggle("wall", next)
    if (next) void document.documentElement.requestFullscreen?.().catch(() => undefined)
    else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined)
  }
  useEffect(() => () => document.body.classList.remove("wall"), [])

  if (error !== undefined) return <p role="alert">{error}</p>
  if (data === undefined) return <p>{t("loading")}</p>

  const cards: Array<{ id: string; name: string; value: string; href: string }> = [
    { id: "valid", name: t("valid"), value: String(data.events.totals.valid ?? 0), href: listLink({ kind: "event" }) },
    {
      id: "closed",
      name: t("closed"),
      value: String(data.events.totals.closed ?? 0),
      href: listLink({ kind: "event", state: "closed" })
    },
    {
      id: "closureRate",
      name: t("closureRate"),
      value: pct(data.events.rates.closureRate?.value),
      href: listLink({ kind: "event", state: "closed" })
    },
    {
      id: "onTimeRate",
      name: t("onTimeRate"),
      value: pct(data.events.rates.onTimeRate?.value),
      href: listLink({ kind: "event", state: "closed" })
    },
    {
      id: "mediations",
      name: t("mediations"),
      value: String(data.disputes.totals.mediations ?? 0),
      href: listLink({ kind: "dispute" })
    },
    {
      id: "mediated",
      name: t("mediated"),
      value: String(data.disputes.totals.mediated ?? 0),
      href: listLink({ kind: "dispute", state: "mediated" })
    },
    {
      id: "mediationSuccessRate",
      name: t("mediationSuccessRate"),
      value: pct(data.disputes.rates.mediationSuccessRate?.value),
      href: listLink({ kind: "dispute", state: "mediated" })
    },
    {
      id: "diverted",
      name: t("diverted"),
      value: String(data.diverted.totals.valid ?? 0),
      href: listLink({ units: "dept" })
    },
    {
      id: "divertedClosed",
      name: `${t("diverted")} · ${t("closed")}`,
      value: String(data.diverted.totals.closed ?? 0),
      href: listLink({ units: "dept", state: "closed" })
    },
    {
      id: "divertedClosureRate",
      name: `${t("diverted")} · ${t("closureRate")}`,
      value: pct(data.diverted.rates.closureRate?.value),
      href: listLink({ units: "dept", state: "closed" })
    }
  ]
  const towns = data.byTown.breakdown ?? []
  return (
    <section class={`figures${wall ? " wall" : ""}`} aria-labelledby="fig-title">
      <header class="screen-head">
        <h1 id="fig-title">{t("figures")}</h1>
        <button type="button" onClick={toggleWall} aria-pressed={wall}>
          {wall ? t("exitFullscreen") : t("fullscreen")}
        </button>
      </header>
      <h2>{t("measuresTitle")}</h2>
      <ul class="cards" data-testid="measures">
        {cards.map((c) => (
          <li key={c.id}>
            <a href={c.href} data-measure={c.id}>
              <span class="value">{c.value}</span>
              <span class="name">{c.name}</span>
            </a>
          </li>
        ))}
      </ul>
      <div class="chart-grid">
        <Chart
          charts={charts}
          title={t("intake")}
          testId="chart-intake"
          dataKey={data}
          option={() => {
            const months = [...new Set(data.months.flatMap((m) => (m.report.breakdown ?? []).map((b) => b.key)))].sort()
            return {
              legend: { type: "scroll", top: 0 },
              grid: { top: 48, left: 48, right: 16, bottom: 32 },
              xAxis: { type: "category", data: months },
              yAxis: { type: "value" },
              series: data.months.map((m) => ({
                type: "bar",
                label: { show: true, position: "top" },
                name: gridName(m.town),
                data: months.map((mo) => (m.report.breakdown ?? []).find((b) => b.key === mo)?.totals.valid ?? 0)
              }))
            }
          }}
          onClick={(p) => {
            const town = data.months[p.seriesIndex ?? 0]?.town
            if (town !== undefined && p.name) go(listLink({ grid: town, ...monthRange(p.name) }))
          }}
        />
        <Chart
          charts={charts}
          title={t("onTime")}
          testId="chart-ontime"
          dataKey={data}
          option={() => ({
            grid: { top: 24, left: 48, right: 16, bottom: 64 },
            xAxis: { type: "category", data: towns.map((b) => gridName(b.key)), axisLabel: { rotate: 30 } },
            yAxis: { type: "value", max: 100 },
            series: [
              {
                type: "bar",
                label: { show: true, position: "top" },
                data: towns.map((b) => Math.round((b.rates.onTimeRate?.value ?? 0) * 1000) / 10)
              }
            ]
          })}
          onClick={(p) => {
            const town = towns[p.dataIndex ?? -1]?.key
            if (town !== undefined) go(listLink({ grid: town, state: "closed" }))
          }}
        />
      </div>
      <div class="table-wrap">
        <table data-testid="township-table">
          <caption>
            {t("intake")} · {t("onTime")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("township")}</th>
              <th scope="col">{t("validCases")}</th>
              <th scope="col">{t("closed")}</th>
              <th scope="col">{t("onTimeRate")}</th>
              {data.months[0] === undefined
                ? null
                : (data.months[0].report.breakdown ?? []).map((b) => (
                    <th scope="col" key={b.key}>
                      {b.key}
                    </th>
                  ))}
            </tr>
          </thead>
          <tbody>
            {towns.map((b) => (
              <tr key={b.key}>
                <th scope="row">
                  <a href={listLink({ grid: b.key })}>{gridName(b.key)}</a>
                </th>
                <td>
                  <a href={listLink({ grid: b.key })}>{b.totals.valid ?? 0}</a>
                </td>
                <td>
                  <a href={listLink({ grid: b.key, state: "closed" })}>{b.totals.closed ?? 0}</a>
                </td>
                <td>{pct(b.rates.onTimeRate?.value)}</td>
                {(data.months.find((m) => m.town === b.key)?.report.breakdown ?? []).map((m) => (
                  <td key={m.key}>
                    <a href={listLink({ grid: b.key, ...monthRange(m.key) })}>{m.totals.valid ?? 0}</a>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="chart-grid">
        <Ranking title={t("ranking")} appraisal={data.grids} name={gridName} testId="ranking-grids" />
        <Ranking
          title={t("rankingUnits")}
          appraisal={data.units}
          name={(k) => (gridNode(k) === undefined ? unitLabel(k) : gridName(k))}
          testId="ranking-units"
        />
      </div>
    </section>
  )
}

const Ranking = (props: { title: string; appraisal: Appraisal; name: (key: string) => string; testId: string }) => {
  const groups = [...props.appraisal.groups].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))
  return (
    <div class="table-wrap">
      <table data-testid={props.testId}>
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{props.appraisal.by === "grid" ? t("township") : t("handler")}</th>
            <th scope="col">{t("score")}</th>
            <th scope="col">{t("validCases")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={g.key}>
              <td>{i + 1}</td>
              <th scope="row">
                <a href={listLink(props.appraisal.by === "grid" ? { grid: g.key } : { unit: g.key })}>
                  {g.key === "" ? t("unassigned") : props.name(g.key)}
                </a>
              </th>
              <td>{g.score === null ? "—" : g.score.toFixed(1)}</td>
              <td>{g.valid}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

interface ChartProps {
  readonly charts: Echarts | undefined
  readonly title: string
  readonly testId: string
  readonly option: () => Record<string, unknown>
  /** Changes when the data drawn changes. */
  readonly dataKey: unknown
  readonly onClick: (p: { seriesIndex?: number; dataIndex?: number; name?: string }) => void
}

const Chart = ({ charts, title, testId, option, onClick, dataKey }: ChartProps) => {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (charts === undefined || el.current === null) return
    const chart = charts.init(el.current, undefined, { renderer: "canvas" })
    chart.setOption({ textStyle: { fontSize: document.body.classList.contains("wall") ? 18 : 12 }, ...option() })
    chart.on("click", (p) => onClick(p as never))
    const resize = new ResizeObserver(() => chart.resize())
    resize.observe(el.current)
    return () => {
      resize.disconnect()
      chart.dispose()
    }
  }, [charts, locale.value, dataKey])
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={el} class="chart-canvas" data-testid={testId} role="img" aria-label={title} />
    </figure>
  )
}

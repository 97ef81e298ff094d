/**
 * One case: the timeline from its history, its SLA clocks, the routing explanation
 * recorded with it, the result and evidence as the API holds them, the reporter for the
 * return call (回访) where the API shows them to the caller, and a button for exactly
 * each command `GET /cases/{id}/allowed` lists.
 */
import { useState } from "preact/hooks"
import { type Allowance, type Allowed, api, type CaseDetail, Problem, type Routing, type SlaStatus } from "../api.js"
import { clockLabel, commandLabel, eventLabel, roleLabel, stateLabel, t, when } from "../i18n.js"
import {
  CommandForm,
  caseTitle,
  type Explanation,
  gridName,
  Light,
  RoutingView,
  targetLabel,
  usePoll
} from "../shared.js"
import { lightOf } from "../sla.js"

const clockStatus = (status: string) =>
  status === "running" ? t("running") : status === "paused" ? t("paused") : status === "stopped" ? t("stopped") : status

const explanationOf = (r: Routing): Explanation => ({
  target: targetLabel(r.target),
  rule: r.rule ?? null,
  backstop: r.backstop ?? false,
  met: r.met ?? [],
  outranked: r.outranked ?? []
})

/** The latest routing decision stored with the case's events. */
const routingOf = (c: CaseDetail): Routing | undefined => {
  for (let i = c.history.length - 1; i >= 0; i--) {
    const r = c.history[i]!.payload.routing as Routing | undefined
    if (r !== undefined && r !== null) return r
  }
  return undefined
}

export const CasePage = ({ id }: { id: string }) => {
  const [data, setData] = useState<{ c: CaseDetail; sla: SlaStatus; allowed: Allowed } | undefined>(undefined)
  const [missing, setMissing] = useState(false)
  const [form, setForm] = useState<Allowance | undefined>(undefined)
  const [notice, setNotice] = useState<{ kind: "ok" | "conflict" | "error"; text: string } | undefined>(undefined)

  const load = async () => {
    try {
      const [c, sla, allowed] = await Promise.all([api.get(id), api.sla(id), api.allowed(id)])
      setData({ c, sla, allowed })
      setMissing(false)
    } catch (error) {
      if (error instanceof Problem && error.status === 404) setMissing(true)
      else throw error
    }
  }
  usePoll(load, 3_000, [id])

  if (missing)
    return (
      <section aria-labelledby="case-title">
        <h1 id="case-title">{id}</h1>
        <p role="alert">{t("notFound")}</p>
      </section>
    )
  if (data === undefined) return <p>{t("loading")}</p>
  const { c, sla, allowed } = data
  const routing = routingOf(c)
  const now = Date.now()
  return (
    <section class="case-page" aria-labelledby="case-title" data-case={c.id} data-version={c.version}>
      <header class="screen-head">
        <h1 id="case-title">
          {c.id} · {caseTitle(c.kind, c.state.category)}
        </h1>
        <p>
          <span data-testid="case-status">{stateLabel(c.kind, c.status)}</span> · {gridName(c.state.place)} ·{" "}
          {t("handler")}: {targetLabel(c.state.handler)}
          {c.state.handler?.person === undefined ? "" : ` (${c.state.handler.person})`} · {t("version")} {c.version}
        </p>
        <Light light={lightOf(c.kind, sla.clocks, sla.overdue, now)} />
      </header>
      {c.state.summary ? <p class="summary">{c.state.summary}</p> : null}
      {notice === undefined ? null : (
        <div class={`notice notice-${notice.kind}`} role={notice.kind === "ok" ? "status" : "alert"}>
          {notice.text}
        </div>
      )}
      <div class="case-grid">
        <section aria-labelledby="actions-title" class="panel">
          <h2 id="actions-title">{t("actions")}</h2>
          {form !== undefined ? (
            <CommandForm
              caseId={c.id}
              place={c.state.place}
              allowance={form}
              onDone={(s) => {
                setForm(undefined)
                setNotice({
                  kind: "ok",
                  text: `${t("done")}: ${commandLabel(form.command)} → ${stateLabel(c.kind, s)}`
                })
                void load()
              }}
              onCancel={() => setForm(undefined)}
              onError={(e) => {
                setForm(undefined)
                setNotice({
                  kind: e instanceof Problem && e.status === 409 ? "conflict" : "error",
                  text: e instanceof Problem && e.status === 409 ? `${t("conflict")} (${e.message})` : String(e)
                })
                void load()
              }}
            />
          ) : (
            <div class="buttons" data-testid="case-actions">
              {allowed.commands.length === 0 ? <p>{t("noActions")}</p> : null}
              {allowed.commands.map((a) => (
                <button type="button" key={a.command} data-command={a.command} onClick={() => setForm(a)}>
                  {commandLabel(a.command)}
                </button>
              ))}
            </div>
          )}
        </section>
        <section aria-labelledby="clocks-title" class="panel span2">
          <h2 id="clocks-title">{t("clocks")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("event")}</th>
                <th scope="col">{t("statutory")}</th>
                <th scope="col">{t("target")}</th>
                <th scope="col">{t("light")}</th>
              </tr>
            </thead>
            <tbody data-testid="case-clocks">
              {sla.clocks.length === 0 ? (
                <tr>
                  <td colSpan={4}>{t("none")}</td>
                </tr>
              ) : (
                sla.clocks.map((k) => (
                  <tr key={k.clock}>
                    <td>
                      {clockLabel(c.kind, k.clock)} ({clockStatus(k.status)})
                    </td>
                    <td class="nowrap">{k.statutory === null ? "—" : when(k.statutory)}</td>
                    <td class="nowrap">{k.target === null ? "—" : when(k.target)}</td>
                    <td>
                      <Light light={lightOf(c.kind, [k], false, now)} />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="routing-title" class="panel">
          <h2 id="routing-title">{t("routing")}</h2>
          {routing === undefined ? (
            <p>{t("none")}</p>
          ) : (
            <RoutingView why={explanationOf(routing)} testId="case-routing" />
          )}
        </section>
        <section aria-labelledby="evidence-title" class="panel">
          <h2 id="evidence-title">{t("evidence")}</h2>
          {c.state.result === null ? (
            <p>{t("none")}</p>
          ) : (
            <>
              <p data-testid="case-result">{c.state.result.text}</p>
              <ul data-testid="case-evidence">
                {c.state.result.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </>
          )}
        </section>
        {c.state.reporter === null ? null : (
          <section aria-labelledby="reporter-title" class="panel">
            <h2 id="reporter-title">{t("reporter")}</h2>
            <p data-testid="case-reporter">
              {c.state.reporter.id} · {roleLabel(c.state.reporter.role)}
              {c.state.channel ? ` · ${c.state.channel}` : ""}
            </p>
          </section>
        )}
        <section aria-labelledby="timeline-title" class="panel wide">
          <h2 id="timeline-title">{t("timeline")}</h2>
          <ol class="timeline" data-testid="case-timeline">
            {c.history.map((e) => (
              <li key={e.version}>
                <time>{when(e.at)}</time> <strong>{eventLabel(e.type)}</strong> · {t("by")} {e.actor.id} (
                {e.actor.roles.map(roleLabel).join(", ")})
                {typeof e.payload.reason === "string" ? ` · ${e.payload.reason}` : ""}
                {typeof e.payload.note === "string" ? ` · ${e.payload.note}` : ""}
                {typeof e.payload.to === "object" && e.payload.to !== null
                  ? ` → ${targetLabel(e.payload.to as { unit: string })}`
                  : ""}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  )
}

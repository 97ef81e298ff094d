/**
 * The center's console: sign-in, then the dispatch desk, supervision, case pages and
 * figures and the grid map, over the public HTTP API with the user's token. Routes are in the hash
 * (`#/desk`, `#/supervise`, `#/figures`, `#/map`, `#/map/<grid>`, `#/case/<id>`, `#/cases?…`).
 */
import "./style.css"
import { render } from "preact"
import { useEffect, useState } from "preact/hooks"
import { api, expiryOf, type Me, session } from "./api.js"
import { loadLabels, locale, onLocale, roleLabel, setLocale, t, unitLabel } from "./i18n.js"
import { lazy } from "./lazy.js"
import { gridName, loadGrids, townships } from "./shared.js"
import { CaseList } from "./views/CaseList.js"
import { CasePage } from "./views/CasePage.js"
import { Desk } from "./views/Desk.js"
import { SignIn } from "./views/SignIn.js"
import { Supervise } from "./views/Supervise.js"

// The figures carry ECharts: loaded when first shown.
const Figures = lazy(() => import("./views/Figures.js").then((m) => m.Figures))
// The map too: loaded when first shown.
const GridMap = lazy(() => import("./views/GridMap.js").then((m) => m.GridMap))

const routeOf = () => location.hash.replace(/^#/, "") || "/desk"

const App = () => {
  const [ready, setReady] = useState(false)
  const [me, setMe] = useState<Me | undefined>(undefined)
  const [expired, setExpired] = useState(false)
  const [route, setRoute] = useState(routeOf())
  const [, setTick] = useState(0)

  useEffect(() => onLocale(() => setTick((n) => n + 1)), [])
  useEffect(() => {
    const f = () => setRoute(routeOf())
    addEventListener("hashchange", f)
    return () => removeEventListener("hashchange", f)
  }, [])
  const end = () => {
    session.set(null)
    setMe(undefined)
    setExpired(true)
  }
  useEffect(() => {
    session.onExpired(end)
    document.documentElement.lang = locale.value
    const start = async () => {
      await loadLabels()
      if (session.token !== null) {
        try {
          const who = await api.me()
          await loadGrids()
          setMe(who)
        } catch {
          session.set(null)
        }
      }
      setReady(true)
    }
    void start()
  }, [])
  // the session ends when the token does: the screen is cleared at its expiry
  useEffect(() => {
    const token = session.token
    if (me === undefined || token === null) return
    const exp = expiryOf(token)
    if (exp === undefined) return
    const timer = setTimeout(end, Math.min(Math.max(0, exp - Date.now()), 2 ** 31 - 1))
    return () => clearTimeout(timer)
  }, [me])

  if (!ready) return <p class="boot">{t("loading")}</p>
  const languageSwitch = (
    <button type="button" class="lang" onClick={() => setLocale(locale.value === "en" ? "zh-CN" : "en")}>
      {t("language")}
    </button>
  )
  if (me === undefined)
    return (
      <>
        <header class="bar">
          <span class="brand">{t("title")}</span>
          {languageSwitch}
        </header>
        <main id="main" class="signin-page">
          <SignIn
            expired={expired}
            onToken={async (token) => {
              session.set(token)
              const who = await api.me()
              await loadGrids()
              setExpired(false)
              setMe(who)
              if (!location.hash) location.hash = "#/desk"
            }}
          />
        </main>
      </>
    )

  const towns = townships().map((g) => ({ code: g.code, name: gridName(g.code) }))
  const [path, query = ""] = route.split("?")
  let screen: preact.ComponentChildren
  if (path === "/supervise") screen = <Supervise townships={towns} />
  else if (path === "/figures") screen = <Figures posts={me.posts} />
  else if (path === "/map" || path?.startsWith("/map/")) {
    const code = path === "/map" ? undefined : decodeURIComponent(path.slice(5))
    screen = <GridMap key={code ?? ""} code={code} />
  } else if (path?.startsWith("/case/")) {
    const id = decodeURIComponent(path.slice(6))
    screen = <CasePage key={id} id={id} />
  } else if (path === "/cases") screen = <CaseList params={new URLSearchParams(query)} />
  else screen = <Desk townships={towns} />
  const nav = [
    ["/desk", t("desk")],
    ["/supervise", t("supervise")],
    ["/figures", t("figures")],
    ["/map", t("map")]
  ] as const
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById("main")?.focus()}>
        {t("skip")}
      </button>
      <header class="bar">
        <span class="brand">{t("title")}</span>
        <nav aria-label={t("title")}>
          <ul>
            {nav.map(([href, name]) => (
              <li key={href}>
                <a href={`#${href}`} aria-current={path === href || path?.startsWith(`${href}/`) ? "page" : undefined}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" data-testid="who">
          {t("signedInAs")}: {me.id} ·{" "}
          {me.posts
            .map(
              (p) =>
                `${roleLabel(p.role)}${p.at === null ? "" : ` @ ${"grid" in p.at ? gridName(p.at.grid) : unitLabel(p.at.unit)}`}`
            )
            .join(", ")}
        </span>
        {languageSwitch}
        <button
          type="button"
          onClick={() => {
            session.set(null)
            setMe(undefined)
            setExpired(false)
          }}
        >
          {t("signOut")}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </>
  )
}

render(<App />, document.getElementById("app")!)

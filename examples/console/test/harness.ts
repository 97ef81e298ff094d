/**
 * What the console's browser tests (and its benchmark) stand on: the console built into
 * a temp folder, a fresh example server (a child process on a random port with a temp
 * data directory, the demo tokens and the test clock switched on) serving it, and
 * Debian's Chromium driven by playwright-core.
 *
 * Without a Chromium the browser tests are skipped, except under `CI=true`, where a
 * missing browser fails the run (as `packages/http/test/browser.ts` does).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { chromium as playwright } from "playwright-core"
import { it } from "vitest"

const require = createRequire(import.meta.url)
export const consoleRoot = new URL("..", import.meta.url).pathname
const serverRoot = new URL("../../server/", import.meta.url).pathname

export const chromium = [process.env.GRIDGOV_TEST_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (path): path is string => path !== undefined && path !== "" && existsSync(path)
)
const required = process.env.CI === "true"

/**
 * A test that needs the browser: skipped without one, unless under CI. Its timeout is
 * its tier's unless `timeout` is given: a screen takes minutes on a busy machine.
 */
export const onBrowser = (name: string, body: () => Promise<void>, timeout?: number) =>
  it.skipIf(chromium === undefined && !required)(
    chromium === undefined ? `${name} (no Chromium: run .ci/services.sh)` : name,
    async () => {
      if (chromium === undefined) throw new Error("no Chromium found: .ci/services.sh installs Debian's chromium")
      await body()
    },
    timeout
  )

/** Builds the console (labels from core, then Vite) into a fresh temp folder; returns it. */
export const build = (): string => {
  const out = mkdtempSync(join(tmpdir(), "gridgov-console-"))
  execFileSync(process.execPath, ["--import", "tsx", "scripts/labels.ts"], {
    cwd: consoleRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(consoleRoot, "../../tsconfig.json") },
    stdio: "pipe"
  })
  const vite = join(consoleRoot, "node_modules/vite/bin/vite.js")
  execFileSync(process.execPath, [vite, "build", "--outDir", out, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: consoleRoot,
    stdio: "pipe"
  })
  return out
}

export interface Server {
  readonly url: string
  readonly place: string
  readonly child: ChildProcess
  readonly dataDir: string
  readonly output: () => string
  readonly stop: () => Promise<void>
}

/** A fresh example server serving the console from `dir`, with demo tokens and the test clock. */
export const launch = (dir: string, extraEnv: Record<string, string> = {}): Promise<Server> =>
  new Promise((resolve, reject) => {
    const dataDir = mkdtempSync(join(tmpdir(), "gridgov-console-data-"))
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: serverRoot,
      env: {
        ...process.env,
        PORT: "0",
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        CONSOLE_DIR: dir,
        GRIDGOV_DEMO_TOKENS: "1",
        GRIDGOV_TEST_CLOCK: "1",
        ...extraEnv
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000)
    const stop = () =>
      new Promise<void>((done) => {
        child.removeAllListeners("exit")
        if (child.exitCode !== null) return done()
        child.on("exit", () => {
          rmSync(dataDir, { recursive: true, force: true })
          done()
        })
        child.kill("SIGTERM")
      })
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes("Open311 api_key:")) return
      clearTimeout(timer)
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!
      const place = /demo place \(the grid worker's block\): (\S+)/.exec(out)![1]!
      resolve({ url, place, child, dataDir, output: () => out, stop })
    })
    child.stderr!.on("data", (c: Buffer) => {
      out += c.toString()
    })
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)))
  })

/** Debian's Chromium, headless, with the flags a container needs. */
export const browser = (): Promise<Browser> =>
  playwright.launch({
    executablePath: chromium!,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  })

export interface Tab {
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors and uncaught exceptions seen on the page so far. */
  readonly errors: Array<string>
}

/** A new browser context and page at `width`×`height`, recording console errors. */
export const tab = async (b: Browser, width = 1920, height = 1080): Promise<Tab> => {
  const context = await b.newContext({ viewport: { width, height }, acceptDownloads: true, locale: "zh-CN" })
  const page = await context.newPage()
  page.setDefaultTimeout(60_000)
  const errors: Array<string> = []
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text())
  })
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`))
  return { context, page, errors }
}

export interface Demo {
  readonly role: string
  readonly label: string
  readonly person: string
  readonly at: string
  readonly token: string
}

/** The server's demo people with fresh tokens. */
export const demoTokens = async (url: string): Promise<Record<string, Demo>> => {
  const res = await fetch(`${url}/console/demo-tokens`)
  if (res.status !== 200) throw new Error(`demo tokens: ${res.status}`)
  const list = (await res.json()) as Array<Demo>
  return Object.fromEntries(list.map((d) => [d.label, d]))
}

/** Signs in through the role picker as the demo person `label`; waits for the app. */
export const signIn = async (page: Page, url: string, label: string, hash = "#/desk") => {
  await page.goto(`${url}/console/${hash}`)
  // whoever was signed in on this page is signed out first
  await page.evaluate(() => sessionStorage.clear())
  await page.reload()
  await page.locator(`[data-demo="${label}"]`).click()
  await page.locator('[data-testid="who"]').waitFor()
}

/** One API call with a token; JSON in, JSON out. */
export const call = async (
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown
  // biome-ignore lint/suspicious/noExplicitAny: the tests read JSON replies by path
): Promise<{ status: number; body: any }> => {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  return { status: res.status, body: text === "" ? null : JSON.parse(text) }
}

/** Moves the server's test clock forward. */
export const advance = async (url: string, ms: number) => {
  const res = await fetch(`${url}/test/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advanceMs: ms })
  })
  if (res.status !== 200) throw new Error(`test clock: ${res.status}`)
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js", { paths: [consoleRoot] }), "utf8")

/** axe-core's violations of impact serious or critical on the page as it is now. */
export const axe = async (page: Page): Promise<Array<{ id: string; impact: string; nodes: Array<string> }>> => {
  // evaluated by the devtools protocol, which the page's CSP does not govern
  await page.evaluate(`${axeSource}\n;true`)
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global the script above defined
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] })
    return (r.violations as Array<{ id: string; impact: string; nodes: Array<{ target: Array<string> }> }>)
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }))
  })
}

/** Elements whose text is cut: clipped by an overflow they exceed, or past the page's right edge. */
export const clipped = (page: Page): Promise<Array<string>> =>
  page.evaluate(() => {
    const out: Array<string> = []
    const width = document.documentElement.clientWidth
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? "").trim() !== "")
      if (!own) continue
      const style = getComputedStyle(el)
      if (style.display === "none" || style.visibility === "hidden") continue
      const rect = el.getBoundingClientRect()
      if (rect.width === 0 || rect.height === 0) continue
      const hides = (v: string) => v === "hidden" || v === "clip"
      if (
        (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
        style.textOverflow === "ellipsis"
      )
        out.push(`${el.tagName.toLowerCase()}: ${(el.textContent ?? "").trim().slice(0, 40)}`)
      else if (rect.right > width + 1 && !el.closest(".table-wrap"))
        out.push(`${el.tagName.toLowerCase()} past the edge: ${(el.textContent ?? "").trim().slice(0, 40)}`)
    }
    return out
  })

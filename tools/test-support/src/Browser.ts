/**
 * Pages in a real browser: Debian's Chromium (`.ci/services.sh` installs it), headless,
 * loading a URL and printing the document once its scripts have run (`--dump-dom`, with
 * a virtual time budget so that the page's fetches and timers finish first).
 *
 * Without a Chromium these tests are skipped, except under `CI=true`, where a missing
 * browser fails the run.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { it } from "vitest"

export const chromium = [process.env.GRIDGOV_TEST_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (path): path is string => path !== undefined && path !== "" && existsSync(path)
)

const required = process.env.CI === "true"

/**
 * A test that needs the browser: skipped without one, unless under CI. Its timeout is
 * its tier's unless `timeout` is given: a page takes minutes on a busy machine.
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

/** The document at `url` as the browser holds it after its scripts ran, serialized. */
export const render = (url: string, budgetMs = 10_000): Promise<string> =>
  new Promise((resolve, reject) => {
    const profile = mkdtempSync(join(tmpdir(), "gridgov-chromium-"))
    execFile(
      chromium!,
      [
        "--headless",
        // CI runs as root, where Chromium's sandbox cannot start
        "--no-sandbox",
        "--disable-gpu",
        // containers often give /dev/shm only 64 MB
        "--disable-dev-shm-usage",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${budgetMs}`,
        "--dump-dom",
        url
      ],
      // a guard against a hung browser, not a speed bar (a render took 26 s on a busy machine)
      { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        rmSync(profile, { recursive: true, force: true })
        if (error !== null) reject(new Error(`chromium failed on ${url}: ${error.message}\n${stderr.slice(-2_000)}`))
        else resolve(stdout)
      }
    )
  })

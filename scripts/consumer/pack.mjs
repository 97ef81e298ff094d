// What a new user's npm project gets from this workspace: the public packages packed
// as they would be published (`pnpm pack`, which rewrites catalog: and workspace:
// specifiers), and an environment in which npm runs on this Node with nothing of the
// workspace's package manager. Run after `pnpm build`.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { delimiter, dirname, join } from "node:path"

export const root = new URL("../..", import.meta.url).pathname

/** Exits with a message unless this Node has `node:sqlite` (22.19 or later). */
export const requireNode = (what) => {
  const [major, minor] = process.versions.node.split(".").map(Number)
  if (major < 22 || (major === 22 && minor < 19)) {
    console.error(
      `${what} needs Node >= 22.19 (node:sqlite), this is ${process.version}: run it through pnpm, which brings Node 24`
    )
    process.exit(1)
  }
}

/** The workspace's public packages: their folders and manifests. */
export const publicPackages = () =>
  readdirSync(join(root, "packages"))
    .filter((dir) => existsSync(join(root, "packages", dir, "package.json")))
    .map((dir) => ({
      dir: join(root, "packages", dir),
      manifest: JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"))
    }))
    .filter((p) => !p.manifest.private)

/** pnpm as the script runs under (`pnpm run` sets npm_execpath), else the one on PATH. */
const pnpm = (args, cwd) =>
  process.env.npm_execpath?.includes("pnpm")
    ? execFileSync(process.execPath, [process.env.npm_execpath, ...args], { cwd, encoding: "utf8" })
    : execFileSync("pnpm", args, { cwd, encoding: "utf8" })

/** Packs every public package into `dest`; answers each package's tarball by name. */
export const pack = (dest, packages = publicPackages()) => {
  pnpm(["-r", ...packages.flatMap((p) => ["--filter", p.manifest.name]), "pack", "--pack-destination", dest], root)
  const tarballs = {}
  for (const p of packages) {
    const file = join(dest, `${p.manifest.name.replace(/^@/, "").replace("/", "-")}-${p.manifest.version}.tgz`)
    if (!existsSync(file)) throw new Error(`pnpm pack made no ${file}`)
    tarballs[p.manifest.name] = file
  }
  return tarballs
}

/** The environment a user's shell has: this Node first on PATH, no npm_/PNPM_ variables of the workspace's run. */
export const userEnv = () => {
  const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` }
  for (const key of Object.keys(env)) if (key.startsWith("npm_") || key.startsWith("PNPM_")) delete env[key]
  return env
}

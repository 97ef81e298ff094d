/**
 * A small benchmark harness: cases of one comparison are sampled round-robin in
 * the same run (so machine noise hits them alike), and each is reported as the
 * median of its samples and as a ratio to the first case, the baseline.
 */

export interface Case {
  readonly name: string
  /** One call; `ops` says how many operations it performs (default 1). */
  readonly fn: () => unknown
  readonly ops?: number
}

export interface AsyncCase {
  readonly name: string
  readonly fn: () => Promise<unknown>
  readonly ops?: number
}

export interface Options {
  /** Samples per case (default 11). */
  readonly samples?: number
  /** Minimum wall time of one sample, in ms (default 100). */
  readonly sampleMs?: number
}

export interface Row {
  readonly name: string
  readonly medianOpsPerSec: number
  readonly ratio: number
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const sampleSync = (c: Case, sampleMs: number): number => {
  const ops = c.ops ?? 1
  let calls = 0
  const start = performance.now()
  let elapsed = 0
  do {
    for (let i = 0; i < 16; i++) c.fn()
    calls += 16
    elapsed = performance.now() - start
  } while (elapsed < sampleMs)
  return (calls * ops * 1000) / elapsed
}

const sampleAsync = async (c: AsyncCase, sampleMs: number): Promise<number> => {
  const ops = c.ops ?? 1
  let calls = 0
  const start = performance.now()
  let elapsed = 0
  do {
    await c.fn()
    calls++
    elapsed = performance.now() - start
  } while (elapsed < sampleMs)
  return (calls * ops * 1000) / elapsed
}

export const formatRate = (opsPerSec: number): string =>
  opsPerSec >= 1e6
    ? `${(opsPerSec / 1e6).toFixed(2)} M/s`
    : opsPerSec >= 1e3
      ? `${(opsPerSec / 1e3).toFixed(1)} k/s`
      : `${opsPerSec.toFixed(1)} /s`

const print = (title: string, rows: ReadonlyArray<Row>) => {
  console.log(`\n## ${title}`)
  const width = Math.max(...rows.map((r) => r.name.length), 4)
  console.log(`${"case".padEnd(width)}  ${"median".padStart(12)}  ratio`)
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${formatRate(r.medianOpsPerSec).padStart(12)}  ${r.ratio.toFixed(3)}×`)
  }
}

const toRows = (names: ReadonlyArray<string>, samples: ReadonlyArray<Array<number>>): Array<Row> => {
  const medians = samples.map(median)
  return names.map((name, i) => ({ name, medianOpsPerSec: medians[i]!, ratio: medians[i]! / medians[0]! }))
}

/** Runs synchronous cases round-robin; the first case is the baseline of the ratios. */
export const compare = (title: string, cases: ReadonlyArray<Case>, options: Options = {}): Array<Row> => {
  const samples = options.samples ?? 11
  const sampleMs = options.sampleMs ?? 100
  for (const c of cases) sampleSync(c, Math.min(sampleMs, 50)) // warm-up
  const results = cases.map(() => [] as Array<number>)
  for (let s = 0; s < samples; s++) {
    for (const [i, c] of cases.entries()) results[i]!.push(sampleSync(c, sampleMs))
  }
  const rows = toRows(
    cases.map((c) => c.name),
    results
  )
  print(title, rows)
  return rows
}

/** Runs asynchronous cases round-robin; the first case is the baseline of the ratios. */
export const compareAsync = async (
  title: string,
  cases: ReadonlyArray<AsyncCase>,
  options: Options = {}
): Promise<Array<Row>> => {
  const samples = options.samples ?? 11
  const sampleMs = options.sampleMs ?? 200
  for (const c of cases) await sampleAsync(c, Math.min(sampleMs, 50))
  const results = cases.map(() => [] as Array<number>)
  for (let s = 0; s < samples; s++) {
    for (const [i, c] of cases.entries()) results[i]!.push(await sampleAsync(c, sampleMs))
  }
  const rows = toRows(
    cases.map((c) => c.name),
    results
  )
  print(title, rows)
  return rows
}

/**
 * Runs asynchronous cases round-robin and measures the CPU time of this process
 * (`process.cpuUsage`, user + system) per operation, beside the wall time: on a
 * machine shared with other work the CPU time is what an operation costs, while the
 * wall time also counts the waits for a core. Each round runs every case once (`calls`
 * calls). A case's ratio is the median, over the rounds, of its CPU time over the first
 * case's in the same round, so slow drifts of the machine's load cancel out.
 *
 * A sample's cost depends on what ran before it (the garbage the previous case left,
 * caches cold for this case's code, a case right after itself finding everything
 * warm) and on its place in the round. So the rounds take every order of the cases,
 * in a cycle where, across the rounds' boundaries too, each case runs right after
 * each other case equally often and never right after itself (`balancedOrders`), and
 * each pass over the cycle names the cases anew at random, so that what the cycle's
 * structure leaves unbalanced beyond the case just before falls on each case alike.
 * Rotating one order made each case always follow the same other case, and
 * lexicographic orders let the first case (the baseline) follow itself at round
 * boundaries while the last never did: identical code came out several percent apart
 * depending on its row. Two rows of the same function (an A/A row) now come out
 * around 1.00. `samples` should be a multiple of the number of orders (6 for three
 * cases).
 */
export const compareCpu = async (
  title: string,
  cases: ReadonlyArray<AsyncCase>,
  options: { readonly samples?: number; readonly calls?: number } = {}
): Promise<
  Array<{ readonly name: string; readonly cpuUs: number; readonly wallUs: number; readonly ratio: number }>
> => {
  const samples = options.samples ?? 24
  const calls = options.calls ?? 1
  const one = async (c: AsyncCase) => {
    const cpu = process.cpuUsage()
    const wall = performance.now()
    for (let i = 0; i < calls; i++) await c.fn()
    const used = process.cpuUsage(cpu)
    const ops = calls * (c.ops ?? 1)
    return { cpuUs: (used.user + used.system) / ops, wallUs: ((performance.now() - wall) * 1000) / ops }
  }
  const orders = balancedOrders(cases.length)
  // the warm-up in the last round's order, so that the first round follows it as any round follows another
  for (const i of orders.at(-1)!) await one(cases[i]!)
  const cpu = cases.map(() => [] as Array<number>)
  const wall = cases.map(() => [] as Array<number>)
  const ratios = cases.map(() => [] as Array<number>)
  let labels = [...cases.keys()]
  for (let s = 0; s < samples; s++) {
    // each pass over the orders under a new random naming of the cases
    if (s % orders.length === 0) labels = shuffle(labels)
    const order = orders[s % orders.length]!.map((i) => labels[i]!)
    const round: Array<number> = []
    for (const i of order) {
      const r = await one(cases[i]!)
      cpu[i]!.push(r.cpuUs)
      wall[i]!.push(r.wallUs)
      round[i] = r.cpuUs
    }
    for (const i of cases.keys()) ratios[i]!.push(round[i]! / round[0]!)
  }
  const rows = cases.map((c, i) => ({
    name: c.name,
    cpuUs: median(cpu[i]!),
    wallUs: median(wall[i]!),
    ratio: median(ratios[i]!),
    spread: quartiles(ratios[i]!)
  }))
  console.log(`\n## ${title}`)
  const width = Math.max(...rows.map((r) => r.name.length), 4)
  console.log(
    `${"case".padEnd(width)}  ${"CPU/op".padStart(10)}  ${"wall/op".padStart(10)}  ratio (CPU, paired; middle half)`
  )
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(width)}  ${`${r.cpuUs.toFixed(0)} µs`.padStart(10)}  ${`${r.wallUs.toFixed(0)} µs`.padStart(10)}  ${r.ratio.toFixed(3)}× (${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)})`
    )
  }
  return rows
}

/** Prints a goal line: `goal <text>: met` or `NOT met`, and returns whether it was met. */
export const goal = (text: string, met: boolean, detail = ""): boolean => {
  console.log(`goal ${text}: ${met ? "met" : "NOT met"}${detail ? ` (${detail})` : ""}`)
  return met
}

/** Wall time (ms) and peak resident memory (MiB) of a one-off step. */
export const once = <A>(label: string, f: () => A): { value: A; ms: number; rssMiB: number } => {
  const start = performance.now()
  const value = f()
  const ms = performance.now() - start
  const rssMiB = process.resourceUsage().maxRSS / 1024
  console.log(`${label}: ${ms.toFixed(0)} ms, peak RSS ${rssMiB.toFixed(0)} MiB`)
  return { value, ms, rssMiB }
}

/** Every order of `items` (n! of them: meant for a handful of cases). */
const permutations = <A>(items: ReadonlyArray<A>): Array<Array<A>> =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])
      )

/**
 * Every order of the cases `0 … n-1`, arranged in a cycle whose boundaries (a round's
 * last case, then the next round's first) pair each case with each other case equally
 * often and never with itself, so that over the cycle each case runs right after each
 * other case equally often: a search over the orders (instant for up to five cases);
 * with more cases, or for two (whose boundaries cannot avoid a case following itself:
 * each does once), the orders as they come.
 */
export const balancedOrders = (n: number): Array<Array<number>> => {
  const orders = permutations([...Array(n).keys()])
  if (n < 3 || n > 5) return orders
  const left = new Map<number, number>()
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) if (a !== b) left.set(a * n + b, orders.length / (n * (n - 1)))
  const cycle = [0]
  const used = new Set(cycle)
  const pair = (after: number, before: number) => orders[after]!.at(-1)! * n + orders[before]![0]!
  const extend = (): boolean => {
    if (cycle.length === orders.length) return (left.get(pair(cycle.at(-1)!, cycle[0]!)) ?? 0) > 0
    for (let i = 0; i < orders.length; i++) {
      const k = pair(cycle.at(-1)!, i)
      if (used.has(i) || (left.get(k) ?? 0) === 0) continue
      used.add(i)
      cycle.push(i)
      left.set(k, left.get(k)! - 1)
      if (extend()) return true
      left.set(k, left.get(k)! + 1)
      cycle.pop()
      used.delete(i)
    }
    return false
  }
  return extend() ? cycle.map((i) => orders[i]!) : orders
}

/** `items` in a random order (Fisher–Yates, in place). */
const shuffle = <A>(items: Array<A>): Array<A> => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

/** The first and third quartiles. */
const quartiles = (values: ReadonlyArray<number>): readonly [number, number] => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return [at(0.25), at(0.75)]
}

export { median }

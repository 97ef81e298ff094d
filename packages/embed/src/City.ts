/**
 * The city gridgov runs for: its grid tree, staff directory, working-day calendar,
 * SLA table and routing rules — what `CaseService.Settings` holds, and the staff
 * directory beside it —, `"yumen"`, the Yumen fixture of `@gridgov/testing` (a
 * generated city of 544 grids and 1,807 grid workers with the routing table and SLA
 * policies the docs use), for trying gridgov out, or a city folder (`{ folder }`), the
 * files `gridgov export` writes: the city's configuration is then kept in the store
 * (versioned, and changed with `gridgov import` or the city admin endpoints).
 *
 * @since 0.1.0
 */
import { CalendarCn } from "@gridgov/calendar-cn"
import {
  AnalyticsService,
  CaseService,
  type Configuration,
  NoticeService,
  RecordService,
  Routing,
  Sla,
  type Staff
} from "@gridgov/core"
import { Layer, Result } from "effect"
import { StartError } from "./internal/startError.js"

/**
 * A city as configuration: `CaseService.Settings` (tree, calendar, SLA table, router,
 * the staff directory `Staff.directory(records, tree)`, and the service's options),
 * and optionally the settings of the records, notices and analytics services
 * (`services`).
 *
 * @example
 * import { CalendarCn } from "@gridgov/calendar-cn"
 * import { Routing, Sla } from "@gridgov/core"
 * import type { City } from "@gridgov/embed"
 * import { Yumen } from "@gridgov/testing"
 * import { Result } from "effect"
 *
 * const fixture = Yumen.make()
 * const city: City.Settings = {
 *   tree: fixture.tree,
 *   directory: fixture.directory,
 *   calendar: CalendarCn.calendar(),
 *   sla: Result.getOrThrow(Sla.make(Yumen.sla)),
 *   router: Result.getOrThrow(Routing.compile(Yumen.routing)),
 *   services: { records: { maxBatch: 100 } }
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface Settings extends CaseService.Settings {
  readonly directory: Staff.Directory
  readonly services?:
    | {
        readonly records?: RecordService.Settings | undefined
        readonly notices?: NoticeService.Settings | undefined
        readonly analytics?: AnalyticsService.Settings | undefined
      }
    | undefined
}

/**
 * A city folder (the files `gridgov export` writes and `gridgov import` reads: see
 * docs/how-to/set-up-your-city.md) as the city: its configuration is kept in the
 * store. An empty store imports the folder first, as `gridgov import` does; a store
 * that holds a configuration is used as it is and the folder is not read (change it
 * with `gridgov import` or the city admin endpoints: a started gridgov follows the
 * store). A folder with faults refuses to start with `StartError` `CityInvalid`, whose
 * message lists every fault as `file:line: reason`. Reading a folder needs
 * `@gridgov/cli` installed beside `@gridgov/embed` (`AdapterMissing` otherwise).
 *
 * @example
 * import type { City } from "@gridgov/embed"
 * const qinglan: City.Folder = { folder: "examples/cities/qinglan" }
 *
 * @category models
 * @since 0.2.0
 */
export interface Folder {
  readonly folder: string
}

/**
 * What `Embed.start` takes as its city: `Settings`, `"yumen"` for the Yumen fixture,
 * or a city folder (`{ folder }`, since 0.2.0) kept in the store.
 *
 * @example
 * import type { City } from "@gridgov/embed"
 * const demo: City.Input = "yumen"
 * const kept: City.Input = { folder: "examples/cities/qinglan" }
 *
 * @category models
 * @since 0.1.0
 */
export type Input = "yumen" | Settings | Folder

/**
 * Whether an `Input` is a city folder.
 *
 * @example
 * import { City } from "@gridgov/embed"
 * City.isFolder({ folder: "examples/cities/qinglan" }) // true
 * City.isFolder("yumen") // false
 *
 * @category guards
 * @since 0.2.0
 */
export const isFolder = (input: Input): input is Folder =>
  typeof input === "object" && input !== null && "folder" in input && !("tree" in input)

/**
 * The Yumen fixture as `Settings`: `Yumen.make()` of `@gridgov/testing` (which must be
 * installed), China's working-day calendar (`CalendarCn.calendar()`), the SLA
 * policies of the fixture (`Yumen.sla`: the national tiers and Yumen's targets) and its
 * routing table (`Yumen.routing`).
 *
 * @example
 * import { City } from "@gridgov/embed"
 * const settings = await City.yumen()
 * settings.directory.records.people.length > 1807 // true: the grid workers and the center's staff
 *
 * @category constructors
 * @since 0.1.0
 */
export const yumen = async (): Promise<Settings> => {
  const Yumen = await import("@gridgov/testing/Yumen").catch((cause) => {
    throw new StartError(
      "CityInvalid",
      'city "yumen" is the fixture of @gridgov/testing: install it (npm install @gridgov/testing)',
      { cause }
    )
  })
  const fixture = Yumen.make()
  return {
    tree: fixture.tree,
    directory: fixture.directory,
    calendar: CalendarCn.calendar(),
    sla: Result.getOrThrow(Sla.make(Yumen.sla)),
    router: Result.getOrThrow(Routing.compile(Yumen.routing))
  }
}

/**
 * The `Settings` an `Input` stands for (a city folder has none: its configuration is
 * in the store, and this rejects with `CityInvalid`).
 *
 * @example
 * import { City } from "@gridgov/embed"
 * const settings = City.settings("yumen")
 *
 * @category constructors
 * @since 0.1.0
 */
export const settings = async (input: Input): Promise<Settings> => {
  if (input === "yumen") return yumen()
  if (typeof input !== "object" || input === null || !("tree" in input) || !("directory" in input)) {
    throw new StartError(
      "CityInvalid",
      'city: give "yumen", a city folder ({ folder: "path/to/city" }) or the city\'s settings (tree, directory, calendar, sla, router)'
    )
  }
  return input
}

/**
 * The city's configuration as the services read it: `CaseService.Config`, a static
 * `Configuration` (the city as given, staff directory included) and the records,
 * notices and analytics settings.
 *
 * @example
 * import { City } from "@gridgov/embed"
 * declare const settings: City.Settings
 * const config = City.layer(settings)
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (settings: Settings): Layer.Layer<CaseService.Config | Configuration.Configuration> => {
  const { services, ...cases } = settings
  return Layer.mergeAll(
    CaseService.layerConfig(cases),
    RecordService.layerConfig(services?.records ?? {}),
    NoticeService.layerConfig(services?.notices ?? {}),
    AnalyticsService.layerConfig(services?.analytics ?? {})
  )
}

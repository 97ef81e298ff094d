/**
 * The city gridgov runs for: its grid tree, staff directory, working-day calendar,
 * SLA table and routing rules — what `CaseService.Settings` holds, and the staff
 * directory beside it — or `"yumen"`, the Yumen fixture of `@gridgov/testing` (a
 * generated city of 544 grids and 1,807 grid workers with the routing table and SLA
 * policies the docs use), for trying gridgov out.
 *
 * This is the one place the facade reads a city from: when the city's configuration
 * moves into the store (edited through a service, versioned), the input here is
 * what changes.
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
 * What `Embed.start` takes as its city: `Settings`, or `"yumen"` for the Yumen fixture.
 *
 * @example
 * import type { City } from "@gridgov/embed"
 * const demo: City.Input = "yumen"
 *
 * @category models
 * @since 0.1.0
 */
export type Input = "yumen" | Settings

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
 * The `Settings` an `Input` stands for.
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
      'city: give "yumen" or the city\'s settings (tree, directory, calendar, sla, router)'
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

// A child process of the service reliability tests: `node --import tsx service.worker.ts contend <json>`,
// on the database in GRIDGOV_PG_RUN_URL.
import { CalendarCn } from "@gridgov/calendar-cn"
import { PgStore } from "@gridgov/storage-postgres"
import { ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"

ServiceReliability.runWorker(
  PgStore.layer({ url: process.env.GRIDGOV_PG_RUN_URL!, maxConnections: 2 }),
  ServiceSuite.settings(CalendarCn.calendar())
)

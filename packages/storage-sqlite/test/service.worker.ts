// A child process of the service reliability tests: `node --import tsx service.worker.ts contend <json>`,
// on the file in GRIDGOV_SQLITE_FILE.
import { CalendarCn } from "@gridgov/calendar-cn"
import { SqliteStore } from "@gridgov/storage-sqlite"
import { ServiceReliability, ServiceSuite } from "@gridgov/testing/vitest"

ServiceReliability.runWorker(
  SqliteStore.layer({ filename: process.env.GRIDGOV_SQLITE_FILE! }),
  ServiceSuite.settings(CalendarCn.calendar())
)

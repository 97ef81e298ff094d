// A child process of the service reliability tests: `node --import tsx service.worker.ts contend <json>`,
// on the file in GRIDGOV_SQLITE_FILE.
import { SqliteStore } from "@gridgov/storage-sqlite"
import { runWorker } from "../../core/test/CaseService.reliability.js"

runWorker(SqliteStore.layer({ filename: process.env.GRIDGOV_SQLITE_FILE! }))

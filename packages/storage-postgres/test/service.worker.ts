// A child process of the service reliability tests: `node --import tsx service.worker.ts contend <json>`,
// on the database in GRIDGOV_PG_RUN_URL.
import { PgStore } from "@gridgov/storage-postgres"
import { runWorker } from "../../core/test/CaseService.reliability.js"

runWorker(PgStore.layer({ url: process.env.GRIDGOV_PG_RUN_URL!, maxConnections: 2 }))

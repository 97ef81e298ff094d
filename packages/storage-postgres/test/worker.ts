// A child process of the reliability tests: `node --import tsx worker.ts <mode> <json>`, on the database in
// GRIDGOV_PG_RUN_URL.
import { PgStore } from "@gridgov/storage-postgres"
import { StoreReliability } from "@gridgov/testing/vitest"

StoreReliability.runWorker(PgStore.layer({ url: process.env.GRIDGOV_PG_RUN_URL!, maxConnections: 2 }))

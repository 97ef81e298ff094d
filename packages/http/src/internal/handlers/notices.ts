/** The notices group, over `NoticeService`. */
import { NoticeService } from "@gridgov/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Api from "../../Api.js"
import * as Problem from "../../Problem.js"
import * as P from "../problems.js"
import { decodeAtCursor, encodeAtCursor } from "./encoding.js"

// a notice the caller may neither read nor publish answers as a missing one
const notFound = (e: { readonly id: string }) => Effect.fail(new Problem.NotFound({ detail: `No notice ${e.id}` }))

export const NoticesLive = HttpApiBuilder.group(Api.Api, "notices", (handlers) =>
  Effect.gen(function* () {
    const notices = yield* NoticeService.NoticeService
    const actor = Effect.map(Effect.service(Api.CurrentPrincipal), (p) => p.actor)
    return handlers
      .handle("publish", ({ payload }) =>
        Effect.flatMap(actor, (a) =>
          notices.publish(payload, a).pipe(
            Effect.catchTags({
              NoticeInvalid: (e) =>
                Effect.fail(
                  new Problem.InvalidCommand({
                    detail: "The notice does not validate",
                    errors: e.problems.map((p) => ({ path: ["body", ...p.path], message: p.message }))
                  })
                ),
              Forbidden: (e) =>
                Effect.fail(
                  new Problem.AccessDenied({ detail: "The caller may not publish to this audience", reason: e.reason })
                ),
              NoticeExists: (e) =>
                Effect.fail(new Problem.NoticeExists({ detail: `Notice ${e.id} was published before` })),
              // no key is sent: a key reused cannot happen
              IdempotencyKeyReused: (e) =>
                Effect.andThen(Effect.logError("idempotency key reused without a key", e), Effect.fail(P.internal)),
              StoreError: P.fromStore
            })
          )
        )
      )
      .handle("inbox", ({ query }) =>
        Effect.gen(function* () {
          const page = yield* notices
            .inbox(yield* actor, {
              unreadOnly: query.unread === "true",
              limit: query.limit,
              after: decodeAtCursor(query.cursor)
            })
            .pipe(Effect.catch(P.fromStore))
          return {
            items: page.items.map((i) => ({ notice: i.notice, readAt: i.readAt })),
            next: encodeAtCursor(page.next)
          }
        })
      )
      .handle("get", ({ params }) =>
        Effect.flatMap(actor, (a) =>
          notices.get(params.noticeId, a).pipe(Effect.catchTags({ NoticeNotFound: notFound, StoreError: P.fromStore }))
        )
      )
      .handle("read", ({ params }) =>
        Effect.gen(function* () {
          const first = yield* notices
            .read(params.noticeId, yield* actor)
            .pipe(Effect.catchTags({ NoticeNotFound: notFound, StoreError: P.fromStore }))
          return { noticeId: params.noticeId, first }
        })
      )
      .handle("receipts", ({ params }) =>
        Effect.gen(function* () {
          const { receipts, unread } = yield* notices
            .receipts(params.noticeId, yield* actor)
            .pipe(Effect.catchTags({ NoticeNotFound: notFound, StoreError: P.fromStore }))
          return { noticeId: params.noticeId, receipts: receipts.map((r) => ({ reader: r.reader, at: r.at })), unread }
        })
      )
  })
)

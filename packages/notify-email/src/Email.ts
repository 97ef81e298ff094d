/**
 * E-mail delivery of gridgov notifications over SMTP, through nodemailer.
 *
 * The application resolves a notification's recipient (a person, a role in a
 * grid, a unit) to addresses, each with its locale; each address gets its own
 * message, rendered from the zh-CN or en template (subject, plain text and HTML,
 * user text escaped) with a link to the case under a configurable base URL. The
 * `Message-ID` is derived from the outbox dedupe key and the address, so a
 * message sent twice (at-least-once delivery) carries the same id and mail
 * clients show it once.
 *
 * SMTP 4xx replies, timeouts and connection errors are retryable; 5xx replies
 * (but 503) and invalid addresses are permanent.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { type Messages, type Notification, Notifier } from "@gridgov/core"
import { Effect, type Layer, Option, type Scope } from "effect"
import nodemailer, { type NodemailerError, type SMTPTransportOptions } from "nodemailer"
import * as templates from "./internal/templates.js"

/**
 * One mailbox a recipient resolves to, and the locale to write to it in.
 *
 * @example
 * import type { Email } from "@gridgov/notify-email"
 * const chief: Email.Address = { address: "wang@grid.example", name: "王网格长", locale: "zh-CN" }
 *
 * @category models
 * @since 0.1.0
 */
export interface Address {
  readonly address: string
  readonly name?: string | undefined
  readonly locale: Messages.Locale
}

/**
 * The transport's configuration.
 *
 * - `smtp`: nodemailer's SMTP options (`host`, `port`, `secure`, `auth`, …) or a URL.
 * - `from`: the sender, e.g. `"网格化服务管理中心 <noreply@grid.example>"`.
 * - `baseUrl`: where cases are viewed; the link is `<baseUrl>/cases/<caseId>`,
 *   unless `caseUrl` builds it.
 * - `resolve`: the directory look-up from a recipient to addresses (none: the
 *   message counts as delivered, as nobody on this channel wants it).
 * - `messageIdDomain`: the right-hand side of `Message-ID` (default: `from`'s domain).
 * - `timeoutMs`: connection, greeting and socket timeouts (default 30 s).
 *
 * @example
 * import { Effect } from "effect"
 * import type { Email } from "@gridgov/notify-email"
 *
 * const config: Email.Config = {
 *   smtp: { host: "smtp.grid.example", port: 587, auth: { user: "noreply", pass: "…" } },
 *   from: "noreply@grid.example",
 *   baseUrl: "https://grid.example",
 *   resolve: (to) => Effect.succeed(to._tag === "Person" ? [{ address: `${to.id}@grid.example`, locale: "zh-CN" }] : [])
 * }
 *
 * @category models
 * @since 0.1.0
 */
export interface Config {
  readonly smtp: SMTPTransportOptions | string
  readonly from: string
  readonly baseUrl: string
  readonly caseUrl?: ((caseId: string) => string) | undefined
  readonly resolve: (
    recipient: Notification.Recipient,
    notification: Notification.Notification
  ) => Effect.Effect<ReadonlyArray<Address>>
  readonly messageIdDomain?: string | undefined
  readonly timeoutMs?: number | undefined
}

/**
 * A rendered message: subject, plain text and HTML.
 *
 * @example
 * import type { Email } from "@gridgov/notify-email"
 * const preview = (r: Email.Rendered) => `${r.subject}\n\n${r.text}`
 *
 * @category templates
 * @since 0.1.0
 */
export type Rendered = templates.Rendered

/**
 * Renders a notification in a locale, with `link` to the case. What the
 * transport sends; useful for previews.
 *
 * @example
 * import { Notification } from "@gridgov/core"
 * import { Email } from "@gridgov/notify-email"
 *
 * const n = Notification.make({
 *   type: "dueSoon", caseId: "case-7", kind: "petition", category: "petition.land", grid: "620981001",
 *   event: { type: "SlaWarned", version: 5, at: 1_700_000_000_000 },
 *   recipient: { _tag: "Person", id: "p-3" }, data: { clock: "conclude" }
 * })
 * Email.render(n, "zh-CN", "https://grid.example/cases/case-7").subject // "【信访】案件即将超时：case-7"
 *
 * @category templates
 * @since 0.1.0
 */
export const render: (notification: Notification.Notification, locale: Messages.Locale, link: string) => Rendered =
  templates.render

/**
 * The link to a case: `<baseUrl>/cases/<caseId>` (the id URL-encoded).
 *
 * @example
 * import { Email } from "@gridgov/notify-email"
 * Email.caseLink("https://grid.example/", "case 1") // "https://grid.example/cases/case%201"
 *
 * @category templates
 * @since 0.1.0
 */
export const caseLink = (baseUrl: string, caseId: string): string =>
  `${baseUrl.replace(/\/+$/, "")}/cases/${encodeURIComponent(caseId)}`

/**
 * The `Message-ID` of the message for a dedupe key and an address:
 * `<hex of SHA-256(dedupeKey, address)>@domain`, the same on every attempt.
 *
 * @example
 * import { Email } from "@gridgov/notify-email"
 * Email.messageId("case-1/3/assigned/unit:dept.water/email", "a@x.example", "grid.example").endsWith("@grid.example>") // true
 *
 * @category templates
 * @since 0.1.0
 */
export const messageId = (dedupeKey: string, address: string, domain: string): string =>
  `<${createHash("sha256").update(dedupeKey).update("\n").update(address.toLowerCase()).digest("hex").slice(0, 40)}@${domain}>`

const domainOf = (from: string): string => {
  const match = /@([^\s>]+)>?\s*$/.exec(from)
  return match?.[1] ?? "gridgov.invalid"
}

const transient = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROXY", "EMAXLIMIT", "EABORT"])

/**
 * How an SMTP failure counts: a reply code decides (4xx and 503 retryable,
 * other 5xx permanent); without one, connection-level errors are retryable and
 * configuration or envelope errors permanent.
 *
 * @example
 * import { Email } from "@gridgov/notify-email"
 * Email.classify({ message: "", responseCode: 451, response: "451 4.3.0 try later" })._tag // "Retryable"
 * Email.classify({ message: "", responseCode: 550, response: "550 5.1.1 no such user" })._tag // "Permanent"
 *
 * @category delivery
 * @since 0.1.0
 */
export const classify = (
  error: Pick<NodemailerError, "code" | "responseCode" | "response" | "message">
): Notifier.Outcome => {
  const reason = (error.response ?? error.message ?? String(error.code)).replace(/\s+/g, " ").trim()
  if (error.responseCode !== undefined) {
    return error.responseCode >= 500 && error.responseCode !== 503
      ? Notifier.permanent(`SMTP ${reason}`)
      : Notifier.retryable(`SMTP ${reason}`)
  }
  if (error.code === undefined || transient.has(error.code))
    return Notifier.retryable(`${error.code ?? "error"}: ${reason}`)
  return Notifier.permanent(`${error.code}: ${reason}`)
}

/**
 * Builds the e-mail transport; the SMTP connection is closed when the scope ends.
 *
 * @example
 * import { Notifier } from "@gridgov/core"
 * import { Email } from "@gridgov/notify-email"
 * import { Effect } from "effect"
 *
 * const NotifierLive = Notifier.layer({
 *   email: Email.make({
 *     smtp: { host: "127.0.0.1", port: 2525 }, from: "noreply@grid.example", baseUrl: "https://grid.example",
 *     resolve: () => Effect.succeed([])
 *   })
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (config: Config): Effect.Effect<Notifier.Transport, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => {
        const timeoutMs = config.timeoutMs ?? 30_000
        const options: SMTPTransportOptions =
          typeof config.smtp === "string"
            ? { url: config.smtp }
            : { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, ...config.smtp }
        return nodemailer.createTransport(options)
      }),
      (transporter) => Effect.sync(() => transporter.close())
    ),
    (transporter): Notifier.Transport => {
      const domain = config.messageIdDomain ?? domainOf(config.from)
      const timeoutMs = (config.timeoutMs ?? 30_000) * 2
      const sendTo = (message: Notifier.Message, to: Address) => {
        const n = message.notification
        const rendered = render(n, to.locale, config.caseUrl?.(n.caseId) ?? caseLink(config.baseUrl, n.caseId))
        return Effect.tryPromise({
          try: () =>
            transporter.sendMail({
              from: config.from,
              to: to.name === undefined ? to.address : { name: to.name, address: to.address },
              subject: rendered.subject,
              text: rendered.text,
              html: rendered.html,
              messageId: messageId(message.dedupeKey, to.address, domain),
              headers: {
                "X-Gridgov-Dedupe-Key": message.dedupeKey,
                "X-Gridgov-Type": n.type,
                "X-Gridgov-Case": n.caseId
              }
            }),
          catch: (error) => error as NodemailerError
        }).pipe(
          Effect.match({ onFailure: classify, onSuccess: () => Notifier.delivered }),
          Effect.timeoutOption(timeoutMs),
          Effect.map(Option.getOrElse(() => Notifier.retryable(`SMTP timed out after ${timeoutMs} ms`))),
          Effect.map((outcome) => [to.address, outcome] as const)
        )
      }
      return {
        deliver: (message) =>
          Effect.flatMap(config.resolve(message.notification.recipient, message.notification), (addresses) =>
            Effect.map(
              Effect.forEach(addresses, (to) => sendTo(message, to)),
              Notifier.combine
            )
          )
      }
    }
  )

/**
 * The `Notifier` with one channel, `email` (or `channel`).
 *
 * @example
 * import { Email } from "@gridgov/notify-email"
 * import { Effect } from "effect"
 * const NotifierLive = Email.layer({
 *   smtp: "smtp://127.0.0.1:2525", from: "noreply@grid.example", baseUrl: "https://grid.example",
 *   resolve: () => Effect.succeed([])
 * })
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: Config, channel = "email"): Layer.Layer<Notifier.Notifier> =>
  Notifier.layer({ [channel]: make(config) })

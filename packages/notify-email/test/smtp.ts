/**
 * A real SMTP server for the tests (smtp-server on 127.0.0.1, random port) that
 * parses what arrives (mailparser) and can reject recipients or messages,
 * temporarily (4xx) or permanently (5xx).
 */
import type { AddressInfo } from "node:net"
import { type ParsedMail, simpleParser } from "mailparser"
import { SMTPServer } from "smtp-server"

export interface Rejection {
  readonly code: number
  readonly message: string
}

export interface Smtp {
  readonly port: number
  readonly received: Array<{ readonly envelopeTo: ReadonlyArray<string>; readonly mail: ParsedMail }>
  /** Decides per recipient address: undefined accepts. */
  rejectRecipient: (address: string) => Rejection | undefined
  /** Decides per message (after DATA): undefined accepts. */
  rejectMessage: (mail: ParsedMail) => Rejection | undefined
  close: () => Promise<void>
}

const smtpError = (r: Rejection) => Object.assign(new Error(r.message), { responseCode: r.code })

export const start = async (): Promise<Smtp> => {
  const smtp: Smtp = {
    port: 0,
    received: [],
    rejectRecipient: () => undefined,
    rejectMessage: () => undefined,
    close: () => Promise.resolve()
  }
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const r = smtp.rejectRecipient(address.address)
      callback(r === undefined ? undefined : smtpError(r))
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const r = smtp.rejectMessage(mail)
          if (r !== undefined) return callback(smtpError(r))
          smtp.received.push({ envelopeTo: session.envelope.rcptTo.map((a) => a.address), mail })
          callback()
        },
        (error: Error) => callback(error)
      )
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return Object.assign(smtp, {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  })
}

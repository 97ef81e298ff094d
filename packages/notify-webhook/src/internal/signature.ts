/**
 * HMAC-SHA256 signatures over `${timestamp}.${body}`, in the header form
 * `t=<unix seconds>,v1=<hex>` (several `v1` entries allowed, for secret rotation).
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export const hmac = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")

export const header = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`

export interface Parsed {
  readonly timestamp: number
  readonly signatures: ReadonlyArray<string>
}

export const parse = (value: string): Parsed | undefined => {
  let timestamp: number | undefined
  const signatures: Array<string> = []
  for (const part of value.split(",")) {
    const eq = part.indexOf("=")
    if (eq <= 0) return undefined
    const key = part.slice(0, eq).trim()
    const v = part.slice(eq + 1).trim()
    if (key === "t") {
      if (!/^\d{1,12}$/.test(v)) return undefined
      timestamp = Number(v)
    } else if (key === "v1") {
      if (!/^[0-9a-f]{64}$/.test(v)) return undefined
      signatures.push(v)
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures }
}

export const equal = (expectedHex: string, givenHex: string): boolean => {
  const a = Buffer.from(expectedHex, "hex")
  const b = Buffer.from(givenHex, "hex")
  return a.length === b.length && timingSafeEqual(a, b)
}

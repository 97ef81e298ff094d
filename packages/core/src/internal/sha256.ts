/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, so that core runs anywhere without
 * `node:crypto` or WebCrypto's asynchronous API; where the runtime offers
 * `node:crypto` synchronously (`process.getBuiltinModule`: Node, Deno and Bun),
 * `sha256Hex` uses it instead, about four times faster on an event's canonical JSON.
 * Both are tested against the NIST vectors and each other.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const W = new Uint32Array(64)
const H = new Uint32Array(8)
const encoder = new TextEncoder()
const HEX: Array<string> = []
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"))

const compress = (block: Uint8Array, offset: number): void => {
  for (let t = 0; t < 16; t++) {
    const j = offset + t * 4
    W[t] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!
    const w2 = W[t - 2]!
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0
  }
  let a = H[0]!
  let b = H[1]!
  let c = H[2]!
  let d = H[3]!
  let e = H[4]!
  let f = H[5]!
  let g = H[6]!
  let h = H[7]!
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const ch = (e & f) ^ (~e & g)
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const maj = (a & b) ^ (a & c) ^ (b & c)
    const t2 = (S0 + maj) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  H[0] = (H[0]! + a) | 0
  H[1] = (H[1]! + b) | 0
  H[2] = (H[2]! + c) | 0
  H[3] = (H[3]! + d) | 0
  H[4] = (H[4]! + e) | 0
  H[5] = (H[5]! + f) | 0
  H[6] = (H[6]! + g) | 0
  H[7] = (H[7]! + h) | 0
}

/** The SHA-256 digest of `bytes`, as 32 bytes. */
export const digest = (bytes: Uint8Array): Uint8Array => {
  H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const length = bytes.length
  const full = length - (length % 64)
  for (let offset = 0; offset < full; offset += 64) compress(bytes, offset)
  // The tail: the remaining bytes, 0x80, zeros, and the length in bits (big-endian, 64 bits).
  const rest = length - full
  const tail = new Uint8Array(rest < 56 ? 64 : 128)
  tail.set(bytes.subarray(full))
  tail[rest] = 0x80
  const bits = length * 8
  const end = tail.length
  const high = Math.floor(bits / 0x100000000)
  tail[end - 8] = high >>> 24
  tail[end - 7] = high >>> 16
  tail[end - 6] = high >>> 8
  tail[end - 5] = high
  tail[end - 4] = bits >>> 24
  tail[end - 3] = bits >>> 16
  tail[end - 2] = bits >>> 8
  tail[end - 1] = bits
  for (let offset = 0; offset < end; offset += 64) compress(tail, offset)
  const out = new Uint8Array(32)
  for (let i = 0; i < 8; i++) {
    const word = H[i]!
    out[i * 4] = word >>> 24
    out[i * 4 + 1] = word >>> 16
    out[i * 4 + 2] = word >>> 8
    out[i * 4 + 3] = word
  }
  return out
}

/** Lower-case hexadecimal of bytes. */
export const toHex = (bytes: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]
  return out
}

/** The SHA-256 of a string's UTF-8 encoding, in lower-case hexadecimal, in plain TypeScript. */
export const sha256HexPortable = (text: string): string => toHex(digest(encoder.encode(text)))

interface NodeCrypto {
  readonly createHash: (algorithm: "sha256") => {
    update: (data: string, encoding: "utf8") => { digest: (encoding: "hex") => string }
  }
}

/** `node:crypto` when the runtime hands it out synchronously; a bundle for the browser gets none. */
export const nodeCrypto = ((): NodeCrypto | undefined => {
  try {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const crypto = runtime?.getBuiltinModule?.("node:crypto") as Partial<NodeCrypto> | undefined
    return typeof crypto?.createHash === "function" ? (crypto as NodeCrypto) : undefined
  } catch {
    return undefined
  }
})()

/** The SHA-256 of a string's UTF-8 encoding, in lower-case hexadecimal. */
export const sha256Hex: (text: string) => string =
  nodeCrypto === undefined
    ? sha256HexPortable
    : (text) => nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex")

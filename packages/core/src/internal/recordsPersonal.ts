/**
 * Personal data of records: checks of resident ID numbers and phone numbers, and
 * masking. Plain code, no Effect run.
 */
import { daysFromCivil } from "./calendarDate.js"

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const checkChars = "10X98765432"

/** The check character of the first 17 digits (ISO 7064 MOD 11-2, GB 11643). */
export const checkDigit = (first17: string): string => {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * weights[i]!
  return checkChars[sum % 11]!
}

export type IdProblem = "length" | "format" | "region" | "birthDate" | "checkDigit"

const monthLength = (y: number, m: number): number =>
  m === 2
    ? (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
      ? 29
      : 28
    : m === 4 || m === 6 || m === 9 || m === 11
      ? 30
      : 31

/** The problem with an 18-digit resident ID number, or `undefined` when it is valid. */
export const idProblem = (id: string): IdProblem | undefined => {
  if (id.length !== 18) return "length"
  if (!/^\d{17}[\dX]$/.test(id)) return "format"
  if (id.charCodeAt(0) < 49 || id.charCodeAt(0) > 56) return "region"
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) return "birthDate"
  if (checkDigit(id) !== id[17]) return "checkDigit"
  return undefined
}

/** The birth date of a valid ID number as an epoch day. */
export const birthDay = (id: string): number =>
  daysFromCivil(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))

const mobile = /^1[3-9]\d{9}$/
const landline = /^0\d{2,3}-?\d{7,8}$/

/** Whether a string is a mainland mobile number (11 digits from 13–19) or a landline with its area code. */
export const isPhone = (phone: string): boolean => mobile.test(phone) || landline.test(phone)

const stars = (n: number): string => "*".repeat(Math.max(0, n))

/** Masks an ID number: the first 3 and the last 4 characters stay. */
export const maskId = (id: string): string =>
  id.length <= 7 ? stars(id.length) : id.slice(0, 3) + stars(id.length - 7) + id.slice(-4)

/** Masks a phone number: the first 3 and last 4 digits of a mobile stay, the last 4 of a landline. */
export const maskPhone = (phone: string): string =>
  mobile.test(phone)
    ? `${phone.slice(0, 3)}****${phone.slice(-4)}`
    : stars(Math.max(0, phone.length - 4)) + phone.slice(-4)

/** Masks an address: the first 6 characters (the town or street) stay. */
export const maskAddress = (address: string): string => {
  const chars = [...address]
  return chars.length <= 6 ? stars(chars.length) : `${chars.slice(0, 6).join("")}****`
}

/** Masks a name: the first character (the surname) stays. */
export const maskName = (name: string): string => {
  const chars = [...name]
  return chars.length === 0 ? "" : chars[0] + stars(Math.max(1, chars.length - 1))
}

/**
 * Why `Embed.start` did not start: thrown (the promise rejects), since a host can do
 * nothing with gridgov until it has started.
 */
export type StartFailure = "StoreUrlInvalid" | "AdapterMissing" | "StoreUnavailable" | "CityInvalid"

export class StartError extends Error {
  override readonly name = "StartError"
  readonly _tag: StartFailure
  constructor(tag: StartFailure, message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this._tag = tag
  }
}

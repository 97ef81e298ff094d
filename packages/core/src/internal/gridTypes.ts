/**
 * Plain types shared by the grid internals and the public `Grid` module. Kept apart
 * so that the internals never import the public module at runtime.
 */
import type { Shape } from "./geo.js"
import type { CodeIndex } from "./gridIndex.js"

/** A label in both catalogue languages. */
export interface Name {
  readonly zh: string
  readonly en: string
}

/** One kind of grid at a level, with the range its code suffix must fall in. */
export interface Kind {
  readonly id: string
  readonly name: Name
  /** Inclusive range of the numeric suffix, e.g. [100, 199] for towns (镇). */
  readonly suffix: readonly [number, number]
}

/** One level of a scheme. */
export interface Level {
  readonly id: string
  readonly name: Name
  /** Digits of the code suffix at this level; for the root level, the length of the root code. */
  readonly width: number
  readonly kinds: ReadonlyArray<Kind>
  /** What a grid at this level does (shown in docs and UIs). */
  readonly duties: Name
}

/** A level scheme: the levels from the root down, and the suffix of exclusive grids. */
export interface Scheme {
  readonly levels: ReadonlyArray<Level>
  readonly exclusive: {
    /** The letter that starts an exclusive grid's suffix (a digit never does). */
    readonly marker: string
    /** Digits after the marker. */
    readonly width: number
  }
}

/** The grid record as the tree stores it (already decoded). */
export interface GridRecord {
  readonly code: string
  readonly parent: string | null
  readonly kind: string
  readonly name: Name
  readonly specialty?: string
  readonly successor?: string
  readonly boundary?: Shape
  readonly verified?: boolean
  readonly source?: string
}

/** One problem found in grid records or in a change. */
export interface Issue {
  readonly _tag: IssueTag
  readonly path: ReadonlyArray<string | number>
  readonly code?: string
  readonly message: string
}

export type IssueTag =
  | "Schema"
  | "NoRoot"
  | "MultipleRoots"
  | "UnknownParent"
  | "DuplicateCode"
  | "Cycle"
  | "UnknownKind"
  | "LevelSkipped"
  | "LevelOutOfOrder"
  | "ExclusiveUnderExclusive"
  | "GridUnderExclusive"
  | "MissingSpecialty"
  | "BadSuffix"
  | "BadSuccessor"
  | "ActiveUnderRetired"
  | "UnknownGrid"
  | "RootChange"
  | "MoveIntoOwnSubtree"
  | "Retired"
  | "HasActiveChildren"

/** The columnar tree. Arrays are indexed by grid id (the record's position). */
export interface Tree {
  readonly scheme: Scheme
  readonly size: number
  readonly records: ReadonlyArray<GridRecord>
  readonly index: CodeIndex
  readonly parent: Int32Array
  readonly level: Int8Array
  readonly depth: Uint8Array
  readonly exclusive: Uint8Array
  readonly retired: Uint8Array
  readonly pre: Int32Array
  readonly post: Int32Array
  /** Grid ids in pre-order: `order[pre[id]] === id`. */
  readonly order: Int32Array
  readonly childStart: Int32Array
  readonly childIds: Int32Array
  readonly bounded: Int32Array
  readonly bbox: Float64Array
}

/** A change to the tree, as a value. */
export type Change =
  | { readonly _tag: "Add"; readonly record: GridRecord }
  | { readonly _tag: "Move"; readonly code: string; readonly parent: string; readonly suffix?: string }
  | { readonly _tag: "Rename"; readonly code: string; readonly name: Name }
  | { readonly _tag: "Retire"; readonly code: string; readonly successor: string }
  | { readonly _tag: "SetBoundary"; readonly code: string; readonly boundary: Shape | null }

/** A component loaded on first render (its code in a chunk of its own). */
import type { ComponentType } from "preact"
import { useEffect, useState } from "preact/hooks"
import { t } from "./i18n.js"

export const lazy = <P extends object>(load: () => Promise<ComponentType<P>>) => {
  let loaded: ComponentType<P> | undefined
  return (props: P) => {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => loaded)
    useEffect(() => {
      if (C !== undefined) return
      void load().then((c) => {
        loaded = c
        setC(() => c)
      })
    }, [])
    return C === undefined ? <p>{t("loading")}</p> : <C {...props} />
  }
}

/**
 * Sign-in with a bearer token (checked with `GET /me`), and, where the example server
 * offers its demo tokens (`GET /console/demo-tokens`, opt-in), a role picker.
 */
import { useEffect, useState } from "preact/hooks"
import { api } from "../api.js"
import { roleLabel, t } from "../i18n.js"

type Demo = { role: string; label: string; person: string; at: string; token: string }

export const SignIn = ({ onToken, expired }: { onToken: (token: string) => void; expired: boolean }) => {
  const [token, setToken] = useState("")
  const [error, setError] = useState<string | undefined>(undefined)
  const [demo, setDemo] = useState<ReadonlyArray<Demo>>([])
  useEffect(() => {
    api.demoTokens().then(setDemo, () => setDemo([]))
  }, [])
  const submit = async (value: string) => {
    setError(undefined)
    try {
      await api.me(value)
      onToken(value)
    } catch {
      setError(t("badToken"))
    }
  }
  return (
    <section class="signin" aria-labelledby="signin-title">
      {expired ? (
        <div class="notice notice-conflict" role="alert" data-testid="expired">
          <h2>{t("expiredTitle")}</h2>
          <p>{t("expiredText")}</p>
        </div>
      ) : null}
      <h1 id="signin-title">{expired ? t("signInAgain") : t("signIn")}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit(token.trim())
        }}
      >
        <label for="token">{t("tokenLabel")}</label>
        <textarea
          id="token"
          rows={3}
          value={token}
          onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)}
        />
        <p class="hint">{t("tokenHelp")}</p>
        {error === undefined ? null : (
          <p role="alert" class="notice notice-error">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          {t("signIn")}
        </button>
      </form>
      {demo.length === 0 ? null : (
        <section aria-labelledby="demo-title">
          <h2 id="demo-title">{t("demoPick")}</h2>
          <ul class="demo">
            {demo.map((d) => (
              <li key={d.label}>
                <button type="button" data-demo={d.label} onClick={() => void submit(d.token)}>
                  {roleLabel(d.role)} · {d.label} · {d.person} · {d.at}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  )
}

/**
 * The e-mail templates: subject, plain text and HTML per notification type, in
 * zh-CN and en. Labels of kinds and clocks come from core's message catalogue;
 * everything that came from users (reasons, notes, ids, categories) is escaped
 * in the HTML part.
 */
import { Messages, type Notification } from "@gridgov/core"

type Locale = Messages.Locale

const titles: { readonly [L in Locale]: { readonly [T in Notification.Type]: string } } = {
  "zh-CN": {
    reported: "新案件待处理",
    assigned: "案件已交办给您",
    returned: "案件被退回",
    transferred: "案件已转办",
    escalated: "案件已上报",
    urged: "督办提醒",
    dueSoon: "案件即将超时",
    breached: "案件已超时",
    extension: "延期事项",
    replyToReporter: "您反映的问题有新进展",
    updated: "案件有更新"
  },
  en: {
    reported: "New case to take up",
    assigned: "Case assigned to you",
    returned: "Case returned",
    transferred: "Case transferred",
    escalated: "Case escalated",
    urged: "Reminder from supervision",
    dueSoon: "Case due soon",
    breached: "Case overdue",
    extension: "Extension",
    replyToReporter: "Update on your report",
    updated: "Case updated"
  }
}

const words = {
  "zh-CN": {
    case: "案件编号",
    kind: "类型",
    category: "类别",
    grid: "网格",
    at: "时间",
    open: "查看案件",
    footer: "此邮件由系统自动发送，请勿直接回复。",
    colon: "：",
    data: {
      reason: "原因",
      note: "备注",
      clock: "环节",
      dueAt: "截止时间",
      unit: "承办单位",
      result: "办理结果",
      reply: "答复",
      days: "天数",
      summary: "摘要"
    } as Record<string, string>
  },
  en: {
    case: "Case",
    kind: "Kind",
    category: "Category",
    grid: "Grid",
    at: "Time",
    open: "Open the case",
    footer: "This message was sent automatically; please do not reply to it.",
    colon: ": ",
    data: {
      reason: "Reason",
      note: "Note",
      clock: "Step",
      dueAt: "Due",
      unit: "Handling unit",
      result: "Result",
      reply: "Reply",
      days: "Days",
      summary: "Summary"
    } as Record<string, string>
  }
} as const

const formats = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short"
  })
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"
  )

const value = (locale: Locale, key: string, v: unknown): string => {
  if (key === "clock" && typeof v === "string") return Messages.labelOr(locale, `clock.${v}`)
  if ((key === "dueAt" || key.endsWith("At")) && typeof v === "number") return formats[locale].format(v)
  return typeof v === "string" ? v : JSON.stringify(v)
}

export interface Rendered {
  readonly subject: string
  readonly text: string
  readonly html: string
}

export const render = (n: Notification.Notification, locale: Locale, link: string): Rendered => {
  const w = words[locale]
  const title = titles[locale][n.type]
  const kind = Messages.labelOr(locale, `kind.${n.kind}`)
  const subject = locale === "zh-CN" ? `【${kind}】${title}：${n.caseId}` : `[${kind}] ${title}: ${n.caseId}`
  const rows: Array<readonly [string, string]> = [
    [w.case, n.caseId],
    [w.kind, kind],
    [w.category, n.category],
    [w.grid, n.grid],
    [w.at, formats[locale].format(n.event.at)],
    ...Object.entries(n.data).map(([k, v]) => [w.data[k] ?? k, value(locale, k, v)] as const)
  ]
  const text = [
    title,
    "",
    ...rows.map(([k, v]) => `${k}${w.colon}${v}`),
    "",
    `${w.open}${w.colon}${link}`,
    "",
    "--",
    w.footer,
    ""
  ].join("\n")
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<h2>${escapeHtml(title)}</h2>
<table cellpadding="4">
${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("\n")}
</table>
<p><a href="${escapeHtml(link)}">${escapeHtml(w.open)}</a></p>
<p style="color: #777; font-size: small">${escapeHtml(w.footer)}</p>
</body>
</html>
`
  return { subject, text, html }
}

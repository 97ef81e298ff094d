/**
 * The State Council General Office's holiday notices (国务院办公厅关于XXXX年部分节假日安排的通知),
 * transcribed one entry per notice. Each festival lists the notice's rest range
 * (放假调休, inclusive, as printed: weekend days inside it are listed too) and its
 * make-up workdays (上班). Checked day by day against the `chinese-days` package
 * for 2020–2026 (see test/CalendarCn.agreement.test.ts).
 */

export type FestivalName =
  | "newYear"
  | "springFestival"
  | "qingming"
  | "labourDay"
  | "dragonBoat"
  | "midAutumn"
  | "nationalDay"

export interface Festival {
  readonly name: FestivalName
  /** The heading as printed in the notice. */
  readonly label: string
  readonly rest: readonly [string, string]
  readonly work: ReadonlyArray<string>
}

export interface Notice {
  /** Stable id: the year, plus a suffix for an amending notice. */
  readonly id: string
  /** The year the arrangement is for. */
  readonly year: number
  readonly title: string
  /** Document number (发文字号); `undefined` where it could not be confirmed. */
  readonly number: string | undefined
  /** Date of the notice (for the 2020 extension: the date it was published on gov.cn). */
  readonly date: string
  readonly url: string
  /** Id of the notice this one amends, if any. */
  readonly amends?: string
  readonly festivals: ReadonlyArray<Festival>
}

const f = (
  name: FestivalName,
  label: string,
  from: string,
  to: string,
  work: ReadonlyArray<string> = []
): Festival => ({ name, label, rest: [from, to], work })

export const notices: ReadonlyArray<Notice> = [
  {
    id: "2020",
    year: 2020,
    title: "国务院办公厅关于2020年部分节假日安排的通知",
    number: "国办发明电〔2019〕16号",
    date: "2019-11-21",
    url: "http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm",
    festivals: [
      f("newYear", "元旦", "2020-01-01", "2020-01-01"),
      f("springFestival", "春节", "2020-01-24", "2020-01-30", ["2020-01-19", "2020-02-01"]),
      f("qingming", "清明节", "2020-04-04", "2020-04-06"),
      f("labourDay", "劳动节", "2020-05-01", "2020-05-05", ["2020-04-26", "2020-05-09"]),
      f("dragonBoat", "端午节", "2020-06-25", "2020-06-27", ["2020-06-28"]),
      f("nationalDay", "国庆节、中秋节", "2020-10-01", "2020-10-08", ["2020-09-27", "2020-10-10"])
    ]
  },
  {
    id: "2020-extension",
    year: 2020,
    title: "国务院办公厅关于延长2020年春节假期的通知",
    number: undefined,
    date: "2020-01-27",
    url: "http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm",
    amends: "2020",
    // The Spring Festival holiday is extended to 2 February (正月初九, Sunday);
    // work resumes on Monday 3 February, so Saturday 1 February is no longer worked.
    festivals: [f("springFestival", "延长春节假期", "2020-01-31", "2020-02-02")]
  },
  {
    id: "2021",
    year: 2021,
    title: "国务院办公厅关于2021年部分节假日安排的通知",
    number: "国办发明电〔2020〕27号",
    date: "2020-11-25",
    url: "http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm",
    festivals: [
      f("newYear", "元旦", "2021-01-01", "2021-01-03"),
      f("springFestival", "春节", "2021-02-11", "2021-02-17", ["2021-02-07", "2021-02-20"]),
      f("qingming", "清明节", "2021-04-03", "2021-04-05"),
      f("labourDay", "劳动节", "2021-05-01", "2021-05-05", ["2021-04-25", "2021-05-08"]),
      f("dragonBoat", "端午节", "2021-06-12", "2021-06-14"),
      f("midAutumn", "中秋节", "2021-09-19", "2021-09-21", ["2021-09-18"]),
      f("nationalDay", "国庆节", "2021-10-01", "2021-10-07", ["2021-09-26", "2021-10-09"])
    ]
  },
  {
    id: "2022",
    year: 2022,
    title: "国务院办公厅关于2022年部分节假日安排的通知",
    number: "国办发明电〔2021〕11号",
    date: "2021-10-25",
    url: "http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm",
    festivals: [
      f("newYear", "元旦", "2022-01-01", "2022-01-03"),
      f("springFestival", "春节", "2022-01-31", "2022-02-06", ["2022-01-29", "2022-01-30"]),
      f("qingming", "清明节", "2022-04-03", "2022-04-05", ["2022-04-02"]),
      f("labourDay", "劳动节", "2022-04-30", "2022-05-04", ["2022-04-24", "2022-05-07"]),
      f("dragonBoat", "端午节", "2022-06-03", "2022-06-05"),
      f("midAutumn", "中秋节", "2022-09-10", "2022-09-12"),
      f("nationalDay", "国庆节", "2022-10-01", "2022-10-07", ["2022-10-08", "2022-10-09"])
    ]
  },
  {
    id: "2023",
    year: 2023,
    title: "国务院办公厅关于2023年部分节假日安排的通知",
    number: "国办发明电〔2022〕16号",
    date: "2022-12-08",
    url: "http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
    festivals: [
      f("newYear", "元旦", "2022-12-31", "2023-01-02"),
      f("springFestival", "春节", "2023-01-21", "2023-01-27", ["2023-01-28", "2023-01-29"]),
      f("qingming", "清明节", "2023-04-05", "2023-04-05"),
      f("labourDay", "劳动节", "2023-04-29", "2023-05-03", ["2023-04-23", "2023-05-06"]),
      f("dragonBoat", "端午节", "2023-06-22", "2023-06-24", ["2023-06-25"]),
      f("nationalDay", "中秋节、国庆节", "2023-09-29", "2023-10-06", ["2023-10-07", "2023-10-08"])
    ]
  },
  {
    id: "2024",
    year: 2024,
    title: "国务院办公厅关于2024年部分节假日安排的通知",
    number: "国办发明电〔2023〕7号",
    date: "2023-10-25",
    url: "https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
    festivals: [
      f("newYear", "元旦", "2024-01-01", "2024-01-01"),
      f("springFestival", "春节", "2024-02-10", "2024-02-17", ["2024-02-04", "2024-02-18"]),
      f("qingming", "清明节", "2024-04-04", "2024-04-06", ["2024-04-07"]),
      f("labourDay", "劳动节", "2024-05-01", "2024-05-05", ["2024-04-28", "2024-05-11"]),
      f("dragonBoat", "端午节", "2024-06-10", "2024-06-10"),
      f("midAutumn", "中秋节", "2024-09-15", "2024-09-17", ["2024-09-14"]),
      f("nationalDay", "国庆节", "2024-10-01", "2024-10-07", ["2024-09-29", "2024-10-12"])
    ]
  },
  {
    // From 2025 the national holiday regulations (全国年节及纪念日放假办法) as revised in
    // November 2024 give one more day each to the Spring Festival and Labour Day.
    id: "2025",
    year: 2025,
    title: "国务院办公厅关于2025年部分节假日安排的通知",
    number: "国办发明电〔2024〕12号",
    date: "2024-11-12",
    url: "https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm",
    festivals: [
      f("newYear", "元旦", "2025-01-01", "2025-01-01"),
      f("springFestival", "春节", "2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"]),
      f("qingming", "清明节", "2025-04-04", "2025-04-06"),
      f("labourDay", "劳动节", "2025-05-01", "2025-05-05", ["2025-04-27"]),
      f("dragonBoat", "端午节", "2025-05-31", "2025-06-02"),
      f("nationalDay", "国庆节、中秋节", "2025-10-01", "2025-10-08", ["2025-09-28", "2025-10-11"])
    ]
  },
  {
    id: "2026",
    year: 2026,
    title: "国务院办公厅关于2026年部分节假日安排的通知",
    number: "国办发明电〔2025〕7号",
    date: "2025-11-04",
    url: "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
    festivals: [
      f("newYear", "元旦", "2026-01-01", "2026-01-03", ["2026-01-04"]),
      f("springFestival", "春节", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),
      f("qingming", "清明节", "2026-04-04", "2026-04-06"),
      f("labourDay", "劳动节", "2026-05-01", "2026-05-05", ["2026-05-09"]),
      f("dragonBoat", "端午节", "2026-06-19", "2026-06-21"),
      f("midAutumn", "中秋节", "2026-09-25", "2026-09-27"),
      f("nationalDay", "国庆节", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"])
    ]
  }
]

export * as CalendarCn from "./CalendarCn.js"

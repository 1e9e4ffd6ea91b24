/**
 * How the marketer's pages write numbers: money in the shop's currency, counts and rates in the
 * shop's locale, instants in the shop's time zone (AXON_SHOP_CURRENCY, AXON_SHOP_LOCALE,
 * AXON_SHOP_TIME_ZONE). Every page formats through here, so a shop selling in EUR from Berlin
 * changes three settings, not templates. Null (no value: a ratio without a denominator) is "–".
 * Dates are ISO (2025-11-10, 2025-11-10 09:00) in every locale: the same as the charts' axes, the
 * CSVs and the date fields, so one page never mixes "2025. 11. 10." with "2025-11-10".
 */
import { config } from '../common/config'

export interface ShopFormat {
  locale: string
  currency: string
  timeZone: string
}

const shop: ShopFormat = { locale: config.shopLocale, currency: config.shopCurrency, timeZone: config.shopTimeZone }
const none = '–'

/** The formatters of one shop; pages use the configured shop's (the exports below). */
export function formatsFor({ locale, currency, timeZone }: ShopFormat) {
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency })
  const countFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
  // 24-hour clock: digits read the same in every locale (no 오후 / p.m. beside English labels)
  const partsFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const isoParts = (value: Date | string) => Object.fromEntries(partsFormat.formatToParts(instant(value)).map((p) => [p.type, p.value]))
  const isoDate = (value: Date | string) => {
    const p = isoParts(value)
    return `${p.year}-${p.month}-${p.day}`
  }
  const isoDateTime = (value: Date | string) => {
    const p = isoParts(value)
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
  }
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'medium', hourCycle: 'h23' })
  const instant = (value: Date | string) => (value instanceof Date ? value : new Date(value))
  return {
    money: (amount: number | null | undefined) => (amount == null ? none : moneyFormat.format(amount)),
    count: (n: number | null | undefined) => (n == null ? none : countFormat.format(n)),
    decimal: (n: number | null | undefined) => (n == null ? none : decimalFormat.format(n)),
    /** a rate the API gives in percent (12.5 → "12.5%") */
    percent: (pct: number | null | undefined) => (pct == null ? none : percentFormat.format(pct / 100)),
    /** "2025-11-10 09:00" in the shop's time zone */
    dateTime: (value: Date | string | null | undefined) => (value == null ? none : isoDateTime(value)),
    /** "2025-11-10": the shop's day of the instant */
    date: (value: Date | string | null | undefined) => (value == null ? none : isoDate(value)),
    time: (value: Date | string | null | undefined) => (value == null ? none : timeFormat.format(instant(value))),
    /** a duration in seconds as a person says it: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h" */
    duration: (seconds: number | null | undefined) => (seconds == null ? none : spokenDuration(seconds)),
  }
}

function spokenDuration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]]
  const start = units.findIndex(([, size]) => s >= size)
  const [bigName, bigSize] = units[start]!
  const [smallName, smallSize] = units[start + 1]!
  const small = Math.floor((s % bigSize) / smallSize)
  return `${Math.floor(s / bigSize)} ${bigName}${small ? ` ${small} ${smallName}` : ''}`
}

export const format = formatsFor(shop)
export const shopFormat: Readonly<ShopFormat> = shop

/** The shop's way of writing numbers for the activity dashboard (locale, currency, time zone from config). */
import { config } from '../../../common/config'
import type { ShopLocale } from '../../../views/pages/activity-charts'
import type { Formats } from '../../../views/partials/activity-widget'

export const shop: ShopLocale = { locale: config.shopLocale, currency: config.shopCurrency, timeZone: config.shopTimeZone }

const money = new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency })
const count = new Intl.NumberFormat(shop.locale)
const percent = new Intl.NumberFormat(shop.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const dateTime = new Intl.DateTimeFormat(shop.locale, { timeZone: shop.timeZone, dateStyle: 'medium', timeStyle: 'medium' })

export const formats: Formats = {
  money: (value) => money.format(value),
  count: (value) => count.format(value),
  percent: (value) => `${percent.format(value)}%`,
  dateTime: (value) => dateTime.format(typeof value === 'string' ? new Date(value) : value),
}

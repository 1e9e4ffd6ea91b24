/**
 * What the three forms share: turning form text into core's JSON (numbers, empties) and core's
 * answer back into messages next to the fields. Core is the one validator: the form only converts
 * what it can and sends the rest as typed, so core's message is the one the marketer reads.
 */
import type { Section } from '../../../views/layouts/base'
import type { FieldSpec, FormValues } from '../../../views/pages/forms'
import type { CoreReply } from './core-admin'

export type Mode = 'create' | 'edit'

export interface EntityForm {
  section: Section
  fields: readonly FieldSpec[]
  /** form values → core's JSON body, with the problems the form can see itself (a date that is no date) */
  toCore(values: FormValues, mode: Mode): { body: Record<string, unknown>; errors: Record<string, string> }
  /** core's entity → the form's values, for editing */
  fromCore(entity: Record<string, any>): FormValues
}

export const textOf = (v: FormValues[string]) => (typeof v === 'string' ? v.trim() : '')
export const listOf = (v: FormValues[string]) => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [])

/** '' → undefined; "1,200,000" → 1200000; anything else goes to core as typed (it says what is wrong). */
export function numberOrTyped(v: FormValues[string]): number | string | undefined {
  const typed = textOf(v)
  if (!typed) return undefined
  const n = Number(typed.replace(/[,\s_]/g, ''))
  return Number.isFinite(n) ? n : typed
}

/** Drops the keys whose value is undefined (not sent: core keeps or defaults them). */
export function defined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
}

export interface Refusal {
  errors: Record<string, string>
  formError?: string
}

/**
 * Core's refusal as the form shows it: each of its field messages under the form field of that
 * name (`rules/memberGrades` → memberGrades), the rest above the form.
 */
export function refusalOf(reply: CoreReply, fields: readonly FieldSpec[]): Refusal {
  const errors: Record<string, string> = {}
  const elsewhere: string[] = []
  const names = new Set(fields.map((f) => f.name))
  for (const { field, message } of (reply.body?.fields ?? []) as Array<{ field: string; message: string }>) {
    const name = field.split('/').at(-1)!
    if (names.has(name)) errors[name] ??= message
    else elsewhere.push(`${field} ${message}`)
  }
  const nothingPlaced = Object.keys(errors).length === 0
  const formError = elsewhere.length ? elsewhere.join('; ') : nothingPlaced ? String(reply.body?.message ?? `core answered ${reply.status}`) : undefined
  return { errors, formError }
}

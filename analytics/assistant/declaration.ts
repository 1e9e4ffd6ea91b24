/**
 * A tool's TypeBox parameter schema as the JSON Schema a model is told: the same schema the API
 * validates with, less TypeBox's own markers. Unions of literals become `enum`s, Elysia's numbers
 * (a number, or its digits as text in a query string) their number, and the dashboards' date
 * format a description, which every function-calling model reads.
 */
import type { TObject } from '@sinclair/typebox'

type Json = Record<string, unknown>

const dateHint = 'a date such as 2025-11-28 or an ISO-8601 date-time'

function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain)
  if (!node || typeof node !== 'object') return node
  const schema = node as Json
  const literals = Array.isArray(schema.anyOf) ? (schema.anyOf as Json[]).map((s) => s.const) : []
  if (literals.length && literals.every((v) => typeof v === 'string')) {
    return { type: 'string', enum: literals, ...(schema.description ? { description: schema.description } : {}) }
  }
  const numeric = Array.isArray(schema.anyOf) ? (schema.anyOf as Json[]).find((s) => s.type === 'integer' || s.type === 'number') : undefined
  if (numeric && (schema.anyOf as Json[]).every((s) => s === numeric || s.type === 'string')) return plain(numeric)
  const out: Json = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'reportsParameter' || key === 'format') continue
    out[key] = plain(value)
  }
  if (schema.format === 'dashboard-date') out.description = `${schema.description ?? ''} (${dateHint})`.trim()
  return out
}

/** The JSON Schema of a tool's arguments (an object schema; symbols and markers dropped). */
export function declarationSchema(schema: TObject): Record<string, unknown> {
  return plain(JSON.parse(JSON.stringify(schema))) as Record<string, unknown>
}

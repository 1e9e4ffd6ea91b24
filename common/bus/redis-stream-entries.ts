/**
 * How a bus message is laid out as a stream entry: fields `key` (optional), `value`, `headers`
 * (optional JSON object). Lua scripts append entries themselves (`XADD <topic> * key <k> value
 * <json>`, no headers), so decoding accepts any field order and a missing `headers`.
 */
import type { ChainableCommander } from 'ioredis'
import type { IncomingMessage, OutgoingMessage } from './port'

export type StreamEntry = [id: string, fields: string[]]

export function entryFields(message: OutgoingMessage): string[] {
  const fields: string[] = []
  if (message.key !== undefined) fields.push('key', message.key)
  fields.push('value', message.value)
  if (message.headers && Object.keys(message.headers).length > 0) fields.push('headers', JSON.stringify(message.headers))
  return fields
}

export interface DecodedEntry {
  message: IncomingMessage
  /** set when the entry is not a bus message; it goes to the DLQ without reaching the handler */
  problem?: string
}

function parseHeaders(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return {}
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    return Object.values(parsed).every((v) => typeof v === 'string') ? (parsed as Record<string, string>) : undefined
  } catch {
    return undefined
  }
}

export function decodeEntry(topic: string, [id, fields]: StreamEntry, deliveryCount: number): DecodedEntry {
  const byName = new Map<string, string>()
  for (let i = 0; i + 1 < fields.length; i += 2) byName.set(fields[i]!, fields[i + 1]!)
  const value = byName.get('value')
  const headers = parseHeaders(byName.get('headers'))
  const message: IncomingMessage = { id, topic, key: byName.get('key'), value: value ?? '', headers: headers ?? {}, deliveryCount }
  if (value === undefined) return { message, problem: 'stream entry has no value field' }
  if (!headers) return { message, problem: 'stream entry headers are not a JSON object of strings' }
  return { message }
}

type ReadGroupReply = [stream: string, entries: StreamEntry[]][] | null

/** Entries of an XREADGROUP reply for one stream (none on a timeout). */
export function entriesOfRead(reply: unknown): StreamEntry[] {
  return (reply as ReadGroupReply)?.[0]?.[1] ?? []
}

type AutoClaimReply = [cursor: string, entries: (StreamEntry | null)[], deleted?: string[]]

/** Next cursor and the claimed entries of an XAUTOCLAIM reply (Redis 6.2 lists deleted ones as nil). */
export function entriesOfAutoClaim(reply: unknown): { cursor: string; entries: StreamEntry[] } {
  const [cursor, entries] = reply as AutoClaimReply
  return { cursor, entries: entries.filter((e): e is StreamEntry => e !== null) }
}

/** Runs a MULTI or pipeline and fails with the first command's error, if any. */
export async function execAll(commands: ChainableCommander, what: string): Promise<unknown[]> {
  const results = await commands.exec()
  if (!results) throw new Error(`${what} was aborted`)
  const failed = results.find(([error]) => error)
  if (failed) throw failed[0]
  return results.map(([, reply]) => reply)
}

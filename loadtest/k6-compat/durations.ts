/** k6 durations are Go durations: "30s", "1m30s", "500ms", "1.5h"; a bare number means seconds. */
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export function durationMs(text: string | number): number {
  if (typeof text === 'number') return text * 1000
  const value = text.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (!parts.length || parts.map((p) => p[0]).join('') !== value) throw new Error(`"${text}" is not a duration such as 30s, 1m30s or 500ms`)
  return parts.reduce((total, [, n, unit]) => total + Number(n) * unitMs[unit!]!, 0)
}

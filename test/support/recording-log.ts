/** A logger that keeps what it is told, for tests that assert nothing went wrong along the way. */
import type { Fields, Logger } from '../../common/log'

export function recordingLog() {
  const lines: { level: string; msg: string; fields?: Fields }[] = []
  const record = (level: string) => (msg: string, fields?: Fields) => void lines.push({ level, msg, fields })
  const log: Logger = { debug: () => {}, info: record('info'), warn: record('warn'), error: record('error'), child: () => log }
  return { log, problems: () => lines.filter((l) => l.level === 'warn' || l.level === 'error') }
}

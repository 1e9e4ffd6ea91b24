/**
 * JSON-lines logging to stderr: one object per line, so `./axon up` can prefix and users can grep
 * or ship them. Levels come from config; `child` adds fixed fields (process, worker id).
 */
import { config } from './config'

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const
type Level = keyof typeof levels
export type Fields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: Fields): void
  info(msg: string, fields?: Fields): void
  warn(msg: string, fields?: Fields): void
  error(msg: string, fields?: Fields): void
  child(fields: Fields): Logger
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code }
  return value
}

export function createLogger(base: Fields = {}, threshold: Level = config.logLevel as Level): Logger {
  const write = (level: Level, msg: string, fields?: Fields) => {
    if (levels[level] < levels[threshold]) return
    const line: Fields = { t: new Date().toISOString(), level, msg, ...base }
    if (fields) for (const [k, v] of Object.entries(fields)) line[k] = serialise(v)
    process.stderr.write(JSON.stringify(line) + '\n')
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, threshold),
  }
}

export const log = createLogger()

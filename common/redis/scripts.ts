/**
 * Lua script loader, after BullMQ: one script per file named `<verb>-<numberOfKeys>.lua`, shared
 * functions in `includes/<fn>.lua` pulled in by a `--- @include "includes/<fn>"` line (each include
 * is inlined once). Files are read once at start-up; ioredis's `defineCommand` then runs them by
 * EVALSHA and falls back to EVAL when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Redis } from 'ioredis'

export interface ScriptSpec {
  name: string
  numberOfKeys: number
  lua: string
}

const includeLine = /^---\s*@include\s+"([^"]+)"\s*$/gm

function inline(dir: string, source: string, seen: Set<string>): string {
  return source.replace(includeLine, (_, path: string) => {
    if (seen.has(path)) return ''
    seen.add(path)
    return inline(dir, readFileSync(join(dir, `${path}.lua`), 'utf8'), seen)
  })
}

/** Reads every `<name>-<keys>.lua` in `dir` with its includes inlined. */
export function loadScripts(dir: string): Map<string, ScriptSpec> {
  const specs = new Map<string, ScriptSpec>()
  for (const file of readdirSync(dir)) {
    const match = /^([A-Za-z]+)-(\d+)\.lua$/.exec(file)
    if (!match) continue
    const [, name, keys] = match as unknown as [string, string, string]
    const lua = inline(dir, readFileSync(join(dir, file), 'utf8'), new Set())
    specs.set(name, { name, numberOfKeys: Number(keys), lua })
  }
  return specs
}

export type ScriptCall = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>

/** Registers one script on a connection and returns a caller that checks the key count. */
export function defineScript(redis: Redis, spec: ScriptSpec | undefined): ScriptCall {
  if (!spec) throw new Error('Lua script not found')
  redis.defineCommand(spec.name, { numberOfKeys: spec.numberOfKeys, lua: spec.lua })
  const command = (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[spec.name]!.bind(redis)
  return (keys, args) => {
    if (keys.length !== spec.numberOfKeys)
      throw new Error(`${spec.name} takes ${spec.numberOfKeys} keys, got ${keys.length}`)
    return command(...keys, ...args)
  }
}

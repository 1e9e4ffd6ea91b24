/**
 * Axon's k6 compatibility runner (not k6, which cannot be installed here): smoke-runs a k6 script
 * against the local platform with the subset of the k6 API our scripts use.
 *
 *   bun loadtest/k6-compat/run.ts [run] <script.js> [-u|--vus N] [-i|--iterations N] [-d|--duration 30s]
 *                                 [-e|--env KEY=VALUE]… [--summary-json <file>]
 *
 * __ENV holds only the -e values (k6 with --include-system-env-vars=false). Exit codes follow k6:
 * 0 passed, 99 a threshold was crossed, 104 flags or options the runner does not support,
 * 107 the script failed (import, setup or teardown threw).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Overrides } from './plan'
import { runScript, ScriptError } from './runner'
import { notK6, summaryJson, summaryText, thresholdsPassed } from './summary'
import { UnsupportedOption } from './thresholds'

export const exitCodes = { passed: 0, thresholdsCrossed: 99, invalidOptions: 104, scriptError: 107 } as const

interface Command {
  scriptPath: string
  overrides: Overrides
  env: Record<string, string>
  summaryJson?: string
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new UnsupportedOption(`${flag} takes a positive integer, got "${value}"`)
  return n
}

function parseCommand(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv[0] === 'run' ? argv.slice(1) : argv,
    allowPositionals: true,
    options: {
      vus: { type: 'string', short: 'u' },
      iterations: { type: 'string', short: 'i' },
      duration: { type: 'string', short: 'd' },
      env: { type: 'string', short: 'e', multiple: true },
      'summary-json': { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UnsupportedOption('name one script: bun loadtest/k6-compat/run.ts <script.js> [options]')
  const env: Record<string, string> = {}
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=')
    if (eq < 1) throw new UnsupportedOption(`-e takes KEY=VALUE, got "${pair}"`)
    env[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return {
    scriptPath: resolve(positionals[0]!),
    overrides: { vus: count('--vus', values.vus), iterations: count('--iterations', values.iterations), duration: values.duration },
    env,
    summaryJson: values['summary-json'],
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv)
    process.stderr.write(`k6-compat: Axon's k6 compatibility runner, not k6 — running ${command.scriptPath}\n`)
    const result = await runScript({ ...command, progress: (line) => process.stderr.write(`${line}\n`) })
    console.log(summaryText(result, command.scriptPath))
    if (command.summaryJson) await Bun.write(command.summaryJson, JSON.stringify(summaryJson(result, command.scriptPath), null, 2) + '\n')
    return thresholdsPassed(result) ? exitCodes.passed : exitCodes.thresholdsCrossed
  } catch (error) {
    if (error instanceof UnsupportedOption || error instanceof ScriptError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`k6-compat: ${(error as Error).message}\n`)
      return error instanceof ScriptError ? exitCodes.scriptError : exitCodes.invalidOptions
    }
    throw error
  }
}

if (import.meta.main) process.exit(await main(Bun.argv.slice(2)))

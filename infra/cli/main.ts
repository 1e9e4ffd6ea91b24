/**
 * `./axon <command>`: the entry point the `axon` script runs once Bun and the dependencies are in
 * place. Whatever a command started is stopped when it ends, fails, or on Ctrl-C / SIGTERM.
 */
import { SetupError, say } from '../local/report'
import { interrupted, listenForSignals, stopEverything } from './support/session'

function describe(error: unknown): number {
  if (error instanceof SetupError) {
    process.stderr.write(`axon: ${error.message}\n`)
    return error.exitCode
  }
  // a bad setting is the user's to fix, not a bug: the message names the variable
  if (error instanceof Error && error.name === 'ConfigError') {
    process.stderr.write(`axon: ${error.message}\n`)
    return 1
  }
  process.stderr.write(`axon: unexpected error (a bug in ./axon; please report it):\n${(error as Error)?.stack ?? String(error)}\n`)
  return 1
}

async function main(argv: readonly string[]): Promise<number> {
  listenForSignals()
  try {
    // imported here so that an invalid setting (checked when the config loads) is reported plainly
    const { findCommand, printHelp } = await import('./commands')
    const [name = 'help', ...args] = argv
    const command = findCommand(name)
    if (!command) {
      process.stderr.write(`axon: unknown command "${name}"\n\n`)
      printHelp(process.stderr)
      return 2
    }
    const run = command.run(args)
    // after an interruption the command may still fail while things stop; that is expected
    run.catch(() => {})
    const stopped = interrupted.then((signal) => {
      say(`${signal}: stopping`)
      return command.interruptedExitCode
    })
    return await Promise.race([run, stopped])
  } catch (error) {
    return describe(error)
  }
}

const code = await main(Bun.argv.slice(2))
await stopEverything()
process.exit(code)

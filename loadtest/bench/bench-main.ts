/**
 * The command line every benchmark shares: --help, flags parsed (a bad one prints the usage and
 * exits 2), the run raced against Ctrl-C (exit 130), and whatever it started stopped either way.
 */
import { interrupted, listenForSignals, stopEverything } from '../../infra/cli/support/session'
import { SetupError } from '../../infra/local/report'

export const progress = (line: string) => process.stderr.write(`bench: ${line}\n`)

export async function benchMain<O>(argv: string[], usage: string, parse: (argv: string[]) => O, run: (options: O) => Promise<number>): Promise<number> {
  if (argv.includes('--help')) {
    console.log(usage)
    return 0
  }
  let options: O
  try {
    options = parse(argv)
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    return 2
  }
  listenForSignals()
  try {
    const stopped = interrupted.then((signal) => {
      progress(`${signal}: stopping`)
      return 130
    })
    return await Promise.race([run(options), stopped])
  } catch (error) {
    // a missing program or server: the message says what to do, a stack trace would bury it
    if (!(error instanceof SetupError)) throw error
    console.error(`bench: ${error.message}`)
    return error.exitCode
  } finally {
    await stopEverything()
  }
}

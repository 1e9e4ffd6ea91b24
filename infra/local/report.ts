/**
 * What the local tooling tells the user. Progress goes to stderr so that a command's result on
 * stdout (`TOKEN=$(./axon token 1)`) stays clean; `SetupError` carries a message that says what to do.
 */
export class SetupError extends Error {
  override name = 'SetupError'
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

export function say(message: string): void {
  process.stderr.write(`axon: ${message}\n`)
}

export function warn(message: string): void {
  process.stderr.write(`axon: warning: ${message}\n`)
}

/** The last lines of a log file, to show why a server did not start. */
export async function tail(path: string, lines = 15): Promise<string> {
  const file = Bun.file(path)
  if (!(await file.exists())) return `(no log at ${path})`
  return (await file.text()).trimEnd().split('\n').slice(-lines).join('\n')
}

/** A server URL fit to print: the password, if any, replaced by `***`. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(not a valid URL)'
  }
}

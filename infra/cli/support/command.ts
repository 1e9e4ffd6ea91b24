/** The shape of one `./axon` subcommand; `help` prints `usage` and `summary` of each. */
export interface Command {
  name: string
  /** arguments after the name, as help shows them: "<userId>", "[bun test args…]" */
  args?: string
  summary: string
  /** exit code after Ctrl-C / SIGTERM: 0 where stopping is the normal way to end (up, infra) */
  interruptedExitCode: number
  run(args: readonly string[]): Promise<number>
}

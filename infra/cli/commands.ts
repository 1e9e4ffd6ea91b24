/** Every `./axon` command, in the order help lists them. */
import { dlq } from './dlq'
import { helpCommand, helpText } from './help'
import { infra } from './infra'
import { migrate } from './migrate'
import { seed } from './seed'
import { simulateCommand } from './simulate'
import { status } from './status'
import type { Command } from './support/command'
import { test } from './test'
import { token } from './token'
import { up } from './up'

const commands: Command[] = [up, test, infra, migrate, seed, token, simulateCommand, status, dlq]
commands.push(helpCommand(() => commands))

export function findCommand(name: string): Command | undefined {
  const wanted = name === '--help' || name === '-h' ? 'help' : name
  return commands.find((c) => c.name === wanted)
}

export function printHelp(stream: { write(text: string): unknown }): void {
  stream.write(helpText(commands))
}

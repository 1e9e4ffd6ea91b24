/** `./axon help`: every command, what it does, and where the settings are documented. */
import type { Command } from './support/command'

export function helpText(commands: readonly Command[]): string {
  const rows = commands.map((c) => [`./axon ${c.name}${c.args ? ` ${c.args}` : ''}`, c.summary] as const)
  const width = Math.max(...rows.map(([usage]) => usage.length)) + 2
  return [
    'Axon — customer data platform. Usage: ./axon <command> [arguments]',
    '',
    ...rows.map(([usage, summary]) => `  ${usage.padEnd(width)}${summary}`),
    '',
    'Without REDIS_URL / MYSQL_URL, commands start project-owned Redis and MariaDB under .axon/',
    '(installing them with apt-get when run as root). Every setting is listed in README.md, "Configuration".',
    '',
  ].join('\n')
}

export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'show this list',
    interruptedExitCode: 130,
    async run() {
      process.stdout.write(helpText(commands()))
      return 0
    },
  }
}

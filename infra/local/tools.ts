/**
 * Finding the programs Axon runs, and installing missing ones from Debian's packages. As root we
 * install them ourselves; otherwise we print the exact command, because a CLI should not ask for a
 * password halfway through.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { childEnvironment } from '../../common/config/child-env'
import { SetupError, say, warn } from './report'

/** Debian installs server daemons to sbin, which a normal user's PATH lacks. */
const systemDirs = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** Where `program` is: on PATH, else in the system folders; `searchPath` replaces both (tests). */
export function findProgram(program: string, searchPath?: string): string | null {
  if (searchPath !== undefined) return Bun.which(program, { PATH: searchPath })
  return Bun.which(program) ?? Bun.which(program, { PATH: systemDirs })
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0
}

/** A program and the Debian package that ships it. */
export interface Needed {
  program: string
  pkg: string
}

/** A package that brings no program (fonts), known by a file it installs. */
export interface NeededFile {
  file: string
  pkg: string
}

export function isInstalled(needed: Needed | NeededFile): boolean {
  return 'file' in needed ? existsSync(needed.file) : findProgram(needed.program) !== null
}

export function installCommand(packages: readonly string[]): string {
  return `sudo apt-get install -y ${packages.join(' ')}`
}

/**
 * Returns the path of each needed program, installing the missing ones as root. Not root: throws
 * with the command to run; `alternative` names another way out (e.g. REDIS_URL).
 */
export async function requirePrograms(needed: readonly Needed[], why: string, alternative = ''): Promise<string[]> {
  const missing = needed.filter((n) => !findProgram(n.program))
  if (missing.length) {
    const packages = missing.map((n) => n.pkg)
    if (!runningAsRoot()) {
      const orElse = alternative ? `\nor ${alternative}` : ''
      throw new SetupError(`${why} needs ${missing.map((n) => n.program).join(', ')}, not found on this machine. Install with:\n  ${installCommand(packages)}${orElse}`)
    }
    await aptInstall(packages)
  }
  return needed.map((n) => {
    const path = findProgram(n.program)
    if (!path) throw new SetupError(`${n.pkg} was installed but ${n.program} is still not found; check apt-get's output above`)
    return path
  })
}

/**
 * Like requirePrograms, for tools only some tests use: a non-root user, or an apt-get that fails
 * (no network, the package lists locked by another apt), gets a warning, not a stop.
 */
export async function offerPrograms(needed: readonly (Needed | NeededFile)[], why: string): Promise<void> {
  const missing = needed.filter((n) => !isInstalled(n))
  if (!missing.length) return
  const packages = missing.map((n) => n.pkg)
  const advice = `${why} need ${packages.join(', ')}; the tests that use them will fail or skip. Install with:\n  ${installCommand(packages)}`
  if (!runningAsRoot()) return warn(advice)
  try {
    await aptInstall(packages)
  } catch (error) {
    if (!(error instanceof SetupError)) throw error
    warn(`${error.message}\n${advice}`)
  }
}

async function apt(args: string[]): Promise<number> {
  const child = Bun.spawn(['apt-get', ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: childEnvironment({}, { DEBIAN_FRONTEND: 'noninteractive' }),
  })
  return child.exited
}

/**
 * `apt-get install -y`, refreshing the package lists once if that fails (a fresh machine often has
 * none). A temporary policy-rc.d keeps the package from starting its own service on the standard
 * port: Axon runs its own instance, and a stray system one would only confuse.
 */
export async function aptInstall(packages: readonly string[]): Promise<void> {
  say(`installing ${packages.join(', ')} with apt-get (not found on this machine)`)
  const policy = '/usr/sbin/policy-rc.d'
  const ownPolicy = !existsSync(policy)
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# written by ./axon during apt-get install: do not start services\nexit 101\n', { mode: 0o755 })
  try {
    if ((await apt(['install', '-y', '-q', ...packages])) === 0) return
    say('apt-get install failed; refreshing package lists (apt-get update) and trying again')
    await apt(['update', '-q'])
    if ((await apt(['install', '-y', '-q', ...packages])) !== 0)
      throw new SetupError(`apt-get install -y ${packages.join(' ')} failed; its output is above`)
  } finally {
    if (ownPolicy) rmSync(policy, { force: true })
  }
}

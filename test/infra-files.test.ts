/**
 * What the container files name exists, since no Docker engine runs where this suite does:
 * every COPY source of infra/Dockerfile; every build context, Dockerfile and mounted file of the
 * compose file; every kustomization resource. And the image holds what the processes it runs
 * need: from each `bun <entry>` that the Dockerfile, compose and k8s start, every file reached by
 * imports (or a Worker URL) is copied and not dockerignored, and every package is a runtime
 * dependency (the image installs with --production). The image once copied a missing views/ and
 * not the tracker/ the gateway builds at start. Last, CI runs the README's test command.
 */
import { expect, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { assetSources } from '../analytics/modules/static/assets'
import { projectRoot } from '../common/config'

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8')
const composeDir = 'infra/compose'
const compose = Bun.YAML.parse(read(`${composeDir}/docker-compose.yml`)) as {
  services: Record<string, { build?: { context: string; dockerfile?: string }; command?: string[]; volumes?: string[]; env_file?: string[] }>
}
const k8sFiles = (Bun.YAML.parse(read('infra/k8s/kustomization.yaml')) as { resources: string[] }).resources
const dockerfile = read('infra/Dockerfile')

/** `COPY [--flags] <src>… <dest>` lines that copy from the build context (not from another stage). */
function copySources(): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1).filter((word) => !word.startsWith('--')).slice(0, -1))
}

const ignorePatterns = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))

/** Docker skips a path when a pattern matches it or one of the folders above it. */
function dockerignored(path: string): boolean {
  const parts = path.split('/')
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
  return ignorePatterns.some((pattern) => candidates.some((candidate) => new Bun.Glob(pattern).match(candidate)))
}

function filesUnder(path: string): string[] {
  const absolute = join(projectRoot, path)
  if (!statSync(absolute).isDirectory()) return [path]
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(path, entry))
    .filter((entry) => statSync(join(projectRoot, entry)).isFile())
}

/** Repository paths (relative to the root) the image holds. */
function imageFiles(): Set<string> {
  return new Set(copySources().flatMap(filesUnder).filter((file) => !dockerignored(file)))
}

/** The `bun <entry>` every container runs: the Dockerfile's CMD, compose commands, k8s commands. */
function entries(): string[] {
  const commands: string[][] = [JSON.parse(/^CMD\s+(\[.*\])$/m.exec(dockerfile)![1]!)]
  for (const service of Object.values(compose.services)) if (service.command) commands.push(service.command)
  for (const file of k8sFiles) {
    const documents = [Bun.YAML.parse(read(`infra/k8s/${file}`))].flat() as Array<{ spec?: { template?: { spec?: { containers?: Array<{ command?: string[] }> } } } }>
    for (const doc of documents) for (const container of doc.spec?.template?.spec?.containers ?? []) if (container.command) commands.push(container.command)
  }
  return [...new Set(commands.filter((c) => c[0] === 'bun').map((c) => c[1]!))]
}

const transpiler = new Bun.Transpiler({ loader: 'ts' })

/** What one source file needs: relative specifiers (imports, `new URL('./x', import.meta.url)`) and packages. */
function needs(file: string): { files: string[]; packages: string[] } {
  const code = read(file)
  const specifiers = transpiler.scanImports(code).map((i) => i.path)
  for (const match of code.matchAll(/new URL\(\s*'(\.[^']+)',\s*import\.meta\.url\s*\)/g)) specifiers.push(match[1]!)
  const files: string[] = []
  const packages: string[] = []
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) files.push(resolveSource(resolve(projectRoot, dirname(file), specifier)))
    else if (!specifier.startsWith('node:') && !specifier.startsWith('bun') && !builtinModules.includes(specifier))
      packages.push(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'))
  }
  return { files, packages }
}

function resolveSource(absolute: string): string {
  const found = [absolute, `${absolute}.ts`, join(absolute, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile())
  return relative(projectRoot, found ?? absolute)
}

test('every COPY source of infra/Dockerfile exists in the repository', () => {
  const sources = copySources()
  expect(sources).toContain('tracker')
  expect(sources.filter((source) => !existsSync(join(projectRoot, source)))).toEqual([])
})

test('every build context, Dockerfile and mounted file of the compose file exists', () => {
  const named: string[] = []
  for (const service of Object.values(compose.services)) {
    if (service.build) {
      named.push(join(composeDir, service.build.context))
      if (service.build.dockerfile) named.push(join(composeDir, service.build.context, service.build.dockerfile))
    }
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0]!
      if (source.startsWith('.') || source.startsWith('/')) named.push(join(composeDir, source))
    }
    for (const file of service.env_file ?? []) named.push(join(composeDir, file))
  }
  expect(named.length).toBeGreaterThan(3)
  expect(named.filter((path) => !existsSync(join(projectRoot, path)))).toEqual([])
})

test('every resource of the k8s kustomization exists', () => {
  expect(k8sFiles.filter((file) => !existsSync(join(projectRoot, 'infra/k8s', file)))).toEqual([])
})

test('the image holds every file and runtime package the processes it starts import', () => {
  const image = imageFiles()
  const dependencies = Object.keys((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies)
  const starts = entries()
  expect(starts).toEqual(expect.arrayContaining(['gateway/main.ts', 'core/main.ts', 'analytics/main.ts']))
  const missingFiles = new Set<string>()
  const missingPackages = new Set<string>()
  const seen = new Set<string>()
  const queue = [...starts]
  while (queue.length) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    if (!image.has(file)) missingFiles.add(file)
    if (!existsSync(join(projectRoot, file))) continue
    const { files, packages } = needs(file)
    queue.push(...files)
    for (const name of packages) if (!dependencies.includes(name)) missingPackages.add(name)
  }
  expect(seen.size).toBeGreaterThan(50)
  expect({ missingFiles: [...missingFiles], missingPackages: [...missingPackages] }).toEqual({ missingFiles: [], missingPackages: [] })
})

test('CI runs the README test command: the workflow runs .ci/run, which runs ./axon test', () => {
  const workflow = Bun.YAML.parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, { steps: Array<{ run?: string; with?: Record<string, unknown> }> }> }
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
  expect(steps.filter((step) => step.run).map((step) => step.run)).toEqual(['sudo env "PATH=$PATH" .ci/run'])
  expect(steps.find((step) => step.with?.['node-version'])?.with?.['node-version']).toBe(20)
  expect(read('.ci/run')).toContain('\nexec ./axon test\n')
  expect(read('README.md')).toContain('./axon test    # the whole test suite (what CI runs, via .ci/run)')
})

test('the image carries the pages\' static files: views/static and the packages htmx and Chart.js come from', () => {
  const image = imageFiles()
  const dependencies = Object.keys((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies)
  const sources = assetSources()
  expect(sources.map((s) => s.name)).toEqual(expect.arrayContaining(['htmx.js', 'hx-sse.js', 'chart.js', 'app.css', 'csrf.js']))
  // node_modules comes from the deps stage (a --production install): their package must be a runtime dependency
  const fromPackages = sources.filter((s) => s.path.startsWith('node_modules/')).map((s) => s.path.split('/')[1]!)
  expect(fromPackages.filter((name) => !dependencies.includes(name))).toEqual([])
  expect(dockerfile).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m)
  expect(sources.filter((s) => !s.path.startsWith('node_modules/') && !image.has(s.path)).map((s) => s.path)).toEqual([])
})

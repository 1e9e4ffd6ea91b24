/** The README's Configuration table must list every setting common/config reads. */
import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { envName, projectRoot } from '../common/config'

test('README "Configuration" documents every environment variable', async () => {
  const readme = await Bun.file(join(projectRoot, 'README.md')).text()
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? ''
  const documented = new Set([...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]))
  expect(Object.values(envName).filter((name) => !documented.has(name))).toEqual([])
})

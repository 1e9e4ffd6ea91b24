import { expect, test } from 'bun:test'
import { findProgram, installCommand, isInstalled } from './tools'

test('a program missing from the search path is not found, so ./axon offers to install it', () => {
  expect(findProgram('redis-server', '/nonexistent')).toBeNull()
  expect(findProgram('sh', '/bin:/usr/bin')).toEndWith('/sh')
  expect(installCommand(['redis-server', 'mariadb-server'])).toBe('sudo apt-get install -y redis-server mariadb-server')
})

test('a package without a program (the CJK fonts the screenshots need) is known by a file it installs', () => {
  expect(isInstalled({ file: '/nonexistent/NotoSansCJK-Regular.ttc', pkg: 'fonts-noto-cjk' })).toBe(false)
  expect(isInstalled({ file: import.meta.path, pkg: 'axon' })).toBe(true)
  expect(isInstalled({ program: 'sh', pkg: 'dash' })).toBe(true)
})

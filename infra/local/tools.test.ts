import { expect, test } from 'bun:test'
import { findProgram, installCommand } from './tools'

test('a program missing from the search path is not found, so ./axon offers to install it', () => {
  expect(findProgram('redis-server', '/nonexistent')).toBeNull()
  expect(findProgram('sh', '/bin:/usr/bin')).toEndWith('/sh')
  expect(installCommand(['redis-server', 'mariadb-server'])).toBe('sudo apt-get install -y redis-server mariadb-server')
})

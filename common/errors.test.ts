/**
 * Which errors are an outage (retried, never dead-lettered) and which are not. Each shape is the
 * one the client library builds (mysql2, ioredis, kafkajs, Node/Bun networking); that these are
 * what a killed connection and a read-only server really throw is checked against MariaDB by
 * test/command-outage.test.ts.
 */
import { describe, expect, test } from 'bun:test'
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs'
import { DependencyUnavailable, isTransient } from './errors'

/** An error as mysql2 builds one from a server's error packet (or from its own state). */
const mysqlError = (message: string, fields: { code?: string; errno?: number; sqlState?: string; fatal?: boolean }) =>
  Object.assign(new Error(message), fields)
/** What Node and Bun's sockets and DNS lookups throw. */
const systemError = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -3001, syscall: 'connect' })
/** ioredis hands a Redis error reply over as a ReplyError whose message is the reply. */
const redisReply = (reply: string) => Object.assign(new Error(reply), { name: 'ReplyError' })

describe('outages: retried, never dead-lettered', () => {
  const outages: [string, unknown][] = [
    ['DNS lookup failing for now (EAI_AGAIN)', systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN mysql.internal')],
    ['connection refused', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306')],
    ['network unreachable', systemError('ENETUNREACH', 'connect ENETUNREACH 10.0.0.5:3306')],
    ['Redis replica during a failover (READONLY)', redisReply("READONLY You can't write against a read only replica.")],
    ['Redis loading its dataset after a restart', redisReply('LOADING Redis is loading the dataset in memory')],
    ['Redis Cluster reconfiguring', redisReply('CLUSTERDOWN The cluster is down')],
    ['ioredis with its connection down', new Error('Connection is closed.')],
    ['ioredis giving up on a command', Object.assign(new Error('Reached the max retries per request limit (which is 20).'), { name: 'MaxRetriesPerRequestError' })],
    ['MySQL --read-only (a demoted primary)', mysqlError('The MySQL server is running with the --read-only option so it cannot execute this statement', { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290, sqlState: 'HY000' })],
    ['MySQL --super-read-only', mysqlError('The MySQL server is running with the --super-read-only option so it cannot execute this statement', { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290, sqlState: 'HY000' })],
    ['MariaDB --read-only', mysqlError('The MariaDB server is running with the --read-only option so it cannot execute this statement', { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290, sqlState: 'HY000' })],
    ['MySQL read-only mode', mysqlError('Running in read-only mode', { code: 'ER_READ_ONLY_MODE', errno: 1836, sqlState: 'HY000' })],
    ['MariaDB: this connection was killed (ER_CONNECTION_KILLED, unnamed by mysql2)', mysqlError('Connection was killed', { errno: 1927, sqlState: '70100' })],
    ['a killed query', mysqlError('Query execution was interrupted', { code: 'ER_QUERY_INTERRUPTED', errno: 1317, sqlState: '70100' })],
    ['the server closing the connection', mysqlError('Connection lost: The server closed the connection.', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })],
    ["mysql2's closed state after a kill", mysqlError("Can't add new command when connection is in closed state", { fatal: true })],
    ['a server shutting down', mysqlError('Server shutdown in progress', { code: 'ER_SERVER_SHUTDOWN', errno: 1053, sqlState: '08S01' })],
    ['an idle connection timed out by the server', mysqlError('The client was disconnected by the server because of inactivity.', { code: 'ER_CLIENT_INTERACTION_TIMEOUT', errno: 4031, sqlState: 'HY000' })],
    ['any fatal mysql2 error (the connection failed, not the statement)', mysqlError("Access denied for user 'axon'@'10.0.0.7'", { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, sqlState: '28000', fatal: true })],
    ['a deadlock victim', mysqlError('Deadlock found when trying to get lock; try restarting transaction', { code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlState: '40001' })],
    ['a mysql2 pool ended while in use (shutting down)', new Error('Pool is closed.')],
    ['kafkajs: a broker connection', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')],
    ['kafkajs: retries exhausted on a retriable error', new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 5, retryTime: 3000 })],
    ['an outage wrapped as a cause', new Error('applying the command failed', { cause: systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN db') })],
    ['DependencyUnavailable', new DependencyUnavailable('mysql', new Error('down'))],
  ]
  for (const [name, error] of outages) test(name, () => expect(isTransient(error)).toBe(true))
})

describe('not outages: the input or the code is at fault', () => {
  const faults: [string, unknown][] = [
    ['a duplicate key', mysqlError("Duplicate entry '7-1' for key 'uq_entries_user'", { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' })],
    ['a value a column cannot hold', mysqlError("Incorrect datetime value: '+010000-01-01 00:59:59' for column 'hour'", { code: 'ER_TRUNCATED_WRONG_VALUE', errno: 1292, sqlState: '22007' })],
    ['a bug in our SQL', mysqlError("Unknown column 'amout' in 'field list'", { code: 'ER_BAD_FIELD_ERROR', errno: 1054, sqlState: '42S22' })],
    ['another option preventing a statement', mysqlError('The MySQL server is running with the --secure-file-priv option so it cannot execute this statement', { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290, sqlState: 'HY000' })],
    ['a Redis command used wrongly', redisReply("ERR wrong number of arguments for 'xadd' command")],
    ['kafkajs: a non-retriable error', new KafkaJSNonRetriableError('Invalid message')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an Error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ]
  for (const [name, error] of faults) test(name, () => expect(isTransient(error)).toBe(false))
})

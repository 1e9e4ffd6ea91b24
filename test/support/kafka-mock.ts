/**
 * A Kafka protocol peer for tests. With KAFKA_BROKERS set, that cluster is used. Otherwise, when
 * `kcat` is installed, librdkafka's mock cluster is started (3 in-memory brokers, topics created
 * on first use); it speaks the real protocol, consumer groups included, but it is not Apache
 * Kafka, and the tests that use it say so. With neither, the caller skips its Kafka tests by name.
 */
import { config, envName } from '../../common/config'

export type KafkaForTests =
  | { brokers: string[]; description: string; stop: () => Promise<void> }
  | { skipReason: string }

/** kcat prints this at notice level, no debug flag needed (debug=mock would log every request). */
const bootstrapLine = /bootstrap\.servers and security\.protocol ignored and replaced with (\S+)/

async function startMockCluster(kcat: string): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  // kcat needs a broker address to start; the mock cluster replaces it with its own brokers
  const child = Bun.spawn([kcat, '-C', '-b', '127.0.0.1:1', '-t', 'axon-mock-warmup', '-q', '-X', 'test.mock.num.brokers=3'], {
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  })
  const reader = child.stderr.getReader()
  const decoder = new TextDecoder()
  let seen = ''
  for (let match = bootstrapLine.exec(seen); !match; match = bootstrapLine.exec(seen)) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`kcat exited before its mock cluster was up (exit ${await child.exited}): ${seen}`)
    seen += decoder.decode(value, { stream: true })
  }
  // keep reading so a chatty kcat never blocks on a full pipe
  void (async () => {
    while (!(await reader.read()).done);
  })()
  const brokers = bootstrapLine.exec(seen)![1]!.split(',')
  return {
    brokers,
    stop: async () => {
      child.kill('SIGTERM')
      await child.exited
    },
  }
}

export async function kafkaForTests(): Promise<KafkaForTests> {
  if (config.kafkaBrokers) {
    const brokers = config.kafkaBrokers.split(',').map((b) => b.trim())
    return { brokers, description: `Kafka at ${envName.kafkaBrokers}=${config.kafkaBrokers}`, stop: async () => {} }
  }
  const kcat = Bun.which('kcat')
  if (!kcat) return { skipReason: `${envName.kafkaBrokers} is not set and kcat (librdkafka's mock cluster) is not installed` }
  const mock = await startMockCluster(kcat)
  return { ...mock, description: `librdkafka's mock cluster via kcat (${mock.brokers.join(',')}), NOT Apache Kafka` }
}

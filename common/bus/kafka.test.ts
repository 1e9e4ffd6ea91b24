/**
 * The bus contract against Kafka: the cluster at KAFKA_BROKERS when set, otherwise librdkafka's
 * mock cluster started through kcat (a real Kafka protocol peer, in memory, not Apache Kafka);
 * skipped by name when neither is available.
 */
import { afterAll } from 'bun:test'
import { kafkaForTests } from '../../test/support/kafka-mock'
import { registerBusContract } from '../../test/contracts/bus'

const kafka = await kafkaForTests()
const name = 'bus contract: Kafka'

if ('skipReason' in kafka) registerBusContract(name, kafka)
else {
  console.log(`${name}: running against ${kafka.description}`)
  afterAll(() => kafka.stop())
  registerBusContract(`${name} (${kafka.description})`, {
    settings: { kind: 'kafka', brokers: kafka.brokers, clientId: 'axon-bus-contract' },
    // the session timeout, at its shortest (see kafka-consumer.ts); the mock cluster waits this
    // long, less a second, for the members of a group to rejoin after a rebalance
    reclaimIdleMs: 6000,
    // Kafka hands uncommitted messages out again when the group rejoins, after no delay
    redeliveryAfterMs: 0,
  })
}

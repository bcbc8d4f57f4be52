package io.telegate.receiver.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.ChildJvm;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real KRaft broker (Kafka from Maven Central, in a child JVM with JMX remote) and real clients in
 * this JVM: the seed's {@code target_system: kafka,jvm} scrapes the broker, and {@code
 * kafka-producer,kafka-consumer} scrape the clients' MBeans, served from this JVM.
 */
class KafkaTargetTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Path dir;
  private static ChildJvm broker;
  private static int jmxPort;
  private static String bootstrap;
  private static Admin admin;
  private static KafkaProducer<String, String> producer;
  private static KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("telegate-kafka");
    int brokerPort = FreePorts.next();
    int controllerPort = FreePorts.next();
    jmxPort = FreePorts.next();
    bootstrap = "127.0.0.1:" + brokerPort;
    Path config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("logs"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "") + "\n");
    String classpath = Files.readString(Path.of("target", "test-classpath.txt")).strip()
        + java.io.File.pathSeparator + ChildJvm.testClasses();
    List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    ChildJvm format = ChildJvm.start("kafka-format", classpath, jvm, "kafka.tools.StorageTool",
        List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    try {
      assertTrue(format.process().waitFor(90, TimeUnit.SECONDS), "storage format did not finish");
      assertEquals(0, format.process().exitValue(), "storage format failed: " + format.output());
    } finally {
      format.kill();
    }
    List<String> brokerJvm = new ArrayList<>(JmxChildren.jmxRemote(jmxPort, false));
    brokerJvm.addAll(jvm);
    broker = ChildJvm.start("kafka-broker", classpath, brokerJvm, KafkaBrokerMain.class.getName(),
        List.of(config.toString()));
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("request.timeout.ms", "5000");
    props.put("default.api.timeout.ms", "5000");
    admin = Admin.create(props);
    Await.until("the broker to answer", WAIT, () -> {
      if (!broker.process().isAlive()) {
        throw new AssertionError("broker exited: " + broker.output());
      }
      try {
        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1;
      } catch (Exception e) {
        return false;
      }
    });
    admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("client.id", "telegate-test-producer");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "0");
    producer = new KafkaProducer<>(p);
    for (int i = 0; i < 20; i++) {
      producer.send(new ProducerRecord<>("orders", "k" + i, "order " + i)).get(30, TimeUnit.SECONDS);
    }
    Properties c = new Properties();
    c.put("bootstrap.servers", bootstrap);
    c.put("client.id", "telegate-test-consumer");
    c.put("group.id", "telegate-test");
    c.put("auto.offset.reset", "earliest");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of("orders"));
    int[] consumed = {0};
    Await.until("20 records consumed", WAIT, () -> {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
      consumed[0] += records.count();
      return consumed[0] >= 20;
    });
  }

  @AfterAll
  static void stopBroker() throws IOException {
    try {
      if (consumer != null) {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      }
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    } finally {
      if (broker != null) {
        broker.kill();
      }
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }

  @Test
  void theSeedsKafkaAndJvmTargetsScrapeTheBroker() {
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    TestHost host = new TestHost();
    // The seed's receiver, with an endpoint and without its jar.
    JmxReceiver receiver = Receivers.create("jmx", Map.of("jar_path", "/opt/opentelemetry-jmx-metrics.jar",
        "target_system", "kafka,jvm", "endpoint", "127.0.0.1:" + jmxPort, "collection_interval", "500ms",
        "initial_delay", "0s"), sink);
    receiver.start(host);
    try {
      Await.until("broker metrics", WAIT, () -> Scrapes.has(sink, "kafka.message.count", "kafka.request.count",
          "kafka.network.io", "kafka.request.time.99p", "kafka.partition.count", "kafka.controller.active.count",
          "kafka.request.queue", "kafka.purgatory.size", "kafka.partition.under_replicated", "jvm.threads.count",
          "jvm.memory.heap.used"));
      Metric messages = Scrapes.latest(sink, "kafka.message.count");
      assertTrue(messages.getSum().getIsMonotonic());
      assertEquals("{message}", messages.getUnit());
      assertTrue(Scrapes.single(messages) >= 20, messages.toString());

      assertEquals(Set.of("produce", "fetch"), attributeValues(Scrapes.latest(sink, "kafka.request.count"), "type"));
      assertEquals(Set.of("in", "out"), attributeValues(Scrapes.latest(sink, "kafka.network.io"), "state"));
      assertEquals("By", Scrapes.latest(sink, "kafka.network.io").getUnit());
      Metric p99 = Scrapes.latest(sink, "kafka.request.time.99p");
      assertEquals("ms", p99.getUnit());
      assertTrue(p99.hasGauge());
      assertTrue(attributeValues(p99, "type").containsAll(Set.of("produce", "fetchconsumer")), p99.toString());
      assertTrue(Scrapes.single(Scrapes.latest(sink, "kafka.partition.count")) >= 1);
      assertEquals(1, Scrapes.single(Scrapes.latest(sink, "kafka.controller.active.count")));
      assertEquals(Set.of("produce", "fetch"), attributeValues(Scrapes.latest(sink, "kafka.purgatory.size"), "type"));
      assertTrue(Scrapes.single(Scrapes.latest(sink, "jvm.threads.count")) > 20);
    } finally {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void producerAndConsumerTargetsScrapeTheClientsIncludingTopicsCreatedLater() throws Exception {
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    try (LoopbackJmxServer clients = LoopbackJmxServer.start(ManagementFactory.getPlatformMBeanServer())) {
      JmxReceiver receiver = Receivers.create("jmx/clients", Map.of("target_system", "kafka-producer,kafka-consumer",
          "endpoint", clients.endpoint(), "collection_interval", "300ms", "initial_delay", "0s"), sink);
      receiver.start(new TestHost());
      try {
        Await.until("client metrics", WAIT, () -> Scrapes.has(sink, "kafka.producer.record-send-rate",
            "kafka.producer.request-rate", "kafka.producer.outgoing-byte-rate", "kafka.producer.request-latency-avg",
            "kafka.consumer.records-lag-max", "kafka.consumer.fetch-rate",
            "kafka.consumer.total.records-consumed-rate", "kafka.consumer.records-consumed-rate"));
        Metric sendRate = Scrapes.latest(sink, "kafka.producer.record-send-rate");
        assertEquals("{record}", sendRate.getUnit());
        NumberDataPoint orders = Scrapes.points(sendRate).get(0);
        assertEquals(Map.of("client-id", "telegate-test-producer", "topic", "orders"),
            Scrapes.attributes(orders.getAttributesList()));
        assertEquals(Set.of("telegate-test-consumer"),
            attributeValues(Scrapes.latest(sink, "kafka.consumer.records-lag-max"), "client-id"));
        assertEquals(Set.of("orders"),
            attributeValues(Scrapes.latest(sink, "kafka.consumer.records-consumed-rate"), "topic"));

        // A topic created after the receiver started: its per-topic MBean is found at the next scrape.
        admin.createTopics(List.of(new NewTopic("late", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>("late", "k", "v")).get(30, TimeUnit.SECONDS);
        Await.until("the late topic", WAIT,
            () -> attributeValues(Scrapes.latest(sink, "kafka.producer.record-send-rate"), "topic").contains("late"));
      } finally {
        receiver.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  private static Set<String> attributeValues(Metric m, String key) {
    Set<String> out = new java.util.TreeSet<>();
    for (NumberDataPoint p : Scrapes.points(m)) {
      String v = Scrapes.attributes(p.getAttributesList()).get(key);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }
}

package io.telegate.testing.data;

import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.telegate.core.data.OtlpJsonReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDataTest {

  private static List<LogRecord> recordsOf(ExportLogsServiceRequest r) {
    return r.getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
  }

  @Test
  void generatedRecordsHaveBodiesByIndexAndWhatTheyAreTold() {
    List<LogRecord> records = recordsOf(LogData.records(3).severity(SeverityNumber.SEVERITY_NUMBER_WARN, "WARN")
        .startingAt(1_000, 5).ids(16, 8).attribute("user", i -> Values.str("u" + i)).build());
    assertEquals(List.of("log-0", "log-1", "log-2"),
        records.stream().map(r -> r.getBody().getStringValue()).toList());
    LogRecord r = records.get(2);
    assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, r.getSeverityNumber());
    assertEquals("WARN", r.getSeverityText());
    assertEquals(1_010, r.getTimeUnixNano());
    assertEquals(16, r.getTraceId().size());
    assertEquals(8, r.getSpanId().size());
    assertEquals(List.of(kv("user", "u2")), r.getAttributesList());
    assertFalse(recordsOf(LogData.records(1).bodies(i -> null).build()).get(0).hasBody(), "null: no body");
  }

  @Test
  void givenRecordsAreKeptAsGiven() {
    LogRecord.Builder r = LogData.record(5, "hello", kv("a", "b"));
    assertEquals(List.of(r.build()), recordsOf(LogData.of(r).scope("lib").build()));
    assertEquals(2, LogData.of(r.build(), r.build()).encoded().itemCount());
  }

  @Test
  void jsonReadsBackAsTheSameRequest() throws Exception {
    LogData data = LogData.records(2).ids(16, 8).severity(SeverityNumber.SEVERITY_NUMBER_ERROR, "E")
        .attribute("n", 7).attribute("d", Values.dbl(0.25)).attribute("b", Values.bool(true))
        .attribute("m", Values.map(kv("x", Values.list(Values.str("é✓"), Values.num(1)))))
        .each((rec, i) -> rec.setFlags(1).setObservedTimeUnixNano(1L << 62))
        .resource("service.name", "l").scope("lib", "2");
    assertEquals(data.build(), ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(data.json())));
  }
}

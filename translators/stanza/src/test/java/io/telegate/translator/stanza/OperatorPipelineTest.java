package io.telegate.translator.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigErrors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The API the log receivers use: validate, build, process, flush. */
class OperatorPipelineTest {

  @Test
  void anEmptyListPassesEntriesOnUnchanged() {
    List<Entry> out = new ArrayList<>();
    OperatorPipeline p = OperatorPipeline.build(List.of(), out::add);
    Entry e = new Entry("line", 1);
    p.process(e);
    assertSame(e, out.get(0));
  }

  @Test
  void validateReportsEveryErrorBelowTheReceiversPath() {
    ConfigErrors errors = new ConfigErrors();
    OperatorPipeline.validate(List.of(Map.of("type", "regex_parser"), Map.of("type", "nope"), "not a map"),
        "receivers::filelog::operators", errors);
    assertEquals(List.of(
        "receivers::filelog::operators[0]::regex: required",
        "receivers::filelog::operators[1]::type: unknown operator type 'nope' (known: json_parser, regex_parser, "
            + "key_value_parser, csv_parser, syslog_parser, container, severity_parser, time_parser, trace_parser, "
            + "scope_name_parser, recombine, move, copy, add, remove, retain, flatten, router, noop)",
        "receivers::filelog::operators[2]: expected an operator (a map with a type)"), errors.list());
  }

  @Test
  void buildRefusesAnInvalidListWithEveryError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorPipeline.build(
        List.of(Map.of("type", "move"), Map.of("type", "add", "field", "body.x")), x -> {}));
    assertTrue(e.getMessage().startsWith("invalid operators (3 errors):"), e.getMessage());
  }

  @Test
  void flushUsesTheMonotonicClockOfTheSettings() {
    AtomicLong nanos = new AtomicLong(0);
    List<Entry> out = new ArrayList<>();
    OperatorPipeline p = OperatorPipeline.build(List.of(Map.of("type", "recombine", "combine_field", "body",
        "is_first_entry", "body == 'start'", "force_flush_period", "1s")), out::add,
        new OperatorPipeline.Settings(Clock.systemUTC(), nanos::get));
    p.process(new Entry("start", 1));
    p.process(new Entry("more", 1));
    p.flush(999_999_999L);
    assertEquals(0, out.size());
    p.flush(1_000_000_000L);
    assertEquals(1, out.size());
    assertEquals("start\nmore", out.get(0).body);
  }

  @Test
  void theConfigMapsAreNotChanged() {
    Map<String, Object> op = new java.util.LinkedHashMap<>(Map.of("type", "severity_parser"));
    OperatorPipeline.build(List.of(op), x -> {});
    assertEquals(Map.of("type", "severity_parser"), op);
  }
}

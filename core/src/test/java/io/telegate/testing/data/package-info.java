/**
 * Test data for every signal: OTLP export requests built fluently ({@link
 * io.telegate.testing.data.TraceData}, {@link io.telegate.testing.data.MetricData}, {@link
 * io.telegate.testing.data.LogData}), as protobuf bytes, OTLP/JSON ({@link
 * io.telegate.core.data.OtlpJsonWriter}) or Telegate's {@code Traces}, {@code Metrics} and {@code
 * Logs}; attribute values and ids ({@link io.telegate.testing.data.Values}). Part of core's test kit,
 * handed on to every module's tests by testing, and to the benchmarks.
 */
package io.telegate.testing.data;

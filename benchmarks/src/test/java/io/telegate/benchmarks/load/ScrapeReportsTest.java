package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ScrapeReportsTest {

  private static byte[] series(String name, double... values) throws IOException {
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(ts);
    c.writeBytes(1, WireCountTest.label("__name__", name));
    c.writeBytes(1, WireCountTest.label("instance", "up"));
    for (double v : values) {
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      CodedOutputStream sc = CodedOutputStream.newInstance(sample);
      sc.writeDouble(1, v);
      sc.writeInt64(2, 1_764_000_000_000L);
      sc.flush();
      c.writeBytes(2, ByteString.copyFrom(sample.toByteArray()));
    }
    c.flush();
    return ts.toByteArray();
  }

  private static byte[] request(byte[]... series) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream top = CodedOutputStream.newInstance(out);
    for (byte[] s : series) {
      top.writeBytes(1, ByteString.copyFrom(s));
    }
    top.flush();
    return out.toByteArray();
  }

  @Test
  void countsUpAndScrapeDurationsByName() throws IOException {
    ScrapeReports r = new ScrapeReports();
    r.record(true);
    r.accept(request(series("up", 1, 1, 0), series("scrape_duration_seconds", 0.25, 0.5), series("upx", 1),
        series("node_load1", 1)));
    assertEquals(2, r.upOne());
    assertEquals(1, r.upOther());
    assertEquals(2, r.durations());
    assertEquals(0.5, r.durationQuantile(1.0));
    assertEquals(0.25, r.durationQuantile(0.0));
  }

  @Test
  void aLabelValueUpIsNotTheNameUp() throws IOException {
    ScrapeReports r = new ScrapeReports();
    r.record(true);
    r.accept(request(series("other", 1)));
    assertEquals(0, r.upOne());
  }

  @Test
  void countsOnlyWhileRecording() throws IOException {
    ScrapeReports r = new ScrapeReports();
    r.accept(request(series("up", 1)));
    r.record(true);
    r.accept(request(series("up", 1)));
    r.record(false);
    r.accept(request(series("up", 1)));
    assertEquals(1, r.upOne());
  }
}

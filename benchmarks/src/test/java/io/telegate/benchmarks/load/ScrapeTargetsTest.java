package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScrapeTargetsTest {

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(ScrapeTargets t, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<Double> values(byte[] body) {
    List<Double> v = new ArrayList<>();
    for (MetricFamily f : ExpositionParser.parse(body, false)) {
      f.samples().forEach(s -> v.add(s.value()));
    }
    return v;
  }

  @Test
  void eachTargetServesItsExpositionWithValuesThatChangeEveryScrape() throws Exception {
    try (ScrapeTargets t = new ScrapeTargets(Expositions.of("node", 1000, false), 3)) {
      HttpResponse<byte[]> first = get(t, ScrapeTargets.path(2));
      assertEquals(200, first.statusCode());
      assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      List<Double> a = values(first.body());
      assertEquals(t.samplesPerScrape(), a.size());
      List<Double> b = values(get(t, ScrapeTargets.path(2)).body());
      assertEquals(a.size(), b.size());
      assertNotEquals(a, b, "values change from one scrape to the next");
      assertEquals(2, t.servedTotal());
    }
  }

  @Test
  void unknownTargetsAreNotFound() throws Exception {
    try (ScrapeTargets t = new ScrapeTargets(Expositions.of("node", 10, false), 2)) {
      assertEquals(404, get(t, ScrapeTargets.path(2)).statusCode());
      assertEquals(404, get(t, "/targets/x/metrics").statusCode());
      assertEquals(0, t.servedTotal());
    }
  }

  @Test
  void countsScrapesAndTargetsNotScrapedSinceTheMark() throws Exception {
    try (ScrapeTargets t = new ScrapeTargets(Expositions.of("node", 10, false), 3)) {
      get(t, ScrapeTargets.path(0));
      t.mark();
      get(t, ScrapeTargets.path(0));
      get(t, ScrapeTargets.path(1));
      assertEquals(2, t.servedSinceMark());
      assertEquals(3, t.servedTotal());
      assertEquals(1, t.targetsNotScrapedSinceMark());
      assertTrue(t.maxGapSeconds() > 0, "target 0 was scraped twice");
      assertEquals(0, t.targetsWithGapOver(3600));
    }
  }

  @Test
  void everyShapeParsesInBothFormatsWithTheSamplesItSays() {
    for (String shape : Expositions.SHAPES) {
      for (boolean om : new boolean[] {false, true}) {
        Expositions e = Expositions.of(shape, 2000, om);
        int n = 0;
        Set<String> series = new HashSet<>();
        for (MetricFamily f : ExpositionParser.parse(e.render(3), om)) {
          for (MetricFamily.Sample s : f.samples()) {
            if (!s.name().endsWith("_created")) {
              n++;
              series.add(s.name() + List.of(s.labels()));
            }
          }
        }
        assertEquals(e.samples(), n, shape + (om ? " openmetrics" : " text"));
        assertEquals(n, series.size(), shape + ": every series once");
        assertTrue(n >= 2000, shape + ": at least the series asked for");
      }
    }
  }
}

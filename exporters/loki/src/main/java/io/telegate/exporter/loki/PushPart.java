package io.telegate.exporter.loki;

import io.telegate.core.exporter.OrderedLanes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One push request of a batch: the streams of one tenant and one lane, at most {@code
 * max_streams_per_request} of them. Its body is encoded once and kept, so a retry of the batch
 * (which resends only the parts that did not get through, see {@link OrderedLanes}) does not
 * encode it again.
 */
final class PushPart {

  private final String tenant;
  private final int lane;
  private final List<WireStream> streams;
  private final int records;
  private byte[] body;

  PushPart(String tenant, int lane, List<WireStream> streams) {
    this.tenant = tenant;
    this.lane = lane;
    this.streams = streams;
    int n = 0;
    for (WireStream s : streams) {
      n += s.size();
    }
    this.records = n;
  }

  /**
   * Splits streams into parts: grouped by tenant, then by lane (the hash of tenant and labels), each
   * group cut into parts of at most {@code maxStreams} streams (0 = no cap), in order.
   */
  static List<PushPart> plan(List<WireStream> streams, OrderedLanes<PushPart> lanes, int maxStreams) {
    Map<String, Map<Integer, List<WireStream>>> groups = new LinkedHashMap<>();
    for (WireStream s : streams) {
      int lane = lanes.laneOf(s.tenant() + '\u0000' + s.labelsText());
      groups.computeIfAbsent(s.tenant(), t -> new LinkedHashMap<>())
          .computeIfAbsent(lane, l -> new ArrayList<>()).add(s);
    }
    List<PushPart> parts = new ArrayList<>();
    groups.forEach((tenant, byLane) -> byLane.forEach((lane, list) -> {
      int step = maxStreams <= 0 ? list.size() : maxStreams;
      for (int from = 0; from < list.size(); from += step) {
        parts.add(new PushPart(tenant, lane, List.copyOf(list.subList(from, Math.min(list.size(), from + step)))));
      }
    }));
    return parts;
  }

  String tenant() {
    return tenant;
  }

  int lane() {
    return lane;
  }

  List<WireStream> streams() {
    return streams;
  }

  int records() {
    return records;
  }

  /** The request body, encoded once and kept for retries. */
  synchronized byte[] body(LokiExporterConfig.Encoding encoding) {
    if (body == null) {
      body = encoding == LokiExporterConfig.Encoding.JSON
          ? WirePushEncoder.json(streams) : WirePushEncoder.protobufCompressed(streams);
    }
    return body;
  }
}

package io.telegate.receiver.prometheus;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code static_configs}: a target group.
 *
 * @param targets {@code host:port} of each target
 * @param labels added to every target of the group
 */
public record StaticConfig(List<String> targets, Map<String, String> labels) {

  public static final StaticConfig DEFAULT = new StaticConfig(List.of(), Map.of());
}

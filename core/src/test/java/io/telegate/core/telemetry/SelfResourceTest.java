package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfResourceTest {

  @Test
  void defaultsAreServiceNameVersionAndInstanceId() {
    assertEquals(Map.of("service.name", "telegate", "service.version", "1.2", "service.instance.id", "id-1"),
        SelfResource.resolve(Map.of(), "1.2", "id-1"));
  }

  @Test
  void configuredValuesReplaceOrAddAndNullRemoves() {
    Map<String, Object> configured = new LinkedHashMap<>();
    configured.put("service.name", "edge-gateway");
    configured.put("service.instance.id", null);
    configured.put("deployment.environment", "prod");
    Map<String, String> resolved = SelfResource.resolve(configured, "1.2", "id-1");
    assertEquals(Map.of("service.name", "edge-gateway", "service.version", "1.2", "deployment.environment", "prod"),
        resolved);
    assertEquals(Map.of("service_name", "edge-gateway", "service_version", "1.2"), SelfResource.seriesLabels(resolved));
    assertEquals(Map.of("service_name", "edge-gateway", "service_version", "1.2", "deployment_environment", "prod"),
        SelfResource.labels(resolved));
  }

  @Test
  void labelNamesKeepOnlyPrometheusCharacters() {
    assertEquals("k8s_pod_name", SelfResource.labelName("k8s.pod.name"));
    assertEquals("_9lives", SelfResource.labelName("9lives"));
  }
}

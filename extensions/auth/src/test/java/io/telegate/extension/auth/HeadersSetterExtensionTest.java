package io.telegate.extension.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.data.ClientContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersSetterExtensionTest {

  private static HeadersSetterConfig.Header header(String key, String value, String from, String dflt, String action) {
    return new HeadersSetterConfig.Header(key, value, from, dflt, action);
  }

  @Test
  void setsHeadersFromValuesAndFromTheIncomingRequestByAction() {
    HeadersSetterConfig config = new HeadersSetterConfig(List.of(
        header("X-Scope-OrgID", null, "x-tenant", "anonymous", null),
        header("X-Static", "one", null, null, "insert"),
        header("X-Existing", "new", null, null, "insert"),
        header("X-Update", "changed", null, null, "update"),
        header("X-Missing", "never", null, null, "update"),
        header("X-Drop", null, null, null, "delete"),
        header("X-User", null, "auth.subject", null, "upsert")));
    assertEquals(List.of(), config.validate());
    HeadersSetterExtension ext = new HeadersSetterExtension(config);
    ClientContext client = new ClientContext("10.0.0.1:5000", Map.of("x-tenant", List.of("acme", "other")),
        Map.of("subject", "alice"));
    Headers h = new Headers().with("X-Existing", "old").with("X-Update", "before").with("X-Drop", "gone");
    ext.authenticate(client, h);
    assertEquals(Map.of("x-scope-orgid", "acme", "x-static", "one", "x-existing", "old", "x-update", "changed",
        "x-user", "alice"), h.map);

    Headers none = new Headers();
    ext.authenticate(ClientContext.EMPTY, none);
    assertEquals("anonymous", none.get("X-Scope-OrgID"), "default_value when the context has nothing");
    assertEquals(null, none.get("X-User"));
  }

  @Test
  void configErrorsNameTheHeader() {
    List<String> errors = new HeadersSetterConfig(List.of(header("A", "v", "ctx", null, null),
        header("B", null, null, null, "replace"), header("", "v", null, null, null),
        header("C", "v", null, "d", null))).validate();
    assertEquals(4, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("headers[0]: set exactly one") && errors.get(1).startsWith("headers[1]::action")
        && errors.get(2).startsWith("headers[2]::key") && errors.get(3).startsWith("headers[3]::default_value"),
        errors.toString());
  }
}

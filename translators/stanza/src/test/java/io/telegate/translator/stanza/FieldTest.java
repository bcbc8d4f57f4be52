package io.telegate.translator.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Collector's field syntax and what getting, setting and deleting do. */
class FieldTest {

  @Test
  void parsesEverySpelling() {
    assertEquals("body", Field.parse("body").toString());
    assertEquals("body.a.b", Field.parse("body.a.b").toString());
    assertEquals("body[\"a.b\"].c", Field.parse("body[\"a.b\"].c").toString());
    assertEquals("body[\"a.b\"].c", Field.parse("body['a.b']['c']").toString());
    assertEquals("attributes[\"log.file.path\"]", Field.parse("attributes[\"log.file.path\"]").toString());
    assertEquals(Field.attribute("k"), Field.parse("attributes.k"));
    assertEquals(Field.resource("k8s.pod.name"), Field.parse("resource[\"k8s.pod.name\"]"));
  }

  @Test
  void refusesWhatIsNotAField() {
    for (String bad : new String[] {"", "msg", "body.", "body..a", "attributes[k]", "body[\"unterminated", "record.x"}) {
      assertThrows(IllegalArgumentException.class, () -> Field.parse(bad), bad);
    }
  }

  @Test
  void setCreatesNestedMapsAndMergesMapsIntoAttributes() {
    Entry e = new Entry("line", 1);
    Field.parse("body.a.b").set(e, "v");
    assertEquals(Map.of("a", Map.of("b", "v")), e.body);
    e.attributes.put("x", "1");
    Field.attribute().set(e, Map.of("y", "2"));
    assertEquals(Map.of("x", "1", "y", "2"), e.attributes);
    assertThrows(IllegalArgumentException.class, () -> Field.attribute().set(e, "scalar"));
  }

  @Test
  void hasTellsANullValueFromAnAbsentOne() {
    Entry e = new Entry(null, 1);
    e.attributes.put("present", null);
    assertTrue(Field.attribute("present").has(e));
    assertFalse(Field.attribute("absent").has(e));
    assertFalse(Field.body().has(e));
  }

  @Test
  void deleteReturnsTheValueOrMissing() {
    Entry e = new Entry(Map.of("k", "v"), 1);
    e.body = new java.util.LinkedHashMap<>(Map.of("k", "v"));
    assertEquals("v", Field.body("k").delete(e));
    assertSame(Field.MISSING, Field.body("k").delete(e));
    assertSame(Field.MISSING, Field.body("k", "deeper").delete(e));
  }

  @Test
  void containsAndParent() {
    assertTrue(Field.body().contains(Field.parse("body.a")));
    assertFalse(Field.parse("body.a").contains(Field.body()));
    assertEquals(Field.parse("body.a"), Field.parse("body.a.b").parent());
  }
}

package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RE2 expressions keep RE2's meaning, and Java-only syntax is refused. */
class Re2RegexTest {

  @Test
  void matchesTheWholeValueOnly() {
    assertTrue(Re2Regex.compile("fo+").matches("foo"));
    assertFalse(Re2Regex.compile("fo+").matches("xfoo"));
    assertFalse(Re2Regex.compile("fo+").matches("foox"));
  }

  @Test
  void alternationIsAnchoredAsAWhole() {
    // ^(?s:a|b)$, not ^a|b$.
    assertFalse(Re2Regex.compile("a|b").matches("ab"));
    assertTrue(Re2Regex.compile("a|b").matches("b"));
  }

  @Test
  void pythonStyleNamedGroupsWork() {
    var m = Re2Regex.compile("(?P<host>[^:]+):(?P<port>\\d+)").matcher("h:80");
    assertTrue(m.matches());
    assertEquals("80", m.group("port"));
  }

  @Test
  void javaOnlySyntaxIsRefused() {
    for (String re : new String[] {"(?=a)a", "(?<=a)b", "(?>a)", "(a)\\1", "a*+", "a++", "\\h", "\\R", "a\\Z"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Re2Regex.compile(re), re);
      assertTrue(e.getMessage().startsWith("invalid regex '" + re + "'"), e.getMessage());
    }
  }

  @Test
  void quotedLiteralsAndPosixClasses() {
    assertTrue(Re2Regex.compile("\\Qa.b\\E").matches("a.b"));
    assertFalse(Re2Regex.compile("\\Qa.b\\E").matches("axb"));
    assertTrue(Re2Regex.compile("[[:upper:]][[:^upper:]]").matches("Ab"));
    assertFalse(Re2Regex.compile("[[:upper:]][[:^upper:]]").matches("AB"));
  }

  @Test
  void backslashVIsTheVerticalTabAsInRe2() {
    assertTrue(Re2Regex.compile("\\v").matches("\u000B"));
    assertFalse(Re2Regex.compile("\\v").matches("\n"));
  }
}

package io.telegate.core.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** RE2 expressions keep RE2's meaning in both modes, and what RE2 refuses is refused. */
class GoRegexTest {

  @Test
  void searchModeFindsAMatchAnywhereAsGoMatchStringDoes() {
    assertTrue(GoRegex.compile("fo+").matches("xfoox"));
    assertFalse(GoRegex.compile("^fo+$").matches("xfoo"));
  }

  @Test
  void anchoredModeMatchesTheWholeValueOnly() {
    assertTrue(GoRegex.compileAnchored("fo+").matches("foo"));
    assertFalse(GoRegex.compileAnchored("fo+").matches("xfoo"));
    assertFalse(GoRegex.compileAnchored("fo+").matches("foox"));
  }

  @Test
  void anchoredAlternationIsAnchoredAsAWhole() {
    // ^(?s:a|b)$, not ^a|b$.
    assertFalse(GoRegex.compileAnchored("a|b").matches("ab"));
    assertTrue(GoRegex.compileAnchored("a|b").matches("b"));
  }

  @Test
  void dotMatchesNewlineOnlyInAnchoredMode() {
    assertTrue(GoRegex.compileAnchored("a.b").matches("a\nb"));
    assertFalse(GoRegex.compile("a.b").matches("a\nb"));
    // Only \n ends a line for RE2, not \r or \u0085.
    assertTrue(GoRegex.compile("a.b").matches("a\rb"));
  }

  @Test
  void dollarIsTheEndOfTheTextNotBeforeAFinalNewline() {
    assertFalse(GoRegex.compile("a$").matches("a\n"));
    assertTrue(GoRegex.compile("(?m)a$").matches("a\nb"));
  }

  @Test
  void namedGroupsInBothSpellingsWithUnderscoresAndTheirNumbers() {
    GoRegex re = GoRegex.compile("(?P<a_b>x)\\((?:y)(z)[(](?<c>w)");
    assertEquals(Arrays.asList("a_b", null, "c"), re.groupNames());
    assertEquals(1, re.unnamedGroups());
    assertTrue(re.hasNamedGroups());
    assertEquals(3, re.groupIndex("c"));
    assertEquals(-1, re.groupIndex("nope"));
    Matcher m = re.matcher("-x(yz(w-");
    assertTrue(m.find());
    assertEquals("x", re.group(m, "a_b"));
    assertEquals("w", re.group(m, "c"));
    assertNull(re.group(m, "nope"));
  }

  @Test
  void aGroupThatTookNoPartIsNull() {
    GoRegex re = GoRegex.compile("^(?P<a>\\w+)(?: (?P<b>\\d+))?");
    Matcher m = re.matcher("abc");
    assertTrue(m.find());
    assertNull(re.group(m, "b"));
  }

  @Test
  void invalidOrDuplicateGroupNamesAreRefused() {
    assertEquals("invalid regex '(?P<a.b>x)': invalid named capture 'a.b' (expected: letters, digits and _)",
        assertThrows(IllegalArgumentException.class, () -> GoRegex.compile("(?P<a.b>x)")).getMessage());
    assertEquals("invalid regex '(?P<a>x)(?P<a>y)': duplicate capture group name 'a'",
        assertThrows(IllegalArgumentException.class, () -> GoRegex.compile("(?P<a>x)(?P<a>y)")).getMessage());
  }

  @Test
  void javaOnlySyntaxIsRefusedWithTheExpression() {
    for (String re : new String[] {"(?=a)a", "(?<=a)b", "(?>a)", "(a)\\1", "a*+", "a++", "\\h", "\\R", "a\\Z",
        "(?x)a b", "(?U)a+", "(?P=n)", "\\e", "\\u0041", "a\\"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoRegex.compile(re), re);
      assertTrue(e.getMessage().startsWith("invalid regex '" + re + "': "), e.getMessage());
    }
  }

  @Test
  void syntaxErrorsCarryJavasDescription() {
    assertEquals("invalid regex '(?P<a>[': Unclosed character class",
        assertThrows(IllegalArgumentException.class, () -> GoRegex.compile("(?P<a>[")).getMessage());
  }

  @Test
  void quotedLiteralsAndPosixClasses() {
    assertTrue(GoRegex.compileAnchored("\\Qa.b\\E").matches("a.b"));
    assertFalse(GoRegex.compileAnchored("\\Qa.b\\E").matches("axb"));
    assertTrue(GoRegex.compileAnchored("[[:upper:]][[:^upper:]]").matches("Ab"));
    assertFalse(GoRegex.compileAnchored("[[:upper:]][[:^upper:]]").matches("AB"));
    assertTrue(GoRegex.compileAnchored("[[:alpha:]]+[[:space:]]+[[:digit:]]+").matches("abc \t 12"));
    assertTrue(GoRegex.compileAnchored("[[:^space:]]+").matches("ab"));
  }

  @Test
  void ampersandsAndBracketsInAClassAreLiterals() {
    assertTrue(GoRegex.compileAnchored("[a&&b]+").matches("a&b"));
    assertTrue(GoRegex.compileAnchored("[[a]+").matches("[a"));
    assertTrue(GoRegex.compileAnchored("[]a]+").matches("]a"));
  }

  @Test
  void backslashVIsTheVerticalTabAndOctalEscapesAreCharacters() {
    assertTrue(GoRegex.compileAnchored("\\v").matches("\u000B"));
    assertFalse(GoRegex.compileAnchored("\\v").matches("\n"));
    assertTrue(GoRegex.compileAnchored("\\101\\0").matches("A\0"));
  }

  @Test
  void flagsAndNonCapturingGroupsPassThrough() {
    GoRegex re = GoRegex.compile("(?i:ab)(?s)c.d");
    assertTrue(re.matches("ABc\nd"));
    assertEquals(0, re.groupNames().size());
  }
}

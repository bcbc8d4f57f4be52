package io.telegate.receiver.filelog.fileconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> tokens = new ArrayList<>();

  private int split(LineSplitter s, String text, boolean flush) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return s.split(b, 0, b.length, flush, (buf, off, len, next) ->
        tokens.add(new String(buf, off, len, StandardCharsets.UTF_8)));
  }

  @Test
  void splitsAtNewlinesAndKeepsAnIncompleteLastLine() {
    int used = split(LineSplitter.newlines(1024), "one\r\ntwo\nthr", false);
    assertEquals(List.of("one", "two"), tokens);
    assertEquals(9, used);
  }

  @Test
  void trimsWhitespaceAndSkipsEmptyLinesUnlessPreserved() {
    split(LineSplitter.newlines(1024), "  a  \n\n \nb\n", false);
    assertEquals(List.of("a", "b"), tokens);
    tokens.clear();
    split(new LineSplitter(FileEncoding.UTF_8, null, null, false, 1024, true, true), "  a  \n", false);
    assertEquals(List.of("  a  "), tokens);
  }

  @Test
  void cutsALineLongerThanMaxLogSize() {
    int used = split(LineSplitter.newlines(4), "abcdefghij\n", false);
    assertEquals(List.of("abcd", "efgh", "ij"), tokens);
    assertEquals(11, used);
  }

  @Test
  void flushTakesTheRest() {
    int used = split(LineSplitter.newlines(1024), "a\nrest", true);
    assertEquals(List.of("a", "rest"), tokens);
    assertEquals(6, used);
  }

  @Test
  void lineEndPatternEndsEntries() {
    LineSplitter s = new LineSplitter(FileEncoding.UTF_8, null, "END\\n", false, 1024, false, false);
    int used = split(s, "a\nb END\nc END\nd", false);
    assertEquals(List.of("a\nb END", "c END"), tokens);
    assertEquals(14, used);
  }

  @Test
  void omitPatternLeavesTheStartPatternOut() {
    LineSplitter s = new LineSplitter(FileEncoding.UTF_8, "^START ", null, true, 1024, false, false);
    split(s, "START one\nSTART two\n", true);
    assertEquals(List.of("one", "two"), tokens);
  }

  @Test
  void textBeforeTheFirstStartIsATokenOfItsOwn() {
    LineSplitter s = new LineSplitter(FileEncoding.UTF_8, "^\\d{4}-", null, false, 1024, false, false);
    split(s, "preamble\n2024-01 a\n  more\n2024-02 b\n", false);
    assertEquals(List.of("preamble", "2024-01 a\n  more"), tokens);
  }

  @Test
  void nonAsciiLiteralsInPatternsMatchUtf8Bytes() {
    LineSplitter s = new LineSplitter(FileEncoding.UTF_8, "^» ", null, false, 1024, false, false);
    split(s, "» é1\n» é2\n", true);
    assertEquals(List.of("» é1", "» é2"), tokens);
  }
}

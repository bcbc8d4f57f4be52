package io.telegate.translator.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expr subset of {@code if} and {@code EXPR(...)}: what real configs write. */
class ExprTest {

  private static Entry entry() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", 503L);
    body.put("ratio", 0.5);
    body.put("msg", "GET /health ok");
    body.put("tags", List.of("a", "b"));
    Entry e = new Entry(body, 1);
    e.attributes.put("log.file.path", "/var/log/pods/ns_pod_uid/c/0.log");
    e.attributes.put("level", "warn");
    e.resource.put("k8s.namespace.name", "kube-system");
    return e;
  }

  private static Object eval(String expr) {
    return Expr.compile(expr).evaluate(entry());
  }

  @Test
  void comparesNumbersAcrossIntegerAndFloat() {
    assertEquals(true, eval("body.status >= 500 and body.status < 600"));
    assertEquals(true, eval("body.ratio == 0.5 && body.status != 200"));
    assertEquals(true, eval("body.status == 503.0"));
    assertEquals(true, eval("body.ratio < 1"));
  }

  @Test
  void bracketsReachKeysWithDots() {
    assertEquals(true, eval("attributes[\"log.file.path\"] matches \"^/var/log/pods/\""));
    assertEquals(true, eval("resource['k8s.namespace.name'] == 'kube-system'"));
  }

  @Test
  void notBindsTighterThanComparisonsAsInExpr() {
    assertEquals(true, eval("not (body.msg matches 'health') == false"));
    // (not attributes.level) == 'warn': not applies to a string, an error, as in expr
    assertThrows(Expr.EvalException.class, () -> eval("not attributes.level == 'warn'"));
  }

  @Test
  void negatedWordOperators() {
    assertEquals(false, eval("body.msg not matches 'health'"));
    assertEquals(true, eval("'c' not in body.tags"));
    assertEquals(true, eval("attributes.level in ['warn', 'error']"));
    assertEquals(true, eval("body.msg startsWith 'GET' and body.msg endsWith 'ok' and body.msg contains '/health'"));
  }

  @Test
  void orIsLowerThanAnd() {
    assertEquals(true, eval("true or false and false"));
    assertEquals(false, eval("(true or false) and false"));
  }

  @Test
  void missingKeysAreNil() {
    assertEquals(true, eval("body.absent == nil"));
    assertEquals(true, eval("body.absent.deeper == nil"));
    assertEquals("default", eval("body.absent ?? 'default'"));
  }

  @Test
  void arithmeticAndConcatenation() {
    assertEquals(504L, eval("body.status + 1"));
    assertEquals("warn!", eval("attributes.level + '!'"));
    assertEquals(2.0, eval("body.status / body.status * 2"));
    assertEquals("WARN", eval("upper(attributes.level)"));
    assertEquals(2L, eval("len(body.tags)"));
  }

  @Test
  void testRequiresABool() {
    Expr.EvalException e = assertThrows(Expr.EvalException.class, () -> Expr.compile("body.status").test(entry()));
    assertTrue(e.getMessage().contains("not a bool"), e.getMessage());
  }

  @Test
  void typeErrorsAreEvaluationErrors() {
    assertThrows(Expr.EvalException.class, () -> eval("body.msg > 3"));
    assertThrows(Expr.EvalException.class, () -> eval("body.msg.x == 1"));
    assertThrows(Expr.EvalException.class, () -> eval("body.status and true"));
  }

  @Test
  void syntaxErrorsSayWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Expr.compile("body.x == (1"));
    assertEquals("invalid expression 'body.x == (1': expected ')' but found end of expression at 12", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Expr.compile("unknown.x == 1"));
    assertThrows(IllegalArgumentException.class, () -> Expr.compile("body matches '('"));
    assertThrows(IllegalArgumentException.class, () -> Expr.compile("nofunc(1)"));
  }

  @Test
  void envReadsTheEnvironment() {
    assertFalse(((String) eval("env('PATH')")).isEmpty());
    assertEquals("", eval("env('TELEGATE_SURELY_UNSET_VARIABLE')"));
  }
}

package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.List;

/** A Kubernetes field selector ({@code a=b,c!=d}, {@code ==} too) split into its terms, so the client can send it. */
record FieldSelector(List<Term> terms) {

  /** One term: {@code key=value}, or {@code key!=value} when {@code negated}. */
  record Term(String key, String value, boolean negated) {}

  /** @throws IllegalArgumentException naming the term that is not {@code key=value} or {@code key!=value} */
  static FieldSelector parse(String text) {
    List<Term> terms = new ArrayList<>();
    for (String part : text.split(",")) {
      String t = part.strip();
      if (t.isEmpty()) {
        continue;
      }
      int ne = t.indexOf("!=");
      int eq = t.indexOf('=');
      if (ne > 0) {
        terms.add(new Term(t.substring(0, ne).strip(), t.substring(ne + 2).strip(), true));
      } else if (eq > 0) {
        int valueAt = t.startsWith("==", eq) ? eq + 2 : eq + 1;
        terms.add(new Term(t.substring(0, eq).strip(), t.substring(valueAt).strip(), false));
      } else {
        throw new IllegalArgumentException("invalid field selector term '" + t + "' (expected: key=value or"
            + " key!=value, separated by commas)");
      }
    }
    return new FieldSelector(terms);
  }
}

package io.telegate.translator.stanza;

import io.telegate.core.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The subset of the expr language (expr-lang/expr) that stanza configs use in {@code if} and
 * {@code EXPR(...)}: the variables {@code body}, {@code attributes}, {@code resource} and
 * {@code timestamp}; member access ({@code body.x}, {@code attributes["k"]}); string, number,
 * boolean and {@code nil} literals; {@code == != < > <= >=}, {@code matches}, {@code in},
 * {@code contains}, {@code startsWith}, {@code endsWith} (each also after {@code not});
 * {@code and &&}, {@code or ||}, {@code not !}; {@code + - * / %}; {@code ?:} and {@code ??};
 * parentheses; and the functions {@code env}, {@code len}, {@code lower}, {@code upper},
 * {@code trim}, {@code string}. Compiled once at start; evaluation allocates little.
 *
 * <p>Member access on {@code nil} gives {@code nil} (the expr language would need {@code ?.}).
 */
public final class Expr {

  /** An error while evaluating; the operator handles it with its {@code on_error}. */
  public static final class EvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EvalException(String message) {
      super(message, null, false, false);
    }
  }

  private interface Node {
    Object eval(Entry e);
  }

  private final Node root;
  private final String source;

  private Expr(Node root, String source) {
    this.root = root;
    this.source = source;
  }

  /**
   * Compiles an expression.
   *
   * @throws IllegalArgumentException with the position of the first syntax error
   */
  public static Expr compile(String source) {
    Parser p = new Parser(source);
    Node n = p.ternary();
    if (p.peek().kind != Kind.EOF) {
      throw p.error("unexpected " + p.peek().text);
    }
    return new Expr(n, source);
  }

  /**
   * Evaluates against an entry.
   *
   * @throws EvalException for every failure, so that callers handle one type
   */
  public Object evaluate(Entry e) {
    try {
      return root.eval(e);
    } catch (EvalException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw new EvalException("expression '" + source + "': " + ex);
    }
  }

  /** Evaluates to a boolean; anything else is an error, as the Collector's {@code if} requires. */
  public boolean test(Entry e) {
    Object v = evaluate(e);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new EvalException("expression '" + source + "' gave " + describe(v) + ", not a bool");
  }

  @Override
  public String toString() {
    return source;
  }

  // ---- tokens

  private enum Kind { NUM, STR, IDENT, OP, EOF }

  private record Token(Kind kind, String text, Object value, int pos) {}

  private static final class Parser {
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int at;

    Parser(String src) {
      this.src = src;
      tokenize();
    }

    private void tokenize() {
      int i = 0;
      int n = src.length();
      while (i < n) {
        char c = src.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '"' || c == '\'' || c == '`') {
          int start = i;
          StringBuilder sb = new StringBuilder();
          i++;
          while (true) {
            if (i >= n) {
              throw new IllegalArgumentException("invalid expression '" + src + "': unterminated string at " + start);
            }
            char d = src.charAt(i);
            if (d == c) {
              i++;
              break;
            }
            if (d == '\\' && c != '`' && i + 1 < n) {
              char esc = src.charAt(++i);
              switch (esc) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                default -> sb.append(esc);
              }
              i++;
              continue;
            }
            sb.append(d);
            i++;
          }
          tokens.add(new Token(Kind.STR, src.substring(start, i), sb.toString(), start));
        } else if (Character.isDigit(c)) {
          int start = i;
          while (i < n && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
          }
          boolean fraction = false;
          if (i + 1 < n && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
            fraction = true;
            i++;
            while (i < n && Character.isDigit(src.charAt(i))) {
              i++;
            }
          }
          if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            fraction = true;
            i++;
            if (i < n && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
              i++;
            }
            while (i < n && Character.isDigit(src.charAt(i))) {
              i++;
            }
          }
          String text = src.substring(start, i).replace("_", "");
          Object v = fraction ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
          tokens.add(new Token(Kind.NUM, text, v, start));
        } else if (Character.isLetter(c) || c == '_' || c == '$') {
          int start = i;
          while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_' || src.charAt(i) == '$')) {
            i++;
          }
          tokens.add(new Token(Kind.IDENT, src.substring(start, i), null, start));
        } else {
          String two = i + 1 < n ? src.substring(i, i + 2) : "";
          if (List.of("==", "!=", "<=", ">=", "&&", "||", "??", "?.").contains(two)) {
            tokens.add(new Token(Kind.OP, two, null, i));
            i += 2;
          } else if ("()[].,<>+-*/%!?:".indexOf(c) >= 0) {
            tokens.add(new Token(Kind.OP, String.valueOf(c), null, i));
            i++;
          } else {
            throw new IllegalArgumentException("invalid expression '" + src + "': unexpected '" + c + "' at " + i);
          }
        }
      }
      tokens.add(new Token(Kind.EOF, "end of expression", null, n));
    }

    Token peek() {
      return tokens.get(at);
    }

    Token peek(int ahead) {
      return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    Token next() {
      return tokens.get(at++);
    }

    boolean isOp(String op) {
      Token t = peek();
      return t.kind == Kind.OP && t.text.equals(op);
    }

    boolean isWord(Token t, String word) {
      return t.kind == Kind.IDENT && t.text.equals(word);
    }

    IllegalArgumentException error(String why) {
      return new IllegalArgumentException("invalid expression '" + src + "': " + why + " at " + peek().pos);
    }

    void expect(String op) {
      if (!isOp(op)) {
        throw error("expected '" + op + "' but found " + peek().text);
      }
      at++;
    }

    Node ternary() {
      Node cond = coalesce();
      if (isOp("?")) {
        at++;
        Node yes = ternary();
        expect(":");
        Node no = ternary();
        return e -> truthy(cond.eval(e)) ? yes.eval(e) : no.eval(e);
      }
      return cond;
    }

    Node coalesce() {
      Node left = or();
      while (isOp("??")) {
        at++;
        Node l = left;
        Node r = or();
        left = e -> {
          Object v = l.eval(e);
          return v != null ? v : r.eval(e);
        };
      }
      return left;
    }

    Node or() {
      Node left = and();
      while (isOp("||") || isWord(peek(), "or")) {
        at++;
        Node l = left;
        Node r = and();
        left = e -> bool(l.eval(e), "or") || bool(r.eval(e), "or");
      }
      return left;
    }

    Node and() {
      Node left = comparison();
      while (isOp("&&") || isWord(peek(), "and")) {
        at++;
        Node l = left;
        Node r = comparison();
        left = e -> bool(l.eval(e), "and") && bool(r.eval(e), "and");
      }
      return left;
    }

    private static final List<String> WORD_OPS = List.of("matches", "in", "contains", "startsWith", "endsWith");

    Node comparison() {
      Node left = additive();
      while (true) {
        Token t = peek();
        boolean negate = false;
        String op;
        if (t.kind == Kind.OP && List.of("==", "!=", "<", ">", "<=", ">=").contains(t.text)) {
          op = t.text;
          at++;
        } else if (t.kind == Kind.IDENT && WORD_OPS.contains(t.text)) {
          op = t.text;
          at++;
        } else if (isWord(t, "not") && peek(1).kind == Kind.IDENT && WORD_OPS.contains(peek(1).text)) {
          negate = true;
          op = peek(1).text;
          at += 2;
        } else {
          return left;
        }
        Node l = left;
        Node r = additive();
        Node cmp = binary(op, l, r);
        left = negate ? e -> !(Boolean) cmp.eval(e) : cmp;
      }
    }

    Node binary(String op, Node l, Node r) {
      switch (op) {
        case "==":
          return e -> equal(l.eval(e), r.eval(e));
        case "!=":
          return e -> !equal(l.eval(e), r.eval(e));
        case "<", ">", "<=", ">=":
          return e -> {
            int c = compare(l.eval(e), r.eval(e), op);
            return switch (op) {
              case "<" -> c < 0;
              case ">" -> c > 0;
              case "<=" -> c <= 0;
              default -> c >= 0;
            };
          };
        case "matches":
          return matches(l, r);
        case "in":
          return e -> in(l.eval(e), r.eval(e));
        default:
          return e -> {
            Object a = l.eval(e);
            Object b = r.eval(e);
            if (!(a instanceof String sa) || !(b instanceof String sb)) {
              throw new EvalException("invalid operation: " + describe(a) + " " + op + " " + describe(b));
            }
            return switch (op) {
              case "contains" -> sa.contains(sb);
              case "startsWith" -> sa.startsWith(sb);
              default -> sa.endsWith(sb);
            };
          };
      }
    }

    Node matches(Node l, Node r) {
      Pattern fixed;
      try {
        Object literal = r.eval(null);
        fixed = literal instanceof String s ? GoRegex.compile(s).pattern() : null;
      } catch (IllegalArgumentException ex) {
        throw error("invalid regex: " + ex.getMessage());
      } catch (RuntimeException notConstant) {
        fixed = null;
      }
      Pattern constant = fixed;
      Map<String, Pattern> cache = new ConcurrentHashMap<>();
      return e -> {
        Object a = l.eval(e);
        if (!(a instanceof String s)) {
          throw new EvalException("invalid operation: " + describe(a) + " matches a regex (expected a string)");
        }
        Pattern p = constant;
        if (p == null) {
          Object b = r.eval(e);
          if (!(b instanceof String rs)) {
            throw new EvalException("matches needs a string regex, not " + describe(b));
          }
          p = cache.size() < 64 ? cache.computeIfAbsent(rs, x -> GoRegex.compile(x).pattern()) : GoRegex.compile(rs).pattern();
        }
        return p.matcher(s).find();
      };
    }

    Node additive() {
      Node left = multiplicative();
      while (isOp("+") || isOp("-")) {
        String op = next().text;
        Node l = left;
        Node r = multiplicative();
        left = e -> arithmetic(op, l.eval(e), r.eval(e));
      }
      return left;
    }

    Node multiplicative() {
      Node left = unary();
      while (isOp("*") || isOp("/") || isOp("%")) {
        String op = next().text;
        Node l = left;
        Node r = unary();
        left = e -> arithmetic(op, l.eval(e), r.eval(e));
      }
      return left;
    }

    Node unary() {
      if (isOp("!") || isWord(peek(), "not")) {
        at++;
        Node operand = unary();
        return e -> !bool(operand.eval(e), "not");
      }
      if (isOp("-")) {
        at++;
        Node operand = unary();
        return e -> arithmetic("-", 0L, operand.eval(e));
      }
      if (isOp("+")) {
        at++;
        return unary();
      }
      return postfix();
    }

    Node postfix() {
      Node n = primary();
      while (true) {
        if (isOp(".") || isOp("?.")) {
          at++;
          Token name = next();
          if (name.kind != Kind.IDENT) {
            at--;
            throw error("expected a name after '.'");
          }
          Node base = n;
          String key = name.text;
          n = e -> member(base.eval(e), key);
        } else if (isOp("[")) {
          at++;
          Node index = ternary();
          expect("]");
          Node base = n;
          n = e -> index(base.eval(e), index.eval(e));
        } else {
          return n;
        }
      }
    }

    Node primary() {
      Token t = next();
      switch (t.kind) {
        case NUM, STR -> {
          Object v = t.value;
          return e -> v;
        }
        case OP -> {
          if (t.text.equals("(")) {
            Node inner = ternary();
            expect(")");
            return inner;
          }
          if (t.text.equals("[")) {
            List<Node> items = new ArrayList<>();
            while (!isOp("]")) {
              items.add(ternary());
              if (!isOp("]")) {
                expect(",");
              }
            }
            at++;
            return e -> {
              List<Object> out = new ArrayList<>(items.size());
              for (Node item : items) {
                out.add(item.eval(e));
              }
              return out;
            };
          }
          at--;
          throw error("unexpected '" + t.text + "'");
        }
        case IDENT -> {
          if (isOp("(")) {
            return call(t);
          }
          return switch (t.text) {
            case "true" -> e -> Boolean.TRUE;
            case "false" -> e -> Boolean.FALSE;
            case "nil", "null" -> e -> null;
            case "body", "$body", "$record" -> e -> e.body;
            case "attributes", "$attributes", "$labels" -> e -> e.attributes;
            case "resource", "$resource" -> e -> e.resource;
            case "timestamp", "$timestamp" -> e -> e.timestampNanos == 0 ? null : java.time.Instant.ofEpochSecond(0, e.timestampNanos);
            default -> {
              at--;
              throw error("unknown name '" + t.text + "'");
            }
          };
        }
        default -> {
          at--;
          throw error("unexpected end of expression");
        }
      }
    }

    Node call(Token name) {
      expect("(");
      List<Node> args = new ArrayList<>();
      while (!isOp(")")) {
        args.add(ternary());
        if (!isOp(")")) {
          expect(",");
        }
      }
      at++;
      String fn = name.text;
      int arity = switch (fn) {
        case "env", "len", "lower", "upper", "trim", "string" -> 1;
        default -> throw new IllegalArgumentException("invalid expression '" + src + "': unknown function '" + fn + "'");
      };
      if (args.size() != arity) {
        throw new IllegalArgumentException("invalid expression '" + src + "': " + fn + " takes " + arity + " argument");
      }
      Node a = args.get(0);
      return switch (fn) {
        case "env" -> e -> {
          String v = System.getenv(String.valueOf(a.eval(e)));
          return v == null ? "" : v;
        };
        case "len" -> e -> {
          Object v = a.eval(e);
          if (v instanceof String s) {
            return (long) s.length();
          } else if (v instanceof Map<?, ?> m) {
            return (long) m.size();
          } else if (v instanceof List<?> l) {
            return (long) l.size();
          }
          throw new EvalException("invalid argument for len (type " + describe(v) + ")");
        };
        case "string" -> e -> Values.text(a.eval(e));
        default -> e -> {
          Object v = a.eval(e);
          if (!(v instanceof String s)) {
            throw new EvalException("invalid argument for " + fn + " (type " + describe(v) + ")");
          }
          return switch (fn) {
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            default -> s.strip();
          };
        };
      };
    }
  }

  // ---- evaluation helpers

  private static boolean truthy(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new EvalException("non-bool " + describe(v) + " used as condition");
  }

  private static boolean bool(Object v, String op) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new EvalException("invalid operation: " + op + " on " + describe(v) + " (expected a bool)");
  }

  private static Object member(Object base, String key) {
    if (base == null) {
      return null;
    }
    if (base instanceof Map<?, ?> m) {
      return m.get(key);
    }
    throw new EvalException("cannot fetch " + key + " from " + describe(base));
  }

  private static Object index(Object base, Object key) {
    if (base == null) {
      return null;
    }
    if (base instanceof Map<?, ?> m) {
      return m.get(String.valueOf(key));
    }
    if (base instanceof List<?> l && key instanceof Number n) {
      int i = n.intValue();
      if (i < 0) {
        i += l.size();
      }
      if (i < 0 || i >= l.size()) {
        throw new EvalException("index out of range: " + n.longValue() + " (array length is " + l.size() + ")");
      }
      return l.get(i);
    }
    throw new EvalException("cannot fetch " + key + " from " + describe(base));
  }

  private static boolean isNumber(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Double || o instanceof Float
        || o instanceof Short || o instanceof Byte;
  }

  private static boolean isIntegral(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
  }

  static boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (isNumber(a) && isNumber(b)) {
      if (isIntegral(a) && isIntegral(b)) {
        return ((Number) a).longValue() == ((Number) b).longValue();
      }
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a instanceof byte[] ba && b instanceof byte[] bb) {
      return java.util.Arrays.equals(ba, bb);
    }
    return a.equals(b);
  }

  private static int compare(Object a, Object b, String op) {
    if (isNumber(a) && isNumber(b)) {
      if (isIntegral(a) && isIntegral(b)) {
        return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
      }
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    if (a instanceof String sa && b instanceof String sb) {
      return sa.compareTo(sb);
    }
    throw new EvalException("invalid operation: " + describe(a) + " " + op + " " + describe(b));
  }

  private static boolean in(Object needle, Object hay) {
    if (hay instanceof Map<?, ?> m) {
      return m.containsKey(String.valueOf(needle));
    }
    if (hay instanceof List<?> l) {
      for (Object o : l) {
        if (equal(needle, o)) {
          return true;
        }
      }
      return false;
    }
    if (hay == null) {
      return false;
    }
    throw new EvalException("invalid operation: in " + describe(hay));
  }

  private static Object arithmetic(String op, Object a, Object b) {
    if (op.equals("+") && a instanceof String sa && b instanceof String sb) {
      return sa + sb;
    }
    if (isNumber(a) && isNumber(b)) {
      if (isIntegral(a) && isIntegral(b) && !op.equals("/")) {
        long x = ((Number) a).longValue();
        long y = ((Number) b).longValue();
        return switch (op) {
          case "+" -> x + y;
          case "-" -> x - y;
          case "*" -> x * y;
          default -> {
            if (y == 0) {
              throw new EvalException("integer divide by zero");
            }
            yield x % y;
          }
        };
      }
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return switch (op) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "/" -> x / y;
        default -> x % y;
      };
    }
    throw new EvalException("invalid operation: " + describe(a) + " " + op + " " + describe(b));
  }

  static String describe(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof String) {
      return "string";
    }
    if (isIntegral(v)) {
      return "int";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof List) {
      return "array";
    }
    if (v instanceof byte[]) {
      return "bytes";
    }
    return v.getClass().getSimpleName();
  }
}

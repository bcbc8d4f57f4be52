package io.telegate.receiver.filelog.fileconsumer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a file's bytes into tokens (log lines or multiline entries), as the Collector's split
 * functions do: at each newline, or where {@code line_start_pattern} / {@code line_end_pattern}
 * matches; a token longer than {@code max_log_size} is cut at that size; whitespace around a token is
 * trimmed unless preserved, and a token that is empty then is skipped. Works on the bytes, in code
 * units of the file's encoding, without decoding. Not thread-safe: one per reading thread.
 */
public final class LineSplitter {

  /** Receives each token: {@code b[off, off+len)}, and {@code next}, the index just after it and its delimiter. */
  @FunctionalInterface
  public interface Tokens {
    void token(byte[] b, int off, int len, int next);
  }

  private final FileEncoding encoding;
  private final int w;
  private final Pattern start;
  private final Pattern end;
  private final boolean omit;
  private final int maxLogSize;
  private final boolean trimLeading;
  private final boolean trimTrailing;
  private final UnitChars chars;
  private Matcher matcher;

  public LineSplitter(FileEncoding encoding, String lineStartPattern, String lineEndPattern, boolean omitPattern,
      int maxLogSize, boolean preserveLeading, boolean preserveTrailing) {
    this.encoding = encoding;
    this.w = encoding.unitWidth();
    this.start = lineStartPattern == null ? null : Pattern.compile(encoding.unitPattern(lineStartPattern),
        Pattern.MULTILINE);
    this.end = lineEndPattern == null ? null : Pattern.compile(encoding.unitPattern(lineEndPattern),
        Pattern.MULTILINE);
    this.omit = omitPattern;
    int units = Math.max(1, maxLogSize / w);
    this.maxLogSize = units * w;
    this.trimLeading = !preserveLeading;
    this.trimTrailing = !preserveTrailing;
    this.chars = new UnitChars(encoding);
  }

  /** Splitting at newlines, UTF-8, the Collector's defaults otherwise. */
  public static LineSplitter newlines(int maxLogSize) {
    return new LineSplitter(FileEncoding.UTF_8, null, null, false, maxLogSize, false, false);
  }

  /**
   * Emits every complete token of {@code b[off, off+len)} and returns how many bytes they took
   * (the rest is an incomplete token, to be offered again with more bytes). With {@code flush}
   * the rest is a token too (the file's end, or a force flush), and everything is taken.
   */
  public int split(byte[] b, int off, int len, boolean flush, Tokens out) {
    len -= len % w;
    if (start != null) {
      return splitStart(b, off, len, flush, out);
    }
    if (end != null) {
      return splitEnd(b, off, len, flush, out);
    }
    return splitNewlines(b, off, len, flush, out);
  }

  private int splitNewlines(byte[] b, int off, int len, boolean flush, Tokens out) {
    int limit = off + len;
    int pos = off;
    if (w == 1) {
      while (pos < limit) {
        int max = Math.min(limit, pos + maxLogSize);
        int nl = -1;
        for (int i = pos; i < max; i++) {
          if (b[i] == '\n') {
            nl = i;
            break;
          }
        }
        if (nl >= 0) {
          emit(b, pos, nl > pos && b[nl - 1] == '\r' ? nl - 1 : nl, nl + 1, out);
          pos = nl + 1;
        } else if (max - pos == maxLogSize) {
          emit(b, pos, max, max, out);
          pos = max;
        } else {
          break;
        }
      }
    } else {
      while (pos < limit) {
        int max = Math.min(limit, pos + maxLogSize);
        int nl = -1;
        for (int i = pos; i < max; i += 2) {
          if (encoding.unit(b, i) == '\n') {
            nl = i;
            break;
          }
        }
        if (nl >= 0) {
          emit(b, pos, nl > pos && encoding.unit(b, nl - 2) == '\r' ? nl - 2 : nl, nl + 2, out);
          pos = nl + 2;
        } else if (max - pos == maxLogSize) {
          emit(b, pos, max, max, out);
          pos = max;
        } else {
          break;
        }
      }
    }
    if (flush && pos < limit) {
      emit(b, pos, limit, limit, out);
      pos = limit;
    }
    return pos - off;
  }

  private int splitStart(byte[] b, int off, int len, boolean flush, Tokens out) {
    int limit = off + len;
    int pos = off;
    Matcher m = matcher(b, off, len);
    while (pos < limit) {
      int from = (pos - off) / w;
      if (!m.find(from)) {
        break;
      }
      int s = off + m.start() * w;
      if (s > pos) {
        // Text before the first start: a token of its own.
        pos = cutLong(b, pos, s, out);
        continue;
      }
      int contentFrom = omit ? off + m.end() * w : s;
      int searchFrom = Math.max(m.end(), m.start() + 1);
      if (searchFrom < len / w && m.find(searchFrom)) {
        int next = off + m.start() * w;
        if (next - pos > maxLogSize) {
          pos = cutOne(b, pos, out);
          continue;
        }
        emit(b, contentFrom, next, next, out);
        pos = next;
      } else if (limit - pos > maxLogSize) {
        pos = cutOne(b, pos, out);
      } else {
        break;
      }
    }
    if (pos < limit && flush) {
      m = matcher(b, off, len);
      int from = omit && m.find((pos - off) / w) && off + m.start() * w == pos ? off + m.end() * w : pos;
      emit(b, from, limit, limit, out);
      pos = limit;
    } else if (pos < limit && limit - pos > maxLogSize) {
      pos = cutOne(b, pos, out);
    }
    return pos - off;
  }

  private int splitEnd(byte[] b, int off, int len, boolean flush, Tokens out) {
    int limit = off + len;
    int pos = off;
    Matcher m = matcher(b, off, len);
    while (pos < limit) {
      int from = (pos - off) / w;
      boolean found = false;
      while (m.find(from)) {
        if (m.end() > (pos - off) / w) {
          found = true;
          break;
        }
        from = m.end() + 1;
        if (from > len / w) {
          break;
        }
      }
      if (!found) {
        break;
      }
      int e = off + m.end() * w;
      if (e - pos > maxLogSize) {
        pos = cutOne(b, pos, out);
        continue;
      }
      emit(b, pos, omit ? off + m.start() * w : e, e, out);
      pos = e;
    }
    if (pos < limit && flush) {
      emit(b, pos, limit, limit, out);
      pos = limit;
    } else if (pos < limit && limit - pos > maxLogSize) {
      pos = cutOne(b, pos, out);
    }
    return pos - off;
  }

  private int cutLong(byte[] b, int from, int to, Tokens out) {
    while (to - from > maxLogSize) {
      from = cutOne(b, from, out);
    }
    emit(b, from, to, to, out);
    return to;
  }

  private int cutOne(byte[] b, int from, Tokens out) {
    emit(b, from, from + maxLogSize, from + maxLogSize, out);
    return from + maxLogSize;
  }

  private Matcher matcher(byte[] b, int off, int len) {
    chars.reset(b, off, len);
    Pattern p = start != null ? start : end;
    if (matcher == null) {
      matcher = p.matcher(chars);
    } else {
      matcher.reset(chars);
    }
    return matcher;
  }

  private void emit(byte[] b, int from, int to, int next, Tokens out) {
    if (trimLeading) {
      while (from < to && isSpace(encoding.unit(b, from))) {
        from += w;
      }
    }
    if (trimTrailing) {
      while (to > from && isSpace(encoding.unit(b, to - w))) {
        to -= w;
      }
    }
    if (to > from) {
      out.token(b, from, to - from, next);
    }
  }

  private static boolean isSpace(int u) {
    return u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == 0x0b || u == 0x0c;
  }

  /** A file's bytes as a sequence of code units, for the multiline patterns. */
  static final class UnitChars implements CharSequence {
    private final FileEncoding encoding;
    private final int w;
    private byte[] b;
    private int off;
    private int units;

    UnitChars(FileEncoding encoding) {
      this.encoding = encoding;
      this.w = encoding.unitWidth();
    }

    void reset(byte[] b, int off, int len) {
      this.b = b;
      this.off = off;
      this.units = len / w;
    }

    @Override
    public int length() {
      return units;
    }

    @Override
    public char charAt(int index) {
      return (char) encoding.unit(b, off + index * w);
    }

    @Override
    public CharSequence subSequence(int s, int e) {
      StringBuilder sb = new StringBuilder(e - s);
      for (int i = s; i < e; i++) {
        sb.append(charAt(i));
      }
      return sb;
    }

    @Override
    public String toString() {
      return subSequence(0, units).toString();
    }
  }
}

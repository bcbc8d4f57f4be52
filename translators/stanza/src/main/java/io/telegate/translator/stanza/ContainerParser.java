package io.telegate.translator.stanza;

import io.telegate.translator.stanza.OperatorPipeline.Settings;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code container} parser: a container runtime's log line, {@code format} docker (JSON),
 * crio or containerd (CRI: {@code <time> <stream> <P|F> <log>}), detected per line by default.
 * The runtime's time becomes the timestamp, {@code log} the body, {@code stream}
 * {@code log.iostream}; partial CRI lines ({@code P}) are joined with the next ones up to the
 * final {@code F} line of the same file. With {@code add_metadata_from_filepath} (default), the
 * pod's namespace, name, uid, container name and restart count come from
 * {@code attributes["log.file.path"]} ({@code /var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log})
 * into the resource.
 *
 * <p>Unlike the Collector, which drops an entry when the time or path cannot be read after the
 * line was parsed, such errors go to {@code on_error} like any other.
 */
final class ContainerParser extends ParserOperator {

  private static final Pattern PATH = Pattern.compile(
      "^.*[/\\\\](?<ns>[^_]+)_(?<pod>[^_]+)_(?<uid>[a-f0-9\\-]+)[/\\\\](?<container>[^._]+)[/\\\\](?<restart>\\d+)\\.log$");
  private static final GoTimeLayout CRIO_TIME = GoTimeLayout.compile("2006-01-02T15:04:05.999999999Z07:00");
  private static final GoTimeLayout DOCKER_TIME = GoTimeLayout.compile("2006-01-02T15:04:05.999Z");

  private enum Format { AUTO, DOCKER, CRIO, CONTAINERD }

  private final Format format;
  private final boolean addMetadata;
  private final Recombine.Joiner partials;
  /** The last path read and its resource attributes: one file gives many lines in a row. */
  private String lastPath;
  private Map<String, Object> lastPathMetadata;

  private ContainerParser(Common common, Keys keys, Format format, boolean addMetadata, long maxLogSize,
      Settings settings) {
    super(common, keys);
    this.format = format;
    this.addMetadata = addMetadata;
    this.partials = new Recombine.Joiner(null, Expr.compile("attributes.logtag == 'F'"), Field.body(), "", 1000, 0,
        maxLogSize, Duration.ofSeconds(5), Field.attribute("log.file.path"), 1000, false, settings.nanoTime(),
        this::write);
  }

  static Operator build(Common common, OperatorConfig c, Settings s) {
    String f = c.choice("format", "", "docker", "crio", "containerd");
    boolean meta = c.bool("add_metadata_from_filepath", true);
    long maxLogSize = c.byteSize("max_log_size", 0);
    Keys keys = Keys.read(c, s.clock());
    Format format = switch (f) {
      case "docker" -> Format.DOCKER;
      case "crio" -> Format.CRIO;
      case "containerd" -> Format.CONTAINERD;
      default -> Format.AUTO;
    };
    return new ContainerParser(common, keys, format, meta, maxLogSize, s);
  }

  @Override
  Object parse(Object value) {
    throw new IllegalStateException("the container parser parses in process");
  }

  @Override
  void process(Entry e) {
    Format f;
    try {
      if (skip(e)) {
        write(e);
        return;
      }
      f = format == Format.AUTO ? detect(e) : format;
    } catch (OperatorException | Expr.EvalException ex) {
      handleError(e, ex);
      return;
    }
    if (!keys.parseFrom().has(e)) {
      handleError(e, new OperatorException("Entry is missing the expected parse_from field " + keys.parseFrom()));
      return;
    }
    try {
      Object value = keys.parseFrom().get(e);
      Object parsed = f == Format.DOCKER
          ? Parsers.parseJsonObject(asString(value, "docker container logs"), false)
          : parseCri(asString(value, f == Format.CRIO ? "cri-o container logs" : "containerd logs"), f);
      keys.parseTo().set(e, parsed);
    } catch (OperatorException | IllegalArgumentException ex) {
      handleError(e, ex);
      return;
    }
    if (!applyBlocks(e)) {
      return;
    }
    try {
      readTime(e, f == Format.CRIO ? CRIO_TIME : DOCKER_TIME, f == Format.CRIO);
      Object log = e.attributes.remove("log");
      if (log == null && !e.attributes.containsKey("log")) {
        throw new OperatorException("move: field log does not exist");
      }
      e.body = log;
      if (!e.attributes.containsKey("stream")) {
        throw new OperatorException("move: field stream does not exist");
      }
      e.attributes.put("log.iostream", e.attributes.remove("stream"));
      if (addMetadata) {
        addPathMetadata(e);
      }
      if (f == Format.DOCKER) {
        write(e);
      } else {
        partials.add(e);
      }
    } catch (OperatorException | IllegalArgumentException | Expr.EvalException ex) {
      handleError(e, ex);
    }
  }

  private Format detect(Entry e) {
    Object v = keys.parseFrom().get(e);
    if (!(v instanceof String s)) {
      throw new OperatorException("type " + Expr.describe(v) + " cannot be parsed as container logs");
    }
    if (s.startsWith("{")) {
      return Format.DOCKER;
    }
    int sp = s.indexOf(' ');
    if (sp > 0 && (s.startsWith("stdout ", sp + 1) || s.startsWith("stderr ", sp + 1))) {
      String time = s.substring(0, sp);
      int z = time.indexOf('Z');
      if (z < 0) {
        return Format.CRIO;
      }
      if (z == time.length() - 1 && time.indexOf('^') < 0) {
        return Format.CONTAINERD;
      }
    }
    throw new OperatorException("entry cannot be parsed as container logs: " + s);
  }

  /** {@code <time> <stdout|stderr> <logtag> <log>}, as the Collector's CRI patterns read it. */
  private static Map<String, Object> parseCri(String s, Format f) {
    int sp = s.indexOf(' ');
    if (sp <= 0) {
      throw new OperatorException("regex pattern does not match");
    }
    String time = s.substring(0, sp);
    int z = time.indexOf('Z');
    boolean ok = f == Format.CRIO ? z < 0 : z == time.length() - 1 && time.indexOf('^') < 0;
    if (!ok || !(s.startsWith("stdout ", sp + 1) || s.startsWith("stderr ", sp + 1))) {
      throw new OperatorException("regex pattern does not match");
    }
    String stream = s.substring(sp + 1, sp + 7);
    int tagStart = sp + 8;
    int tagEnd = s.indexOf(' ', tagStart);
    String logtag;
    String log;
    if (tagEnd < 0) {
      logtag = s.substring(tagStart);
      log = "";
    } else {
      logtag = s.substring(tagStart, tagEnd);
      log = s.substring(tagEnd + 1);
    }
    Map<String, Object> m = new LinkedHashMap<>(8);
    m.put("time", time);
    m.put("stream", stream);
    m.put("logtag", logtag);
    m.put("log", log);
    return m;
  }

  private static void readTime(Entry e, GoTimeLayout layout, boolean localZone) {
    Object v = e.attributes.get("time");
    if (v == null) {
      throw new OperatorException("failed to get the time from the entry");
    }
    if (!(v instanceof String s)) {
      throw new OperatorException("failed to parse time: type " + Expr.describe(v) + " cannot be parsed as a time");
    }
    ZoneId zone = localZone ? ZoneId.systemDefault() : ZoneOffset.UTC;
    ZonedDateTime t = layout.parse(s, zone);
    e.timestampNanos = t.toEpochSecond() * 1_000_000_000L + t.getNano();
    e.attributes.remove("time");
  }

  private void addPathMetadata(Entry e) {
    Object p = e.attributes.get("log.file.path");
    if (!(p instanceof String path)) {
      throw new OperatorException("type " + Expr.describe(p) + " cannot be parsed as log path field");
    }
    if (!path.equals(lastPath)) {
      Matcher m = PATH.matcher(path);
      if (!m.matches()) {
        throw new OperatorException("failed to detect a valid log path");
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("k8s.container.name", m.group("container"));
      meta.put("k8s.namespace.name", m.group("ns"));
      meta.put("k8s.pod.name", m.group("pod"));
      meta.put("k8s.container.restart_count", m.group("restart"));
      meta.put("k8s.pod.uid", m.group("uid"));
      lastPath = path;
      lastPathMetadata = meta;
    }
    e.resource.putAll(lastPathMetadata);
  }

  @Override
  void flush(long nowNanos) {
    partials.flush(nowNanos);
  }

  @Override
  void flushAll() {
    partials.flushAll();
  }
}

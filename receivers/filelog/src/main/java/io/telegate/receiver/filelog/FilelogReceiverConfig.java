package io.telegate.receiver.filelog;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.component.ValidationContext;
import io.telegate.core.extension.FileStorageExtension;
import io.telegate.receiver.filelog.fileconsumer.FileConsumerConfig;
import io.telegate.translator.stanza.OperatorPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code filelog} receiver: the Collector's keys and defaults (its fileconsumer's keys
 * at the top level, as there).
 *
 * @param include glob patterns of the files to read; required
 * @param exclude glob patterns of matched files to leave out
 * @param excludeOlderThan leave out files last modified longer ago than this
 * @param startAt {@code end} (default) or {@code beginning}: where files found at the first poll are read from
 * @param pollInterval time between polls of the file system
 * @param fingerprintSize bytes at a file's start that identify it ({@code 1kb})
 * @param initialBufferSize accepted; Telegate's read buffer is max_log_size plus 64 KiB
 * @param maxLogSize longest log entry; longer ones are cut ({@code 1MiB})
 * @param maxConcurrentFiles files open at once; more are read in batches
 * @param maxBatches batches read per poll when files are batched; 0 for all
 * @param deleteAfterRead delete each file once read (needs start_at: beginning)
 * @param encoding {@code utf-8}, {@code utf-16le}, {@code utf-16be}, {@code ascii}, {@code nop}, ...
 * @param multiline {@code line_start_pattern} or {@code line_end_pattern}, and {@code omit_pattern}
 * @param forceFlushPeriod emit a last line without newline after the file was quiet this long
 * @param preserveLeadingWhitespaces keep leading whitespace of entries
 * @param preserveTrailingWhitespaces keep trailing whitespace of entries
 * @param includeFileName attribute log.file.name
 * @param includeFilePath attribute log.file.path
 * @param includeFileNameResolved attribute log.file.name_resolved
 * @param includeFilePathResolved attribute log.file.path_resolved
 * @param includeFileOwnerName attribute log.file.owner.name
 * @param includeFileOwnerGroupName attribute log.file.owner.group.name
 * @param includeFileRecordNumber attribute log.file.record_number
 * @param compression empty, or {@code gzip}
 * @param attributes added to every entry's attributes
 * @param resource added to every entry's resource
 * @param operators the stanza operators entries go through
 * @param storage {@code file_storage[/name]} keeping the file offsets across restarts; none keeps them in memory
 * @param retryOnFailure the wait between offers of a batch the pipeline refused
 */
@UnsupportedKeys({"header", "ordering_criteria", "acquire_fs_lock", "polls_to_archive"})
public record FilelogReceiverConfig(
    List<String> include,
    List<String> exclude,
    Duration excludeOlderThan,
    String startAt,
    Duration pollInterval,
    Object fingerprintSize,
    Object initialBufferSize,
    Object maxLogSize,
    int maxConcurrentFiles,
    int maxBatches,
    boolean deleteAfterRead,
    String encoding,
    Multiline multiline,
    Duration forceFlushPeriod,
    boolean preserveLeadingWhitespaces,
    boolean preserveTrailingWhitespaces,
    boolean includeFileName,
    boolean includeFilePath,
    boolean includeFileNameResolved,
    boolean includeFilePathResolved,
    boolean includeFileOwnerName,
    boolean includeFileOwnerGroupName,
    boolean includeFileRecordNumber,
    String compression,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    List<Object> operators,
    String storage,
    RetryOnFailure retryOnFailure)
    implements ComponentConfig {

  public static final FilelogReceiverConfig DEFAULT = new FilelogReceiverConfig(List.of(), List.of(), null, "end",
      Duration.ofMillis(200), "1kb", "16KiB", "1MiB", 1024, 0, false, "utf-8", Multiline.DEFAULT,
      Duration.ofMillis(500), false, false, true, false, false, false, false, false, false, "", Map.of(), Map.of(),
      List.of(), null, RetryOnFailure.DEFAULT);

  /**
   * {@code multiline}: exactly one of the patterns.
   *
   * @param lineStartPattern an entry starts where this matches
   * @param lineEndPattern an entry ends where this matches
   * @param omitPattern leave the pattern out of the entry
   */
  public record Multiline(String lineStartPattern, String lineEndPattern, boolean omitPattern) {
    public static final Multiline DEFAULT = new Multiline(null, null, false);
  }

  /**
   * {@code retry_on_failure}: how long the receiver waits before offering a refused batch again.
   * Telegate always offers it again while reading pauses (a retryable refusal never drops what was
   * read); {@code enabled} and {@code max_elapsed_time} are accepted for the Collector's configs.
   *
   * @param enabled accepted (Telegate retries either way)
   * @param initialInterval the first wait
   * @param maxInterval the longest wait; waits double up to it
   * @param maxElapsedTime accepted; Telegate does not give up on a retryable refusal
   */
  public record RetryOnFailure(boolean enabled, Duration initialInterval, Duration maxInterval,
      Duration maxElapsedTime) implements ConfigValidator {
    public static final RetryOnFailure DEFAULT =
        new RetryOnFailure(false, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));

    @Override
    public List<String> validate() {
      List<String> errors = new ArrayList<>();
      if (initialInterval == null || initialInterval.isNegative() || initialInterval.isZero()) {
        errors.add("initial_interval: must be positive, got " + initialInterval);
      }
      if (maxInterval == null || initialInterval != null && maxInterval.compareTo(initialInterval) < 0) {
        errors.add("max_interval: must be at least initial_interval, got " + maxInterval);
      }
      return errors;
    }
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (!"end".equals(startAt) && !"beginning".equals(startAt)) {
      errors.add("start_at: invalid value '" + startAt + "' (expected: beginning or end)");
    }
    long fp = size(errors, "fingerprint_size", fingerprintSize);
    long max = size(errors, "max_log_size", maxLogSize);
    size(errors, "initial_buffer_size", initialBufferSize);
    if (max > Integer.MAX_VALUE / 2) {
      errors.add("max_log_size: at most 1GiB, got " + max);
    }
    if (fp > 1024 * 1024) {
      errors.add("fingerprint_size: at most 1MiB, got " + fp);
    }
    if (compression != null && !compression.isEmpty() && !compression.equals("gzip")) {
      errors.add("compression: invalid value '" + compression + "' (expected: gzip, or empty)");
    }
    if (errors.isEmpty()) {
      errors.addAll(consumer().validate());
    }
    try {
      OperatorPipeline.build(operators, entry -> {}).flushAll();
    } catch (RuntimeException e) {
      errors.add("operators: " + e.getMessage());
    }
    if (storage != null && storage.isBlank()) {
      errors.add("storage: must name a file_storage extension");
    }
    return errors;
  }

  @Override
  public List<String> validate(ValidationContext context) {
    if (storage == null || storage.isBlank()) {
      return List.of();
    }
    String problem = context.checkExtension("storage", storage, FileStorageExtension.class, "a file_storage extension");
    return problem == null ? List.of() : List.of(problem);
  }

  private static long size(List<String> errors, String key, Object raw) {
    try {
      long v = ByteSizes.parse(raw);
      if (v < 1) {
        errors.add(key + ": must be positive, got " + raw);
      }
      return v;
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
      return 0;
    }
  }

  /** The file consumer's settings. Call on a validated config. */
  public FileConsumerConfig consumer() {
    Multiline m = multiline == null ? Multiline.DEFAULT : multiline;
    return new FileConsumerConfig(include, exclude, excludeOlderThan, "beginning".equals(startAt), pollInterval,
        (int) ByteSizes.parse(fingerprintSize), maxConcurrentFiles, maxBatches, (int) ByteSizes.parse(maxLogSize),
        encoding, emptyToNull(m.lineStartPattern()), emptyToNull(m.lineEndPattern()), m.omitPattern(),
        forceFlushPeriod, preserveLeadingWhitespaces, preserveTrailingWhitespaces, includeFileName, includeFilePath,
        includeFileNameResolved, includeFilePathResolved, includeFileOwnerName, includeFileOwnerGroupName,
        includeFileRecordNumber, deleteAfterRead, "gzip".equals(compression));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

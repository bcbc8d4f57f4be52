package io.telegate.receiver.filelog.fileconsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a file consumer reads and how: the settings of the Collector's {@code fileconsumer.Config},
 * which a file-reading receiver's config holds at its top level. Each receiver binds its own keys
 * and builds one of these; {@link #validate()} names problems by those keys.
 *
 * @param include glob patterns of the files to read ({@code **} crosses directories)
 * @param exclude glob patterns of matched files to leave out
 * @param excludeOlderThan files last modified longer ago are left out; null for none
 * @param startAtBeginning read files found at the first poll from their start instead of their end
 * @param pollInterval time between polls
 * @param fingerprintSize bytes at the start of a file that identify it
 * @param maxConcurrentFiles files open at once; more matches are read in batches of half this
 * @param maxBatches batches read per poll when files are batched; 0 for all
 * @param maxLogSize longest token in bytes; a longer line is cut into tokens of this size
 * @param encoding {@code utf-8}, {@code utf-16le}, {@code utf-16be}, {@code ascii}, {@code nop} (raw bytes), ...
 * @param lineStartPattern a token starts where this regex matches; null for one token per line
 * @param lineEndPattern a token ends where this regex matches; null for one token per line
 * @param omitPattern leave the start or end pattern out of the token
 * @param forceFlushPeriod a last line without a newline is emitted once the file had no new data for this long; 0 never
 * @param preserveLeadingWhitespaces keep whitespace at the start of a token
 * @param preserveTrailingWhitespaces keep whitespace at the end of a token
 * @param includeFileName attribute {@code log.file.name}
 * @param includeFilePath attribute {@code log.file.path}
 * @param includeFileNameResolved attribute {@code log.file.name_resolved} (after symbolic links)
 * @param includeFilePathResolved attribute {@code log.file.path_resolved}
 * @param includeFileOwnerName attribute {@code log.file.owner.name}
 * @param includeFileOwnerGroupName attribute {@code log.file.owner.group.name}
 * @param includeFileRecordNumber attribute {@code log.file.record_number} (1 for a file's first token)
 * @param deleteAfterRead delete a file once it was read to its end and what it held was accepted
 * @param gzip the files are gzip-compressed (offsets count decompressed bytes)
 */
public record FileConsumerConfig(
    List<String> include,
    List<String> exclude,
    Duration excludeOlderThan,
    boolean startAtBeginning,
    Duration pollInterval,
    int fingerprintSize,
    int maxConcurrentFiles,
    int maxBatches,
    int maxLogSize,
    String encoding,
    String lineStartPattern,
    String lineEndPattern,
    boolean omitPattern,
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
    boolean deleteAfterRead,
    boolean gzip) {

  /** The Collector's defaults, with nothing to include. */
  public static final FileConsumerConfig DEFAULT = new FileConsumerConfig(List.of(), List.of(), null, false,
      Duration.ofMillis(200), 1000, 1024, 0, 1024 * 1024, "utf-8", null, null, false, Duration.ofMillis(500),
      false, false, true, false, false, false, false, false, false, false, false);

  /** A copy reading {@code include}. */
  public FileConsumerConfig withInclude(List<String> include) {
    return new FileConsumerConfig(include, exclude, excludeOlderThan, startAtBeginning, pollInterval,
        fingerprintSize, maxConcurrentFiles, maxBatches, maxLogSize, encoding, lineStartPattern, lineEndPattern,
        omitPattern, forceFlushPeriod, preserveLeadingWhitespaces, preserveTrailingWhitespaces, includeFileName,
        includeFilePath, includeFileNameResolved, includeFilePathResolved, includeFileOwnerName,
        includeFileOwnerGroupName, includeFileRecordNumber, deleteAfterRead, gzip);
  }

  /** A copy starting at the beginning ({@code true}) or the end of files found at the first poll. */
  public FileConsumerConfig withStartAtBeginning(boolean beginning) {
    return new FileConsumerConfig(include, exclude, excludeOlderThan, beginning, pollInterval,
        fingerprintSize, maxConcurrentFiles, maxBatches, maxLogSize, encoding, lineStartPattern, lineEndPattern,
        omitPattern, forceFlushPeriod, preserveLeadingWhitespaces, preserveTrailingWhitespaces, includeFileName,
        includeFilePath, includeFileNameResolved, includeFilePathResolved, includeFileOwnerName,
        includeFileOwnerGroupName, includeFileRecordNumber, deleteAfterRead, gzip);
  }

  /** A copy with these split settings. */
  public FileConsumerConfig withSplit(String lineStartPattern, String lineEndPattern, boolean omitPattern,
      int maxLogSize, Duration forceFlushPeriod) {
    return new FileConsumerConfig(include, exclude, excludeOlderThan, startAtBeginning, pollInterval,
        fingerprintSize, maxConcurrentFiles, maxBatches, maxLogSize, encoding, lineStartPattern, lineEndPattern,
        omitPattern, forceFlushPeriod, preserveLeadingWhitespaces, preserveTrailingWhitespaces, includeFileName,
        includeFilePath, includeFileNameResolved, includeFilePathResolved, includeFileOwnerName,
        includeFileOwnerGroupName, includeFileRecordNumber, deleteAfterRead, gzip);
  }

  /** Errors, each starting with the Collector key it is about ({@code multiline::line_start_pattern: ...}). */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (include == null || include.isEmpty()) {
      errors.add("include: must name at least one glob pattern");
    } else {
      checkGlobs(errors, "include", include);
    }
    if (exclude != null) {
      checkGlobs(errors, "exclude", exclude);
    }
    if (excludeOlderThan != null && excludeOlderThan.isNegative()) {
      errors.add("exclude_older_than: must not be negative, got " + excludeOlderThan);
    }
    if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
      errors.add("poll_interval: must be positive, got " + pollInterval);
    }
    if (fingerprintSize < Fingerprint.MIN_SIZE) {
      errors.add("fingerprint_size: must be at least " + Fingerprint.MIN_SIZE + " bytes, got " + fingerprintSize);
    }
    if (maxConcurrentFiles < 1) {
      errors.add("max_concurrent_files: must be at least 1, got " + maxConcurrentFiles);
    }
    if (maxBatches < 0) {
      errors.add("max_batches: must not be negative, got " + maxBatches);
    }
    if (maxLogSize < 1) {
      errors.add("max_log_size: must be positive, got " + maxLogSize);
    }
    try {
      FileEncoding.of(encoding);
    } catch (IllegalArgumentException e) {
      errors.add("encoding: " + e.getMessage());
    }
    if (lineStartPattern != null && lineEndPattern != null) {
      errors.add("multiline: only one of line_start_pattern and line_end_pattern may be set");
    }
    checkRegex(errors, "multiline::line_start_pattern", lineStartPattern);
    checkRegex(errors, "multiline::line_end_pattern", lineEndPattern);
    if (omitPattern && lineStartPattern == null && lineEndPattern == null) {
      errors.add("multiline::omit_pattern: needs line_start_pattern or line_end_pattern");
    }
    if (forceFlushPeriod == null || forceFlushPeriod.isNegative()) {
      errors.add("force_flush_period: must not be negative, got " + forceFlushPeriod);
    }
    if (deleteAfterRead && !startAtBeginning) {
      errors.add("delete_after_read: cannot be used with start_at: end (set start_at: beginning)");
    }
    return errors;
  }

  private static void checkGlobs(List<String> errors, String key, List<String> globs) {
    for (int i = 0; i < globs.size(); i++) {
      String g = globs.get(i);
      if (g == null || g.isBlank()) {
        errors.add(key + "[" + i + "]: must not be empty");
        continue;
      }
      try {
        Globs.compile(List.of(g));
      } catch (IllegalArgumentException e) {
        errors.add(key + "[" + i + "]: " + e.getMessage());
      }
    }
  }

  private static void checkRegex(List<String> errors, String key, String regex) {
    if (regex == null) {
      return;
    }
    if (regex.isEmpty()) {
      errors.add(key + ": must not be empty");
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      errors.add(key + ": invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
    }
  }
}

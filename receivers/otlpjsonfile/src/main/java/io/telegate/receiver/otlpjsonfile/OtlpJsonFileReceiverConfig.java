package io.telegate.receiver.otlpjsonfile;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.component.ValidationContext;
import io.telegate.core.extension.FileStorageExtension;
import io.telegate.receiver.filelog.fileconsumer.FileConsumerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code otlpjsonfile} receiver: the Collector's file consumer keys at the top level,
 * as its {@code fileconsumer.Config} is squashed into the receiver's, and {@code storage}.
 *
 * @param include glob patterns of the files to read ({@code **} crosses directories)
 * @param exclude glob patterns of matched files to leave out
 * @param excludeOlderThan files last modified longer ago are left out
 * @param startAt where to start in files found at the first poll: {@code end} (the Collector's
 *     default) or {@code beginning}
 * @param pollInterval time between polls
 * @param fingerprintSize bytes at the start of a file that identify it
 * @param maxConcurrentFiles files open at once
 * @param maxBatches batches of files read per poll; 0 for all
 * @param maxLogSize the longest line, in bytes; a longer one is cut, and its parts do not parse
 * @param encoding the files' text encoding ({@code utf-8}, ...; {@code nop} for raw bytes)
 * @param multiline how lines are split, if not by newline
 * @param forceFlushPeriod a last line without a newline is taken once the file had no new data for this long
 * @param includeFileName accepted; a request carries no file attributes
 * @param includeFilePath accepted; a request carries no file attributes
 * @param includeFileNameResolved accepted; a request carries no file attributes
 * @param includeFilePathResolved accepted; a request carries no file attributes
 * @param includeFileOwnerName accepted; a request carries no file attributes
 * @param includeFileOwnerGroupName accepted; a request carries no file attributes
 * @param includeFileRecordNumber accepted; a request carries no file attributes
 * @param deleteAfterRead delete a file once read to its end and its requests accepted (with {@code start_at: beginning})
 * @param compression empty, or {@code gzip}: the files are gzip-compressed
 * @param storage the id of a {@code file_storage} extension where the files' offsets are kept across restarts
 */
@UnsupportedKeys({"replay_file", "header", "ordering_criteria", "polls_to_archive", "acquire_fs_lock",
    "attributes", "resource", "operators"})
public record OtlpJsonFileReceiverConfig(
    List<String> include,
    List<String> exclude,
    Duration excludeOlderThan,
    StartAt startAt,
    Duration pollInterval,
    int fingerprintSize,
    int maxConcurrentFiles,
    int maxBatches,
    int maxLogSize,
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
    boolean deleteAfterRead,
    String compression,
    String storage) implements ComponentConfig {

  private static final FileConsumerConfig C = FileConsumerConfig.DEFAULT;

  public static final OtlpJsonFileReceiverConfig DEFAULT = new OtlpJsonFileReceiverConfig(List.of(), List.of(),
      null, StartAt.END, C.pollInterval(), C.fingerprintSize(), C.maxConcurrentFiles(), C.maxBatches(),
      C.maxLogSize(), C.encoding(), Multiline.DEFAULT, C.forceFlushPeriod(), C.preserveLeadingWhitespaces(),
      C.preserveTrailingWhitespaces(), C.includeFileName(), C.includeFilePath(), C.includeFileNameResolved(),
      C.includeFilePathResolved(), C.includeFileOwnerName(), C.includeFileOwnerGroupName(),
      C.includeFileRecordNumber(), C.deleteAfterRead(), "", null);

  /** Where reading starts in files found at the first poll. */
  public enum StartAt {
    END,
    BEGINNING
  }

  /**
   * Lines split by a pattern instead of by newlines.
   *
   * @param lineStartPattern a line starts where this regex matches
   * @param lineEndPattern a line ends where this regex matches
   * @param omitPattern leave the pattern out of the line
   */
  public record Multiline(String lineStartPattern, String lineEndPattern, boolean omitPattern) {
    public static final Multiline DEFAULT = new Multiline(null, null, false);
  }

  /** The file consumer's settings. */
  FileConsumerConfig consumerConfig() {
    return new FileConsumerConfig(include, exclude, excludeOlderThan, startAt == StartAt.BEGINNING, pollInterval,
        fingerprintSize, maxConcurrentFiles, maxBatches, maxLogSize, encoding, multiline.lineStartPattern(),
        multiline.lineEndPattern(), multiline.omitPattern(), forceFlushPeriod, preserveLeadingWhitespaces,
        preserveTrailingWhitespaces, includeFileName, includeFilePath, includeFileNameResolved,
        includeFilePathResolved, includeFileOwnerName, includeFileOwnerGroupName, includeFileRecordNumber,
        deleteAfterRead, "gzip".equals(compression));
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>(consumerConfig().validate());
    if (!compression.isEmpty() && !compression.equals("gzip")) {
      errors.add("compression: '" + compression + "' is not supported (expected: gzip, or none)");
    }
    return errors;
  }

  @Override
  public List<String> validate(ValidationContext context) {
    List<String> errors = new ArrayList<>();
    if (storage != null) {
      String problem = context.checkExtension("storage", storage, FileStorageExtension.class,
          "a file_storage extension");
      if (problem != null) {
        errors.add(problem);
      }
    }
    return errors;
  }
}

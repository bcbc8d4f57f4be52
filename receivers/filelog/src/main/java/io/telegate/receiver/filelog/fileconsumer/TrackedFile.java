package io.telegate.receiver.filelog.fileconsumer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/** What a file consumer knows of one file: its identity, how far it was read, and its open handle. Owned by the polling thread. */
final class TrackedFile {
  Fingerprint fingerprint;
  long offset;
  long recordNumber;
  Path path;
  Map<String, Object> attributes = Map.of();
  FileChannel channel;
  /** The file's size at the last poll, and when it last grew: for force_flush_period. */
  long lastSize = -1;
  long lastDataNanos;
  /** Polls since the file was last matched. */
  int unseenPolls;
  /** Deleted after reading (delete_after_read): forgotten at the end of the poll. */
  boolean deleted;

  TrackedFile(Fingerprint fingerprint, long offset, long recordNumber, Path path) {
    this.fingerprint = fingerprint;
    this.offset = offset;
    this.recordNumber = recordNumber;
    this.path = path;
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a read-only handle; nothing was buffered.
      }
      channel = null;
    }
  }
}

package io.telegate.receiver.filelog.fileconsumer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Where a file consumer keeps the offsets of the files it knows across restarts: one file, replaced
 * atomically (written beside it, then renamed over it), so that a crash at any moment leaves either
 * the previous or the new checkpoint, never a torn one. Format: magic, version, count, then per file
 * its fingerprint, offset, record number and last path; a CRC-32C of all that at the end.
 */
public final class Checkpoints {

  private static final int MAGIC = 0x54474643; // "TGFC"
  private static final int VERSION = 1;

  private final Path file;
  private final boolean fsync;

  /** Offsets of one file consumer in {@code file}; with {@code fsync} each save is forced to disk before it counts. */
  public Checkpoints(Path file, boolean fsync) {
    this.file = file;
    this.fsync = fsync;
  }

  /** One known file. */
  public record Known(byte[] fingerprint, long offset, long recordNumber, String path) {}

  public Path file() {
    return file;
  }

  /**
   * What the last save wrote; empty when there is none.
   *
   * @throws IOException when the file cannot be read or is corrupt (its checksum does not match)
   */
  public List<Known> load() throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    if (all.length < 16) {
      throw new IOException("checkpoint " + file + " is truncated (" + all.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new IOException("checkpoint " + file + " is corrupt (checksum mismatch)");
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4));
    if (in.readInt() != MAGIC) {
      throw new IOException("checkpoint " + file + " is not a file consumer checkpoint");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("checkpoint " + file + " has unknown version " + version);
    }
    int n = in.readInt();
    List<Known> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] fp = new byte[in.readInt()];
      in.readFully(fp);
      long offset = in.readLong();
      long record = in.readLong();
      String path = in.readUTF();
      out.add(new Known(fp, offset, record, path));
    }
    return out;
  }

  /** Replaces the checkpoint with {@code known}. */
  public void save(List<Known> known) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + known.size() * 128);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(known.size());
    for (Known k : known) {
      out.writeInt(k.fingerprint().length);
      out.write(k.fingerprint());
      out.writeLong(k.offset());
      out.writeLong(k.recordNumber());
      out.writeUTF(k.path().length() > 16_000 ? k.path().substring(0, 16_000) : k.path());
    }
    out.flush();
    CRC32C crc = new CRC32C();
    byte[] body = bytes.toByteArray();
    crc.update(body);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocate(body.length + 4);
      buf.put(body).putInt((int) crc.getValue()).flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (fsync) {
        ch.force(false);
      }
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

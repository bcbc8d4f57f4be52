package io.telegate.transport.grpc;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The gRPC message encodings the Collector registers besides gzip, {@code zstd} and {@code snappy}
 * (the framing format, which grpc-go's snappy codec reads and writes), for gRPC servers and
 * channels alike. Decompression streams: grpc-java stops reading at its message size limit, so a
 * bomb is never inflated whole.
 */
public final class GrpcCodecs {

  private GrpcCodecs() {}

  /** gzip, zstd and snappy, for a channel or server that compresses. */
  public static CompressorRegistry compressors() {
    CompressorRegistry r = CompressorRegistry.newEmptyInstance();
    r.register(new Codec.Gzip());
    r.register(ZSTD);
    r.register(SNAPPY);
    return r;
  }

  /** grpc-java's (identity, gzip) with zstd and snappy, advertised to peers. */
  public static DecompressorRegistry decompressors() {
    return DecompressorRegistry.getDefaultInstance().with(ZSTD, true).with(SNAPPY, true);
  }

  /** zstd frames. */
  public static final Codec ZSTD = new StreamCodec("zstd", ZstdOutputStream::new, ZstdInputStream::new);

  /** The snappy framing format. */
  public static final Codec SNAPPY =
      new StreamCodec("snappy", SnappyFramedOutputStream::new, SnappyFramedInputStream::new);

  private interface Wrap<S> {
    S apply(S stream) throws IOException;
  }

  /** A message encoding that is a pair of stream wrappers. */
  private record StreamCodec(String name, Wrap<OutputStream> out, Wrap<InputStream> in) implements Codec {
    @Override
    public String getMessageEncoding() {
      return name;
    }

    @Override
    public OutputStream compress(OutputStream os) throws IOException {
      return out.apply(os);
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
      return in.apply(is);
    }
  }
}

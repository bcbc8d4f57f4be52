package io.telegate.core.data;

/** Bytes that are not a valid OTLP message; receivers answer it with 400 / INVALID_ARGUMENT. */
public final class MalformedDataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.telegate.translator.stanza;

/** Why an operator could not process an entry; handled by the operator's {@code on_error}. */
final class OperatorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OperatorException(String message) {
    super(message, null, false, false);
  }
}

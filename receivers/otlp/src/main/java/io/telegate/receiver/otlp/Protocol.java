package io.telegate.receiver.otlp;

/** The transports of the OTLP receiver, named as in the {@code transport} label of self-metrics. */
enum Protocol {
  GRPC("grpc"),
  HTTP("http");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}

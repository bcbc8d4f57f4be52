package io.telegate.core.component;

import java.util.List;

/**
 * What runs: the pipelines with their components, and the extensions, as the service section
 * lists them. Extensions that describe the gateway (zpages) read it from {@link Host#service}.
 *
 * @param pipelines the pipelines in config order
 * @param extensions the extensions of {@code service::extensions}, in start order
 */
public record ServiceView(List<Pipeline> pipelines, List<ComponentId> extensions) {

  public ServiceView {
    pipelines = List.copyOf(pipelines);
    extensions = List.copyOf(extensions);
  }

  /** One pipeline: its id ({@code traces/x}) and its components in order. */
  public record Pipeline(String id, List<ComponentId> receivers, List<ComponentId> processors,
      List<ComponentId> exporters) {
    public Pipeline {
      receivers = List.copyOf(receivers);
      processors = List.copyOf(processors);
      exporters = List.copyOf(exporters);
    }
  }
}

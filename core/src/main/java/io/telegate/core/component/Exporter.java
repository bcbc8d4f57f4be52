package io.telegate.core.component;

import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;

/** The end of a pipeline: sends data out of the gateway. */
public interface Exporter<T extends TelemetryData<?>> extends Component, Consumer<T> {}

package io.telegate.core.component;

import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;

/** A pipeline stage: takes data, passes (possibly changed) data to the next consumer. */
public interface Processor<T extends TelemetryData<?>> extends Component, Consumer<T> {}

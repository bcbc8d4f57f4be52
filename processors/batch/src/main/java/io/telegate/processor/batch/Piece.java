package io.telegate.processor.batch;

import io.telegate.core.data.TelemetryData;

/**
 * A request, or a part of one, waiting in a batch; {@code items} is fixed when it is made. Once
 * merged into a sent batch only {@code items} and {@code completion} are kept ({@code data} null).
 */
record Piece<T extends TelemetryData<?>>(T data, int items, RequestCompletion completion) {}

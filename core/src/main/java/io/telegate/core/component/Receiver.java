package io.telegate.core.component;

/**
 * The start of a pipeline: takes data from outside the gateway and passes it to the consumers it
 * was created with. One instance may serve several signals of one id ({@link CreateSettings#shared}).
 */
public interface Receiver extends Component {}

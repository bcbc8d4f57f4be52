package io.telegate.receiver.filelog;

import io.telegate.core.component.ReceiverFactory;

/** Factory of the {@code filelog} receiver (also {@code file_log}): tails files into logs. */
public final class FilelogReceiverFactory extends ReceiverFactory.Base<FilelogReceiverConfig> {

  public FilelogReceiverFactory() {
    super(ReceiverFactory.define("filelog", FilelogReceiverConfig.DEFAULT).alias("file_log")
        .logs((settings, config, next) -> new FilelogReceiver(settings.id(), config, next)));
  }
}

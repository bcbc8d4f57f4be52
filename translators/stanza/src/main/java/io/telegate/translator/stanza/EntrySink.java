package io.telegate.translator.stanza;

/** Where an operator pipeline puts the entries that leave it. */
@FunctionalInterface
public interface EntrySink {
  void accept(Entry entry);
}

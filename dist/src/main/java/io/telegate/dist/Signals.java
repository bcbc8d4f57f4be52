package io.telegate.dist;

import io.telegate.core.telemetry.GatewayLogger;

/**
 * Turns SIGTERM and SIGINT into an orderly shutdown that exits 0. A plain shutdown hook would
 * exit with 143, which orchestrators read as a crash.
 */
final class Signals {

  private Signals() {}

  static void onTermination(Runnable action) {
    Runnable once = new Runnable() {
      private boolean ran;

      @Override
      public synchronized void run() {
        if (!ran) {
          ran = true;
          // Signal handlers must return quickly; the drain runs on its own thread.
          new Thread(action, "telegate-signal-shutdown").start();
        }
      }
    };
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
          GatewayLogger.root().with("component", "service").info("Received signal", "signal", "SIG" + name);
          once.run();
        });
      } catch (IllegalArgumentException e) {
        GatewayLogger.root().warn("cannot handle signal; relying on the shutdown hook", "signal", name);
      }
    }
  }
}

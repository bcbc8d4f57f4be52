package io.telegate.processor.batch;

import io.telegate.testing.ReadmeExamples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML example in this module's README binds and validates, so the docs name only real keys. */
class BatchReadmeExamplesTest {

  @Test
  void everyProcessorInTheReadmeExamplesBindsAndValidates() throws Exception {
    ReadmeExamples.assertAllBindAndValidate(Path.of("README.md"), List.of(new BatchProcessorFactory()));
  }
}

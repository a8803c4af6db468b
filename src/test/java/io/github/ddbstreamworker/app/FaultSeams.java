package io.github.ddbstreamworker.app;

import io.github.ddbstreamworker.core.RecordFilter;
import java.util.function.UnaryOperator;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/** Reaches the assembly's package-private seams for fault tests in other packages. */
public final class FaultSeams {

  private FaultSeams() {}

  public static UnaryOperator<WorkerAssembly.Builder> filter(UnaryOperator<RecordFilter> wrapper) {
    return builder -> builder.wrapFilter(wrapper);
  }

  public static UnaryOperator<WorkerAssembly.Builder> checkpointer(
      UnaryOperator<RecordProcessorCheckpointer> wrapper) {
    return builder -> builder.wrapCheckpointer(wrapper);
  }
}

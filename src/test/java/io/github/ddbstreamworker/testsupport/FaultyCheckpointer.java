package io.github.ddbstreamworker.testsupport;

import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.processor.Checkpointer;
import software.amazon.kinesis.processor.PreparedCheckpointer;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * The KCL's checkpointer, which throws an unexpected {@code RuntimeException} instead of
 * checkpointing when its switch fires.
 */
public final class FaultyCheckpointer implements RecordProcessorCheckpointer {

  private final RecordProcessorCheckpointer real;
  private final FaultSwitch fault;

  public FaultyCheckpointer(RecordProcessorCheckpointer real, FaultSwitch fault) {
    this.real = real;
    this.fault = fault;
  }

  private void maybeFail() {
    if (fault.fire()) {
      throw new IllegalStateException("checkpointer fault injected by the test");
    }
  }

  @Override
  public void checkpoint()
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    maybeFail();
    real.checkpoint();
  }

  @Override
  public void checkpoint(Record record)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    maybeFail();
    real.checkpoint(record);
  }

  @Override
  public void checkpoint(String sequenceNumber)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    maybeFail();
    real.checkpoint(sequenceNumber);
  }

  @Override
  public void checkpoint(String sequenceNumber, long subSequenceNumber)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    maybeFail();
    real.checkpoint(sequenceNumber, subSequenceNumber);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint()
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint();
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(byte[] applicationState)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(applicationState);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(Record record)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(record);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(Record record, byte[] applicationState)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(record, applicationState);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(sequenceNumber);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, byte[] applicationState)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(sequenceNumber, applicationState);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(sequenceNumber, subSequenceNumber);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(
      String sequenceNumber, long subSequenceNumber, byte[] applicationState)
      throws KinesisClientLibDependencyException,
          InvalidStateException,
          ThrottlingException,
          ShutdownException {
    return real.prepareCheckpoint(sequenceNumber, subSequenceNumber, applicationState);
  }

  @Override
  public Checkpointer checkpointer() {
    return real.checkpointer();
  }
}

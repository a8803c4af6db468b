package io.github.ddbstreamworker.aws;

import io.github.ddbstreamworker.config.InvalidSettingsException;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.core.failure.FailureDestinationException;
import io.github.ddbstreamworker.core.failure.FailureMessage;
import io.github.ddbstreamworker.core.failure.RecordFailure;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * FAILURE_QUEUE_URL: each failure becomes one SQS message. On a FIFO queue the shard is the message
 * group and the sequence number deduplicates, so a retried hand-over is stored once.
 */
public final class SqsFailureDestination implements FailureDestination {

  /** SQS's message size limit that every queue accepts: 256 KiB. */
  static final int MAX_MESSAGE_BYTES = 262_144;

  private static final String NO_QUEUE_ERROR_CODE = "AWS.SimpleQueueService.NonExistentQueue";

  private final SqsClient sqs;
  private final String queueUrl;
  private final boolean fifo;

  private SqsFailureDestination(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.fifo = queueUrl.endsWith(".fifo");
  }

  /**
   * Checks the queue exists and can be reached before the worker reads anything.
   *
   * @throws InvalidSettingsException naming FAILURE_QUEUE_URL if it cannot be used
   */
  public static SqsFailureDestination connect(SqsClient sqs, URI queueUrl) {
    String url = queueUrl.toString();
    try {
      sqs.getQueueAttributes(
          request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN));
    } catch (QueueDoesNotExistException e) {
      throw noQueue(url);
    } catch (SqsException e) {
      // Some endpoints send the error type in a form the SDK does not map to the exception above.
      if (NO_QUEUE_ERROR_CODE.equals(e.awsErrorDetails().errorCode())) {
        throw noQueue(url);
      }
      throw new InvalidSettingsException(
          List.of("FAILURE_QUEUE_URL='" + url + "' cannot be used: " + e.getMessage()));
    } catch (SdkException e) {
      throw new InvalidSettingsException(
          List.of("FAILURE_QUEUE_URL='" + url + "' cannot be used: " + e.getMessage()));
    }
    return new SqsFailureDestination(sqs, url);
  }

  private static InvalidSettingsException noQueue(String url) {
    return new InvalidSettingsException(
        List.of("FAILURE_QUEUE_URL='" + url + "' names no queue (check the URL and region)"));
  }

  @Override
  public void send(RecordFailure failure) {
    SendMessageRequest.Builder message =
        SendMessageRequest.builder()
            .queueUrl(queueUrl)
            .messageBody(FailureMessage.toJson(failure, MAX_MESSAGE_BYTES));
    if (fifo) {
      message
          .messageGroupId(failure.source().shardId())
          .messageDeduplicationId(failure.sequenceNumber());
    }
    try {
      sqs.sendMessage(message.build());
    } catch (SdkException e) {
      throw new FailureDestinationException("SQS " + queueUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "sqs";
  }
}

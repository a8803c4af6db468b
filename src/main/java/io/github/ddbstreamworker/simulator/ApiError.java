package io.github.ddbstreamworker.simulator;

/**
 * An error the DynamoDB Streams API answers with: its type name (the part after {@code #} in {@code
 * __type}), message and HTTP status.
 */
final class ApiError extends RuntimeException {

  private final String type;
  private final int status;

  private ApiError(String type, int status, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  static ApiError validation(String message) {
    return new ApiError("ValidationException", 400, message);
  }

  static ApiError resourceNotFound(String message) {
    return new ApiError("ResourceNotFoundException", 400, message);
  }

  static ApiError trimmedDataAccess(String message) {
    return new ApiError("TrimmedDataAccessException", 400, message);
  }

  static ApiError expiredIterator(String message) {
    return new ApiError("ExpiredIteratorException", 400, message);
  }

  static ApiError limitExceeded(String message) {
    return new ApiError("LimitExceededException", 400, message);
  }

  static ApiError unknownOperation(String message) {
    return new ApiError("UnknownOperationException", 400, message);
  }

  static ApiError serialization(String message) {
    return new ApiError("SerializationException", 400, message);
  }

  static ApiError internalServerError(String message) {
    return new ApiError("InternalServerError", 500, message);
  }

  String type() {
    return type;
  }

  int status() {
    return status;
  }
}

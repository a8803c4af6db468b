/**
 * Logback filters named in {@code logback.xml}: known upstream noise dropped, and upstream warnings
 * and errors that repeat (throttling, server errors, retries) let through once a minute per cause.
 */
package io.github.ddbstreamworker.logging;

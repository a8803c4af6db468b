/**
 * The log as {@code logback.xml} sets it up: on stderr, apart from the item lines on stdout, in
 * JSON or text ({@link io.github.ddbstreamworker.logging.ConsoleEncoder}); known upstream noise
 * dropped, and upstream warnings and errors that repeat (throttling, server errors, retries) let
 * through once a minute per cause.
 */
package io.github.ddbstreamworker.logging;

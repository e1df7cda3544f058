/**
 * The gateway's implementation, not exported: the facade, per-account resilience on resilience4j,
 * the JDK HTTP transport with its size cap, provider discovery and the properties loader.
 */
package io.chatgateway.internal;

/**
 * The in-test provider {@code loopback}: a small JSON chat API served by a JDK {@code HttpServer} and an
 * adapter that talks to it through the gateway's SPI, so that tests exercise the gateway end to end.
 */
package io.chatgateway.testprovider;

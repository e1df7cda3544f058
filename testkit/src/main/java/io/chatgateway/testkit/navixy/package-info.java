/** The Navixy simulator: a stateful fake of Navixy's tracker chat API for tests and the CLI sandbox. */
package io.chatgateway.testkit.navixy;

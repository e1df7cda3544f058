/** The Navixy simulator: a stateful fake of Navixy's tracker chat API for tests and the CLI sandbox. */
@NullMarked
package io.chatgateway.testkit.navixy;

import org.jspecify.annotations.NullMarked;

/** The conformance kit run against core's in-test provider, served by a testkit simulator. */
package io.chatgateway.testkit.loopback;

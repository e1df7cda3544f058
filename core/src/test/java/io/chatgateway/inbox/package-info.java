/** Tests of the inbox (change feed) through the public API, on the fake provider. */
package io.chatgateway.inbox;

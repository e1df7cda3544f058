/**
 * The SMSBAT ChatHub simulator: {@link io.chatgateway.testkit.smsbat.SmsbatSimulator}, a stateful fake of
 * {@code chatapi.smsbat.com} with tokens, chats, messages and fault injection, and its ServiceLoader factory.
 */
@NullMarked
package io.chatgateway.testkit.smsbat;

import org.jspecify.annotations.NullMarked;

/**
 * Internals of the SMSBAT ChatHub adapter (not exported): the provider, its tokens, the one error
 * decoder, wire-to-model mappers and the opaque paging cursors.
 */
package io.chatgateway.smsbat.internal;

/** Navixy wire plumbing: the error decoder, date/time codec, mappers, paging cursor and the provider. */
package io.chatgateway.navixy.internal;

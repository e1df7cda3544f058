/** QuickBlox adapter internals: authentication, request building, query compilation, paging cursors and mapping. */
package io.chatgateway.quickblox.internal;

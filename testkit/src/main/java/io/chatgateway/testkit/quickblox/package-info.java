/**
 * The QuickBlox simulator: a stateful fake of the QuickBlox REST chat API (sessions, dialogs, messages with
 * every list operator, read receipts, unread counts) for tests, the CLI sandbox and users' own tests.
 */
@NullMarked
package io.chatgateway.testkit.quickblox;

import org.jspecify.annotations.NullMarked;

/**
 * Process-kill proofs of the inbox and the outbox: gateway instances in child JVMs on one database, killed
 * with SIGKILL mid-run, and the evidence that nothing was lost or handled/sent twice beyond what the
 * guarantees allow.
 */
package io.chatgateway.it.kill;

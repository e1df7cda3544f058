/** Test doubles of core's tests: an in-memory scripted provider and a fake clock and sleeper. */
package io.chatgateway.fake;

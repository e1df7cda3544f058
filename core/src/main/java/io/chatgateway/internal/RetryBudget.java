package io.chatgateway.internal;

/**
 * Keeps retries of a failing account to a small share of its calls (gRPC retry throttling): each
 * failure costs a token, each success returns {@code ratio}; retrying is allowed while more than half of
 * the tokens remain. Thread-safe.
 */
final class RetryBudget {

    private final double max;
    private final double ratio;
    private double tokens;

    RetryBudget(int maxTokens, double ratio) {
        this.max = maxTokens;
        this.ratio = ratio;
        this.tokens = maxTokens;
    }

    synchronized void onSuccess() {
        tokens = Math.min(max, tokens + ratio);
    }

    synchronized void onFailure() {
        tokens = Math.max(0, tokens - 1);
    }

    synchronized boolean allowsRetry() {
        return tokens > max / 2;
    }
}

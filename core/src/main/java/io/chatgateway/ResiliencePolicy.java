package io.chatgateway;

import java.time.Duration;

/**
 * Per-account resilience settings: retry, circuit breaker, rate limiter, bulkhead, timeouts.
 *
 * <p>Immutable and thread-safe; built with {@link #custom()}…{@link Builder#build()}, whose setters
 * reject bad values at once. Defaults are the public {@code DEFAULT_*} constants; the rate limit
 * defaults to the provider's published limit (Navixy 50/s, SMSBAT 100/s, QuickBlox 80/s).
 *
 * <p>Retries apply only to retryable errors, with exponential backoff and jitter, honouring a
 * provider's {@code Retry-After} up to {@link #maxRetryAfter()}; a longer wait fails fast with
 * {@link RateLimitedException}. A send is retried only when it provably never reached the provider.
 * A retry budget (as in gRPC retry throttling) keeps retries of a failing account to a small share of
 * its calls: each failure costs one token, each success gives back {@link #retryBudgetRatio()}, and
 * retries stop while fewer than half of {@link #retryBudgetTokens()} remain.
 */
public final class ResiliencePolicy {

    /** Attempts per call, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Backoff before the first retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** Factor between successive backoffs. */
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    /** Random spread of each backoff, as a fraction of it. */
    public static final double DEFAULT_JITTER = 0.5;
    /** Longest backoff. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** Longest {@code Retry-After} the gateway waits; beyond it the call fails fast. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    /** Retry budget size in tokens. */
    public static final int DEFAULT_RETRY_BUDGET_TOKENS = 10;
    /** Tokens a success gives back to the retry budget. */
    public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.1;
    /** Failure rate (percent) that opens the circuit. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Calls the circuit breaker looks back on. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    /** Calls needed before the failure rate counts. */
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    /** How long the circuit stays open before one probe. */
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(30);
    /** Calls per second; 0 means the provider's published limit. */
    public static final int DEFAULT_RATE_PER_SECOND = 0;
    /** Longest wait for a rate-limiter permit before {@link RateLimitedException}. */
    public static final Duration DEFAULT_RATE_LIMIT_TIMEOUT = Duration.ofSeconds(5);
    /** Concurrent calls per account. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;
    /** Longest wait for a concurrency slot before {@link ProviderUnavailableException}. */
    public static final Duration DEFAULT_MAX_CONCURRENCY_WAIT = Duration.ofSeconds(10);
    /** Concurrent sends of an emulated broadcast. */
    public static final int DEFAULT_BROADCAST_CONCURRENCY = 8;
    /** TCP connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Whole-request timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ResiliencePolicy DEFAULTS = custom().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final int retryBudgetTokens;
    private final double retryBudgetRatio;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration waitInOpenState;
    private final int ratePerSecond;
    private final Duration rateLimitTimeout;
    private final int maxConcurrentCalls;
    private final Duration maxConcurrencyWait;
    private final int broadcastConcurrency;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    private ResiliencePolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.jitter = b.jitter;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.retryBudgetTokens = b.retryBudgetTokens;
        this.retryBudgetRatio = b.retryBudgetRatio;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumCalls = b.minimumCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.ratePerSecond = b.ratePerSecond;
        this.rateLimitTimeout = b.rateLimitTimeout;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.maxConcurrencyWait = b.maxConcurrencyWait;
        this.broadcastConcurrency = b.broadcastConcurrency;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
    }

    /** @return the defaults */
    public static ResiliencePolicy ofDefaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** @return a builder starting from this policy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return attempts per call, the first included */
    public int maxAttempts() { return maxAttempts; }

    /** @return backoff before the first retry */
    public Duration initialBackoff() { return initialBackoff; }

    /** @return factor between successive backoffs */
    public double backoffMultiplier() { return backoffMultiplier; }

    /** @return random spread of each backoff, 0 to 1 */
    public double jitter() { return jitter; }

    /** @return longest backoff */
    public Duration maxBackoff() { return maxBackoff; }

    /** @return longest honoured {@code Retry-After} */
    public Duration maxRetryAfter() { return maxRetryAfter; }

    /** @return retry budget size in tokens */
    public int retryBudgetTokens() { return retryBudgetTokens; }

    /** @return tokens a success gives back */
    public double retryBudgetRatio() { return retryBudgetRatio; }

    /** @return failure rate in percent that opens the circuit */
    public float failureRateThreshold() { return failureRateThreshold; }

    /** @return calls the circuit breaker looks back on */
    public int slidingWindowSize() { return slidingWindowSize; }

    /** @return calls needed before the failure rate counts */
    public int minimumCalls() { return minimumCalls; }

    /** @return how long the circuit stays open before a probe */
    public Duration waitInOpenState() { return waitInOpenState; }

    /** @return calls per second, 0 = the provider's published limit */
    public int ratePerSecond() { return ratePerSecond; }

    /** @return longest wait for a rate-limiter permit */
    public Duration rateLimitTimeout() { return rateLimitTimeout; }

    /** @return concurrent calls per account */
    public int maxConcurrentCalls() { return maxConcurrentCalls; }

    /** @return longest wait for a concurrency slot */
    public Duration maxConcurrencyWait() { return maxConcurrencyWait; }

    /** @return concurrent sends of an emulated broadcast */
    public int broadcastConcurrency() { return broadcastConcurrency; }

    /** @return TCP connect timeout */
    public Duration connectTimeout() { return connectTimeout; }

    /** @return whole-request timeout */
    public Duration requestTimeout() { return requestTimeout; }

    @Override
    public String toString() {
        return "ResiliencePolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", maxRetryAfter=" + maxRetryAfter
                + ", ratePerSecond=" + (ratePerSecond == 0 ? "provider default" : ratePerSecond)
                + ", maxConcurrentCalls=" + maxConcurrentCalls + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds a {@link ResiliencePolicy}; setters reject bad values at once. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private int retryBudgetTokens = DEFAULT_RETRY_BUDGET_TOKENS;
        private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration waitInOpenState = DEFAULT_WAIT_IN_OPEN_STATE;
        private int ratePerSecond = DEFAULT_RATE_PER_SECOND;
        private Duration rateLimitTimeout = DEFAULT_RATE_LIMIT_TIMEOUT;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxConcurrencyWait = DEFAULT_MAX_CONCURRENCY_WAIT;
        private int broadcastConcurrency = DEFAULT_BROADCAST_CONCURRENCY;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {}

        private Builder(ResiliencePolicy p) {
            maxAttempts = p.maxAttempts;
            initialBackoff = p.initialBackoff;
            backoffMultiplier = p.backoffMultiplier;
            jitter = p.jitter;
            maxBackoff = p.maxBackoff;
            maxRetryAfter = p.maxRetryAfter;
            retryBudgetTokens = p.retryBudgetTokens;
            retryBudgetRatio = p.retryBudgetRatio;
            failureRateThreshold = p.failureRateThreshold;
            slidingWindowSize = p.slidingWindowSize;
            minimumCalls = p.minimumCalls;
            waitInOpenState = p.waitInOpenState;
            ratePerSecond = p.ratePerSecond;
            rateLimitTimeout = p.rateLimitTimeout;
            maxConcurrentCalls = p.maxConcurrentCalls;
            maxConcurrencyWait = p.maxConcurrencyWait;
            broadcastConcurrency = p.broadcastConcurrency;
            connectTimeout = p.connectTimeout;
            requestTimeout = p.requestTimeout;
        }

        /**
         * @param value attempts per call, 1-10 (1 = no retries)
         * @return this
         */
        public Builder maxAttempts(int value) {
            maxAttempts = requireRange("maxAttempts", value, 1, 10);
            return this;
        }

        /**
         * @param value first backoff, positive
         * @return this
         */
        public Builder initialBackoff(Duration value) {
            initialBackoff = requirePositive("initialBackoff", value);
            return this;
        }

        /**
         * @param value backoff factor, 1.0-10.0
         * @return this
         */
        public Builder backoffMultiplier(double value) {
            if (!(value >= 1.0 && value <= 10.0)) {
                throw invalid("backoffMultiplier must be between 1.0 and 10.0, not " + value);
            }
            backoffMultiplier = value;
            return this;
        }

        /**
         * @param value random spread, 0.0 (none) to 1.0
         * @return this
         */
        public Builder jitter(double value) {
            if (!(value >= 0.0 && value < 1.0)) {
                throw invalid("jitter must be at least 0.0 and below 1.0, not " + value);
            }
            jitter = value;
            return this;
        }

        /**
         * @param value longest backoff, positive
         * @return this
         */
        public Builder maxBackoff(Duration value) {
            maxBackoff = requirePositive("maxBackoff", value);
            return this;
        }

        /**
         * @param value longest honoured Retry-After, zero or positive
         * @return this
         */
        public Builder maxRetryAfter(Duration value) {
            if (value == null || value.isNegative()) {
                throw invalid("maxRetryAfter must be zero or positive");
            }
            maxRetryAfter = value;
            return this;
        }

        /**
         * @param tokens budget size, 1-1000
         * @param ratio  tokens a success gives back, above 0 up to 1
         * @return this
         */
        public Builder retryBudget(int tokens, double ratio) {
            retryBudgetTokens = requireRange("retryBudget tokens", tokens, 1, 1000);
            if (!(ratio > 0 && ratio <= 1)) {
                throw invalid("retryBudget ratio must be above 0 and at most 1, not " + ratio);
            }
            retryBudgetRatio = ratio;
            return this;
        }

        /**
         * @param value percent, above 0 up to 100
         * @return this
         */
        public Builder failureRateThreshold(float value) {
            if (!(value > 0 && value <= 100)) {
                throw invalid("failureRateThreshold must be above 0 and at most 100, not " + value);
            }
            failureRateThreshold = value;
            return this;
        }

        /**
         * @param value calls looked back on, 1-10000
         * @return this
         */
        public Builder slidingWindowSize(int value) {
            slidingWindowSize = requireRange("slidingWindowSize", value, 1, 10_000);
            return this;
        }

        /**
         * @param value calls needed before the rate counts, 1-10000
         * @return this
         */
        public Builder minimumCalls(int value) {
            minimumCalls = requireRange("minimumCalls", value, 1, 10_000);
            return this;
        }

        /**
         * @param value time open before a probe, positive
         * @return this
         */
        public Builder waitInOpenState(Duration value) {
            waitInOpenState = requirePositive("waitInOpenState", value);
            return this;
        }

        /**
         * @param value calls per second, 1-100000, or 0 for the provider's limit
         * @return this
         */
        public Builder ratePerSecond(int value) {
            ratePerSecond = value == 0 ? 0 : requireRange("ratePerSecond", value, 1, 100_000);
            return this;
        }

        /**
         * @param value longest wait for a permit, zero or positive
         * @return this
         */
        public Builder rateLimitTimeout(Duration value) {
            if (value == null || value.isNegative()) {
                throw invalid("rateLimitTimeout must be zero or positive");
            }
            rateLimitTimeout = value;
            return this;
        }

        /**
         * @param value concurrent calls, 1-10000
         * @return this
         */
        public Builder maxConcurrentCalls(int value) {
            maxConcurrentCalls = requireRange("maxConcurrentCalls", value, 1, 10_000);
            return this;
        }

        /**
         * @param value longest wait for a slot, zero or positive
         * @return this
         */
        public Builder maxConcurrencyWait(Duration value) {
            if (value == null || value.isNegative()) {
                throw invalid("maxConcurrencyWait must be zero or positive");
            }
            maxConcurrencyWait = value;
            return this;
        }

        /**
         * @param value concurrent sends of an emulated broadcast, 1-256
         * @return this
         */
        public Builder broadcastConcurrency(int value) {
            broadcastConcurrency = requireRange("broadcastConcurrency", value, 1, 256);
            return this;
        }

        /**
         * @param value connect timeout, positive
         * @return this
         */
        public Builder connectTimeout(Duration value) {
            connectTimeout = requirePositive("connectTimeout", value);
            return this;
        }

        /**
         * @param value request timeout, positive
         * @return this
         */
        public Builder requestTimeout(Duration value) {
            requestTimeout = requirePositive("requestTimeout", value);
            return this;
        }

        /** @return the policy */
        public ResiliencePolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw invalid("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
            }
            return new ResiliencePolicy(this);
        }

        private static int requireRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw invalid(name + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw invalid(name + " must be a positive duration, not " + value);
            }
            return value;
        }

        private static InvalidConfigurationException invalid(String message) {
            return new InvalidConfigurationException("Resilience policy: " + message + ".", message, ErrorDetails.NONE, null);
        }
    }
}

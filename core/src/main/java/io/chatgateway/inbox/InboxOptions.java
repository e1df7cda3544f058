package io.chatgateway.inbox;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.CheckpointStore;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.LeaseStore;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link Inbox} reads: which accounts, from where, how often, where it keeps its state, and how it
 * treats a failing handler. Build with {@link #builder()}; immutable.
 *
 * <p>Defaults: every account, start {@link InboxStart#now()}, poll every 5 s (down to a fifth of that
 * right after activity, up to twice that after a minute of quiet), at most half of the account's rate
 * limit, in-memory checkpoints and leases, 100 events per conversation batch, 4 conversations in
 * parallel, 5 handler attempts with backoff from 1 s to 1 min, 1 min handler timeout, 30 s lease TTL, a pulled
 * batch held (its accounts' leases renewed) for at most 5 min.
 */
public final class InboxOptions {

    /** Default inbox name: the key of its checkpoints and leases. */
    public static final String DEFAULT_NAME = "default";
    /** Default poll interval per account. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** Default share of an account's rate limit the inbox may use. */
    public static final double DEFAULT_MAX_RATE_SHARE = 0.5;
    /** Default most events per conversation batch. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Default conversations handled in parallel. */
    public static final int DEFAULT_PARALLELISM = 4;
    /** Default handler attempts per event before it is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default first retry backoff (doubles per attempt). */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Default longest retry backoff. */
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofMinutes(1);
    /** Default longest time one handler call may take. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofMinutes(1);
    /** Default lease time to live (failover time after a crash). */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    /** Default longest time a pulled batch keeps its accounts' leases renewed before it must be committed. */
    public static final Duration DEFAULT_MAX_BATCH_HOLD = Duration.ofMinutes(5);

    private final String name;
    private final Set<String> accounts;
    private final InboxStart start;
    private final Duration pollInterval;
    private final Duration minPollInterval;
    private final Duration maxPollInterval;
    private final double maxRateShare;
    private final CheckpointStore checkpointStore;
    private final LeaseStore leaseStore;
    private final int batchSize;
    private final int parallelism;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Duration maxRetryBackoff;
    private final Duration handlerTimeout;
    private final Duration leaseTtl;
    private final Duration maxBatchHold;
    private final String owner;
    private final @Nullable Consumer<DeadLetter> deadLetterHandler;

    private InboxOptions(Builder b) {
        this.name = b.name;
        this.accounts = Set.copyOf(b.accounts);
        this.start = b.start;
        this.pollInterval = b.pollInterval;
        this.minPollInterval = b.minPollInterval != null ? b.minPollInterval : b.pollInterval.dividedBy(5);
        this.maxPollInterval = b.maxPollInterval != null ? b.maxPollInterval : b.pollInterval.multipliedBy(2);
        this.maxRateShare = b.maxRateShare;
        CheckpointStore checkpoints = b.checkpointStore;
        LeaseStore leases = b.leaseStore;
        if (checkpoints == null || leases == null) { // one in-memory store for whichever is missing
            InboxStore memory = InboxStore.inMemory();
            checkpoints = checkpoints != null ? checkpoints : memory;
            leases = leases != null ? leases : memory;
        }
        this.checkpointStore = checkpoints;
        this.leaseStore = leases;
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.maxRetryBackoff = b.maxRetryBackoff;
        this.handlerTimeout = b.handlerTimeout;
        this.leaseTtl = b.leaseTtl;
        this.maxBatchHold = b.maxBatchHold;
        this.owner = b.owner != null ? b.owner : "inbox-" + UUID.randomUUID();
        this.deadLetterHandler = b.deadLetterHandler;
        if (minPollInterval.compareTo(pollInterval) > 0 || maxPollInterval.compareTo(pollInterval) < 0) {
            throw invalid("minPollInterval <= pollInterval <= maxPollInterval must hold");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static InboxOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.accounts.addAll(accounts);
        b.start = start;
        b.pollInterval = pollInterval;
        b.minPollInterval = minPollInterval;
        b.maxPollInterval = maxPollInterval;
        b.maxRateShare = maxRateShare;
        b.checkpointStore = checkpointStore;
        b.leaseStore = leaseStore;
        b.batchSize = batchSize;
        b.parallelism = parallelism;
        b.maxAttempts = maxAttempts;
        b.retryBackoff = retryBackoff;
        b.maxRetryBackoff = maxRetryBackoff;
        b.handlerTimeout = handlerTimeout;
        b.leaseTtl = leaseTtl;
        b.maxBatchHold = maxBatchHold;
        b.owner = owner;
        b.deadLetterHandler = deadLetterHandler;
        return b;
    }

    /** @return the inbox's name: inboxes of different names keep separate checkpoints and leases */
    public String name() { return name; }

    /** @return the accounts to read; empty = every account of the gateway */
    public Set<String> accounts() { return accounts; }

    /** @return where an inbox without a checkpoint starts */
    public InboxStart start() { return start; }

    /** @return the usual time between two polls of one account */
    public Duration pollInterval() { return pollInterval; }

    /** @return the shortest time between two polls, used right after activity */
    public Duration minPollInterval() { return minPollInterval; }

    /** @return the longest time between two polls, reached after a minute without activity */
    public Duration maxPollInterval() { return maxPollInterval; }

    /** @return the largest share (0 to 1] of an account's rate limit the inbox's polling may use */
    public double maxRateShare() { return maxRateShare; }

    /** @return where checkpoints and dead letters are kept */
    public CheckpointStore checkpointStore() { return checkpointStore; }

    /** @return where account leases are kept */
    public LeaseStore leaseStore() { return leaseStore; }

    /** @return the most events of one conversation handled (or polled) before its checkpoint is committed */
    public int batchSize() { return batchSize; }

    /** @return how many conversations are handled at the same time (push mode) */
    public int parallelism() { return parallelism; }

    /** @return handler calls per event before it is dead-lettered */
    public int maxAttempts() { return maxAttempts; }

    /** @return the wait before the first retry; it doubles per attempt */
    public Duration retryBackoff() { return retryBackoff; }

    /** @return the longest wait between retries */
    public Duration maxRetryBackoff() { return maxRetryBackoff; }

    /** @return the longest one handler call may take before it counts as failed (and is interrupted) */
    public Duration handlerTimeout() { return handlerTimeout; }

    /** @return how long an account's lease lasts without renewal: the failover time after a crash */
    public Duration leaseTtl() { return leaseTtl; }

    /**
     * Pull mode: how long a batch returned by {@link Inbox#poll} may stay uncommitted while its accounts'
     * leases are still renewed. Until then no other instance takes those accounts over, however long the
     * caller processes the batch; after it, renewal stops (the lease ends at most {@link #leaseTtl()} later, and
     * another instance delivers the events again) and {@link InboxBatch#commit()} is refused, so a caller that
     * died or hangs never holds an account for ever.
     *
     * @return the longest time from a poll returning a batch to its commit
     */
    public Duration maxBatchHold() { return maxBatchHold; }

    /** @return this instance's name in the lease store */
    public String owner() { return owner; }

    /** @return the dead-letter callback, or {@code null} (dead letters are then only recorded) */
    public @Nullable Consumer<DeadLetter> deadLetterHandler() { return deadLetterHandler; }

    @Override
    public String toString() {
        return "InboxOptions[name=" + name + ", accounts=" + (accounts.isEmpty() ? "all" : accounts) + ", start=" + start
                + ", pollInterval=" + pollInterval + " (" + minPollInterval + ".." + maxPollInterval + "), maxRateShare="
                + maxRateShare + ", batchSize=" + batchSize + ", parallelism=" + parallelism + ", maxAttempts="
                + maxAttempts + ", handlerTimeout=" + handlerTimeout + ", leaseTtl=" + leaseTtl + ", maxBatchHold=" + maxBatchHold + ", owner=" + owner + "]";
    }

    private static InvalidConfigurationException invalid(String what) {
        return new InvalidConfigurationException("Inbox options: " + what + ".", ErrorDetails.NONE);
    }

    /** Builds {@link InboxOptions}; not thread-safe. Every setter validates its value at once. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final Set<String> accounts = new LinkedHashSet<>();
        private InboxStart start = InboxStart.now();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private @Nullable Duration minPollInterval;
        private @Nullable Duration maxPollInterval;
        private double maxRateShare = DEFAULT_MAX_RATE_SHARE;
        private @Nullable CheckpointStore checkpointStore;
        private @Nullable LeaseStore leaseStore;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int parallelism = DEFAULT_PARALLELISM;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration maxRetryBackoff = DEFAULT_MAX_RETRY_BACKOFF;
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration maxBatchHold = DEFAULT_MAX_BATCH_HOLD;
        private @Nullable String owner;
        private @Nullable Consumer<DeadLetter> deadLetterHandler;

        private Builder() {}

        /** @param value {@code [A-Za-z0-9_.-]{1,64}} @return this */
        public Builder name(String value) {
            if (value == null || !value.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw invalid("name must be 1 to 64 of A-Z a-z 0-9 _ . -, not '" + value + "'");
            }
            this.name = value;
            return this;
        }

        /** @param names accounts to read (adds to earlier calls) @return this */
        public Builder accounts(String... names) {
            for (String n : names) {
                accounts.add(Objects.requireNonNull(n, "account"));
            }
            return this;
        }

        /** @param names accounts to read (adds to earlier calls) @return this */
        public Builder accounts(java.util.Collection<String> names) {
            return accounts(names.toArray(String[]::new));
        }

        /** @param value where a new inbox starts @return this */
        public Builder start(InboxStart value) {
            this.start = Objects.requireNonNull(value, "start");
            return this;
        }

        /** @param value usual time between polls, 10 ms to 1 h @return this */
        public Builder pollInterval(Duration value) {
            this.pollInterval = between("pollInterval", value, Duration.ofMillis(10), Duration.ofHours(1));
            return this;
        }

        /** @param value shortest time between polls (default a fifth of the interval) @return this */
        public Builder minPollInterval(Duration value) {
            this.minPollInterval = between("minPollInterval", value, Duration.ofMillis(1), Duration.ofHours(1));
            return this;
        }

        /** @param value longest time between polls (default twice the interval) @return this */
        public Builder maxPollInterval(Duration value) {
            this.maxPollInterval = between("maxPollInterval", value, Duration.ofMillis(10), Duration.ofHours(24));
            return this;
        }

        /** @param value share of the account's rate limit polling may use, in (0, 1] @return this */
        public Builder maxRateShare(double value) {
            if (!(value > 0 && value <= 1)) {
                throw invalid("maxRateShare must be in (0, 1], not " + value);
            }
            this.maxRateShare = value;
            return this;
        }

        /**
         * Keeps checkpoints and leases in one store (e.g. {@code JdbcStores.inbox()}).
         *
         * @param store the store
         * @return this
         */
        public Builder store(InboxStore store) {
            Objects.requireNonNull(store, "store");
            this.checkpointStore = store;
            this.leaseStore = store;
            return this;
        }

        /** @param value where checkpoints and dead letters are kept @return this */
        public Builder checkpointStore(CheckpointStore value) {
            this.checkpointStore = Objects.requireNonNull(value, "checkpointStore");
            return this;
        }

        /** @param value where leases are kept @return this */
        public Builder leaseStore(LeaseStore value) {
            this.leaseStore = Objects.requireNonNull(value, "leaseStore");
            return this;
        }

        /** @param value events per conversation batch, 1 to 10 000 @return this */
        public Builder batchSize(int value) {
            if (value < 1 || value > 10_000) {
                throw invalid("batchSize must be between 1 and 10000, not " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** @param value conversations handled at once, 1 to 256 @return this */
        public Builder parallelism(int value) {
            if (value < 1 || value > 256) {
                throw invalid("parallelism must be between 1 and 256, not " + value);
            }
            this.parallelism = value;
            return this;
        }

        /** @param value handler attempts per event, 1 to 100 @return this */
        public Builder maxAttempts(int value) {
            if (value < 1 || value > 100) {
                throw invalid("maxAttempts must be between 1 and 100, not " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * @param first first retry wait (doubles per attempt), zero or more
         * @param max   longest retry wait, at least {@code first}
         * @return this
         */
        public Builder retryBackoff(Duration first, Duration max) {
            between("retryBackoff", first, Duration.ZERO, Duration.ofHours(1));
            between("maxRetryBackoff", max, first, Duration.ofHours(1));
            this.retryBackoff = first;
            this.maxRetryBackoff = max;
            return this;
        }

        /** @param value longest handler call, 1 ms to 1 h @return this */
        public Builder handlerTimeout(Duration value) {
            this.handlerTimeout = between("handlerTimeout", value, Duration.ofMillis(1), Duration.ofHours(1));
            return this;
        }

        /** @param value lease time to live, 100 ms to 1 h @return this */
        public Builder leaseTtl(Duration value) {
            this.leaseTtl = between("leaseTtl", value, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /**
         * @param value longest time a pulled batch may stay uncommitted with its accounts' leases renewed
         *              ({@link InboxOptions#maxBatchHold()}), 100 ms to 24 h
         * @return this
         */
        public Builder maxBatchHold(Duration value) {
            this.maxBatchHold = between("maxBatchHold", value, Duration.ofMillis(100), Duration.ofHours(24));
            return this;
        }

        /** @param value this instance's name in the lease store (default a random id) @return this */
        public Builder owner(String value) {
            if (value == null || value.isBlank() || value.length() > 200) {
                throw invalid("owner must be 1 to 200 characters");
            }
            this.owner = value;
            return this;
        }

        /** @param value called with each dead letter (after it is recorded) @return this */
        public Builder deadLetterHandler(@Nullable Consumer<DeadLetter> value) {
            this.deadLetterHandler = value;
            return this;
        }

        /**
         * @return the options
         * @throws InvalidConfigurationException when the poll intervals are inconsistent
         */
        public InboxOptions build() {
            return new InboxOptions(this);
        }

        private static Duration between(String what, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw invalid(what + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        }
    }
}

package io.chatgateway.internal;

import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Operation;
import io.chatgateway.Page;
import io.chatgateway.Sleeper;
import io.chatgateway.inbox.DeadLetter;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEvent;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxHandler;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxStart;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.spi.ChangeDetector;
import io.chatgateway.spi.Futures;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import io.chatgateway.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Inbox}: per account, a lease, a change detector scan, then per changed conversation a batch of
 * events read from its checkpoint; the conversation's checkpoint is committed (fenced by the lease) once its
 * batch is handled (push) or committed by the caller (pull). The account's detector position is committed
 * only when no changed conversation is left, so a crash never loses a detected change.
 */
final class DefaultInbox implements Inbox {

    private static final Logger LOG = LoggerFactory.getLogger("io.chatgateway.inbox");
    /** Outbound messages watched per conversation for delivery changes. */
    static final int MAX_PENDING = 200;
    /** How long an outbound message is watched for delivery changes. */
    static final Duration PENDING_WINDOW = Duration.ofHours(24);
    /** Quiet time after which polling slows down to the longest interval. */
    static final Duration QUIET_AFTER = Duration.ofMinutes(1);
    /**
     * Real time between two looks at a lease while its account's work (scan, reads, handler calls, commits)
     * is in progress; the clock decides whether it is due (a third of the TTL passed since the last renewal).
     */
    static final Duration KEEPER_TICK = Duration.ofMillis(100);

    private final ChatGateway gateway;
    private final InboxOptions options;
    /** Half the lease TTL: a lease is renewed once less than this is left (computed once: checked per event). */
    private final Duration halfTtl;
    private final Clock clock;
    private final Sleeper sleeper;
    private final List<Feed> feeds = new ArrayList<>();
    private final Consumer<DefaultInbox> onClose;
    private final OwnSends ownSends;
    private final AtomicReference<String> mode = new AtomicReference<>();
    /**
     * Renews the leases of accounts whose work is in progress or whose pulled batch is outstanding; made on first
     * use, shut down on close.
     */
    private ScheduledThreadPoolExecutor keeper;
    private boolean closed;
    /** Guards {@link #keeper}, {@link #closed} and each feed's busy count and hold. */
    private final Object keeperLock = new Object();
    private volatile Subscription subscription;
    /** The number of the last poll, guarded by this. */
    private int generation;
    /** The last pulled batch while neither committed nor replaced, guarded by this. */
    private PulledBatch outstanding;

    DefaultInbox(ChatGateway gateway, List<AccountRuntime> accounts, InboxOptions options, Clock clock, Sleeper sleeper,
                 OwnSends ownSends, Consumer<DefaultInbox> onClose) {
        this.gateway = gateway;
        this.ownSends = ownSends;
        this.options = options;
        this.halfTtl = options.leaseTtl().dividedBy(2);
        this.clock = clock;
        this.sleeper = sleeper;
        this.onClose = onClose;
        for (AccountRuntime a : accounts) {
            feeds.add(new Feed(a));
        }
    }

    // ---------------------------------------------------------------- one account

    /** One account's state in this inbox. Its methods run on one thread at a time, except {@link #read}. */
    private final class Feed {
        final AccountRuntime runtime;
        final String account;
        final String provider;
        final ChangeDetector detector;
        volatile Lease lease;
        InboxState.Account committed;
        final Map<String, InboxState.Conv> states = new HashMap<>();
        /** Conversations left to read, in detection order. */
        final Map<String, ChangeDetector.Signal> dirty = new LinkedHashMap<>();
        String nextPosition;
        Instant nextPollAt = Instant.EPOCH;
        volatile Instant lastEventAt = Instant.EPOCH;
        Duration interval = options.pollInterval();
        /** {@link OwnSends#mark()} at the last scan. */
        long sendMark = ownSends.mark();
        final AtomicInteger requests = new AtomicInteger();
        /** Where this account's inbox events go (lag, batches, dead letters). */
        final AccountMonitor monitor;
        /** Work in progress ({@link #busy}) and its renewal task, guarded by {@code keeperLock}. */
        private int busy;
        private ScheduledFuture<?> keeping;
        /** The pulled batch outstanding on this account ({@link #hold}), guarded by {@code keeperLock}. */
        private Hold hold;
        /** After a renewal failed for want of a store: not before then again. */
        private Instant retryRenewalAt = Instant.EPOCH;

        Feed(AccountRuntime runtime) {
            this.runtime = runtime;
            this.monitor = runtime.caller().monitor();
            this.account = runtime.name();
            this.provider = runtime.metadata().id();
            ChangeDetector own = runtime.provider().changeDetector(account);
            // the generic detector pages like the gateway does: the largest page up to 100
            this.detector = ChangeDetector.LISTING_KIND.equals(own.kind())
                    ? ChangeDetector.listing(runtime.provider(), account,
                            Math.min(100, runtime.metadata().maxPageSize()))
                    : own;
        }

        ErrorDetails details() {
            return ErrorDetails.of(account, provider, Operation.INBOX);
        }

        /** Reports the lag a batch about to be handed over shows: the age of its oldest new message. */
        void behind(List<InboxEvent> events) {
            Instant oldest = null;
            for (InboxEvent e : events) {
                if (e.type() != InboxEventType.MESSAGE_UPDATED && e.type() != InboxEventType.CONVERSATION_UPDATED
                        && e.providerTime() != null && (oldest == null || e.providerTime().isBefore(oldest))) {
                    oldest = e.providerTime();
                }
            }
            if (oldest != null) {
                Duration lag = Duration.between(oldest, clock.instant());
                monitor.inboxLag(lag.isNegative() ? Duration.ZERO : lag);
            }
        }

        /** Reports a handled and committed batch of {@code events} whose handling started at {@code startNanos}. */
        void handled(int events, long startNanos) {
            if (events > 0) {
                monitor.inboxBatchHandled(events, startNanos);
            }
        }

        /**
         * Marks this account's work in progress until the returned handle is closed: meanwhile the lease is
         * renewed every third of its TTL ({@link #keepAlive}), so that a provider call or a handler slower than
         * the TTL does not let it expire and hand the account to another instance. Nestable, thread-safe.
         */
        Busy busy() {
            synchronized (keeperLock) {
                busy++;
                keepingAsNeeded();
            }
            return this::idle;
        }

        private void idle() {
            synchronized (keeperLock) {
                busy--;
                keepingAsNeeded();
            }
        }

        /**
         * Marks a pulled batch of this account outstanding until {@code until} (the poll's time plus
         * {@link InboxOptions#maxBatchHold()}) or until the returned hold is {@linkplain #unhold released}:
         * meanwhile the lease is renewed as for work in progress; once the clock reaches {@code until}, no longer.
         * A newer hold replaces this one.
         */
        Hold hold(Instant until) {
            synchronized (keeperLock) {
                Hold h = new Hold(until);
                hold = h;
                keepingAsNeeded();
                return h;
            }
        }

        /** Ends {@code h} (commit, a later poll, close) when it is still this account's hold. */
        void unhold(Hold h) {
            synchronized (keeperLock) {
                if (hold == h) {
                    hold = null;
                    keepingAsNeeded();
                }
            }
        }

        /** @return whether the keeper renews this account's lease now (for tests) */
        boolean renewing() {
            synchronized (keeperLock) {
                return keeping != null;
            }
        }

        /** Starts or stops the renewal task: it runs while work is in progress or a pulled batch is held. */
        private void keepingAsNeeded() {
            // called holding keeperLock
            boolean needed = (busy > 0 || hold != null) && !closed;
            if (needed && keeping == null) {
                long tick = Math.max(1, Math.min(KEEPER_TICK.toMillis(), options.leaseTtl().toMillis() / 3));
                keeping = keeper().scheduleWithFixedDelay(this::keepAlive, tick, tick, TimeUnit.MILLISECONDS);
            } else if (!needed && keeping != null) {
                keeping.cancel(false);
                keeping = null;
            }
        }

        /**
         * @return {@code false} when only a pulled batch held past its {@link Hold#until} keeps this account busy:
         *         that hold then ends (renewal stops, the lease runs out) and is logged once
         */
        private boolean holdLasts(Instant now) {
            synchronized (keeperLock) {
                Hold h = hold;
                if (busy > 0 || h == null || now.isBefore(h.until())) {
                    return true;
                }
                hold = null;
                keepingAsNeeded();
            }
            LOG.warn("Inbox '{}' account '{}': a pulled batch was not committed within maxBatchHold ({}); its lease is no"
                    + " longer renewed, so the account goes to another instance once it expires, and the batch's events"
                    + " are delivered again.", options.name(), account, options.maxBatchHold());
            return false;
        }

        /**
         * While work is in progress or a pulled batch is held (up to {@link InboxOptions#maxBatchHold()}): renews
         * the lease once a third of its TTL has passed on the clock. A lost
         * lease is forgotten at once, so the work's commit is refused (the store's fencing token refuses it
         * too) and its events are read again by the new owner; a store that does not answer leaves the lease
         * to expire, after which {@link #stillHeld} and the commit refuse likewise.
         */
        synchronized void keepAlive() {
            Lease held = lease;
            if (held == null) {
                return;
            }
            Duration ttl = options.leaseTtl();
            Instant now = clock.instant();
            if (now.isBefore(held.expiresAt().minus(ttl).plus(ttl.dividedBy(3))) || now.isBefore(retryRenewalAt)
                    || !holdLasts(now)) {
                return;
            }
            try {
                lease = options.leaseStore().renew(held, ttl);
            } catch (LeaseLostException e) {
                LOG.info("{}", e.getMessage());
                lease = null;
            } catch (RuntimeException e) {
                retryRenewalAt = now.plus(ttl.dividedBy(10)); // a store that is down is not asked ten times a second
                LOG.warn("Inbox '{}' account '{}': renewing the lease failed (it ends at {} unless renewed): {}",
                        options.name(), account, held.expiresAt(), e.toString());
            }
        }

        LeaseLostException lostLease() {
            Lease held = lease;
            return MemoryInboxStore.lost(held != null ? held
                    : new Lease(options.name(), account, options.owner(), 1, clock.instant()));
        }

        /** @return whether the lease this batch was read under is still held (renewing it when due) */
        synchronized boolean stillHeld(long token) {
            Lease held = lease;
            if (held == null || held.token() != token) {
                return false;
            }
            if (clock.instant().isBefore(held.expiresAt().minus(halfTtl))) {
                return true;
            }
            try {
                lease = options.leaseStore().renew(held, options.leaseTtl());
                return true;
            } catch (LeaseLostException e) {
                return false;
            } catch (StoreUnavailableException e) {
                return clock.instant().isBefore(held.expiresAt());
            }
        }

        /** @return whether this instance holds the account's lease (acquiring or renewing it as needed) */
        synchronized boolean ensureLease() {
            Instant now = clock.instant();
            Lease held = lease;
            try {
                if (held != null && now.isBefore(held.expiresAt().minus(halfTtl))) {
                    return true;
                }
                if (held != null && now.isBefore(held.expiresAt())) {
                    lease = options.leaseStore().renew(held, options.leaseTtl());
                    return true;
                }
                Optional<Lease> got = options.leaseStore().tryAcquire(options.name(), account, options.owner(),
                        options.leaseTtl());
                if (got.isEmpty()) {
                    drop();
                    return false;
                }
                if (held == null || held.token() != got.get().token()) {
                    drop();
                    lease = got.get();
                    load();
                } else {
                    lease = got.get();
                }
                return true;
            } catch (LeaseLostException e) {
                LOG.info("{}", e.getMessage());
                drop();
                return false;
            } catch (StoreUnavailableException e) {
                LOG.warn("Inbox '{}' account '{}': the lease store is unavailable; pausing. {}", options.name(), account,
                        e.getMessage());
                return held != null && now.isBefore(held.expiresAt());
            }
        }

        /** Forgets everything learned under a lease no longer held. */
        void drop() {
            lease = null;
            committed = null;
            states.clear();
            dirty.clear();
            nextPosition = null;
            nextPollAt = Instant.EPOCH;
        }

        void load() {
            Map<String, Checkpoint> all = options.checkpointStore().load(options.name(), account);
            for (Checkpoint c : all.values()) {
                if (!c.provider().equals(provider)) {
                    throw new InvalidConfigurationException("The inbox '" + options.name() + "' has a checkpoint for account '"
                            + account + "' written for provider '" + c.provider() + "', but the account is " + provider
                            + " now; use another inbox name or remove the old checkpoints.", details());
                }
                if (c.version() != InboxState.VERSION) {
                    throw new InvalidConfigurationException("The inbox '" + options.name() + "' has a checkpoint for account '"
                            + account + "' in format version " + c.version() + "; this version of chat-gateway reads "
                            + InboxState.VERSION + ".", details());
                }
                if (c.key().equals(Checkpoint.ACCOUNT_KEY)) {
                    committed = InboxState.Account.fromJson(c.position());
                    if (!committed.detector().equals(detector.kind())) {
                        throw new InvalidConfigurationException("The inbox '" + options.name() + "' has a checkpoint for account '"
                                + account + "' written by change detector '" + committed.detector() + "', not '"
                                + detector.kind() + "'; use another inbox name or remove the old checkpoints.", details());
                    }
                } else {
                    states.put(c.key(), InboxState.Conv.fromJson(c.position()));
                }
            }
        }

        Checkpoint checkpoint(String key, String position) {
            return new Checkpoint(key, provider, InboxState.VERSION, position, clock.instant());
        }

        void commit(Map<String, InboxState.Conv> changed, InboxState.Account accountState) {
            List<Checkpoint> list = new ArrayList<>();
            changed.forEach((id, st) -> list.add(checkpoint(id, st.toJson())));
            if (accountState != null) {
                list.add(checkpoint(Checkpoint.ACCOUNT_KEY, accountState.toJson()));
            }
            if (list.isEmpty()) {
                return;
            }
            Lease held = lease;
            if (held == null) {
                throw lostLease();
            }
            options.checkpointStore().commit(held, list);
            synchronized (states) {
                states.putAll(changed);
            }
            if (accountState != null) {
                committed = accountState;
            }
        }

        InboxState.Conv state(String id) {
            synchronized (states) {
                return states.get(id);
            }
        }

        /** Scans for changed conversations when due; returns whether it scanned. */
        boolean scanIfDue() {
            Instant now = clock.instant();
            if (!dirty.isEmpty() || now.isBefore(nextPollAt)) {
                return false;
            }
            boolean first = committed == null;
            Instant startedAt = null;
            if (first) {
                InboxStart start = options.start();
                startedAt = switch (start.kind()) {
                    case NOW -> now;
                    case AT -> start.instant();
                    case EARLIEST -> null;
                };
            } else if (committed.startedAtMilli() != null) {
                startedAt = Instant.ofEpochMilli(committed.startedAtMilli());
            }
            ChangeDetector.Scan scan = join(detector.scan(first ? "" : committed.position()));
            requests.addAndGet(scan.requests());
            Map<String, InboxState.Conv> baseline = new LinkedHashMap<>();
            for (ChangeDetector.Signal s : scan.conversations()) {
                if (!s.ref().account().equals(account)) {
                    continue;
                }
                String id = s.ref().id();
                InboxState.Conv st = state(id);
                if (st == null) {
                    boolean before = startedAt != null && (s.lastActivity() == null || s.lastActivity().isBefore(startedAt));
                    if (first && before) {
                        baseline.put(id, new InboxState.Conv(startedAt.getEpochSecond(), Set.of(), millis(s.lastActivity()),
                                InboxState.fingerprint(s.snapshot()), 0, Map.of(), now.toEpochMilli()));
                    } else {
                        dirty.put(id, s);
                    }
                } else if (!st.pending().isEmpty()
                        || (s.lastActivity() == null && s.snapshot() == null) // nothing known: read it
                        || (s.lastActivity() != null && st.behind(s.lastActivity().toEpochMilli()))
                        || (s.snapshot() != null && !InboxState.fingerprint(s.snapshot()).equals(st.fingerprint()))) {
                    dirty.put(id, s);
                }
            }
            // conversations this gateway sent into: read them, so that the sends' delivery changes are watched
            long mark = ownSends.mark();
            for (ConversationRef ref : ownSends.conversationsAfter(sendMark, account)) {
                dirty.putIfAbsent(ref.id(), new ChangeDetector.Signal(ref, null, null));
            }
            sendMark = mark;
            nextPosition = scan.position();
            if (first) {
                commit(baseline, new InboxState.Account(detector.kind(), startedAt == null ? null : startedAt.toEpochMilli(), ""));
            }
            if (dirty.isEmpty()) {
                finishCycle();
            }
            return true;
        }

        /** All detected conversations are read: store the detector's position and plan the next poll. */
        void finishCycle() {
            if (nextPosition != null && committed != null && !nextPosition.equals(committed.position())) {
                commit(Map.of(), new InboxState.Account(committed.detector(), committed.startedAtMilli(), nextPosition));
            }
            nextPosition = null;
            monitor.inboxLag(Duration.ZERO); // nothing detected is left unhandled
            Instant now = clock.instant();
            Duration next;
            if (Duration.between(lastEventAt, now).compareTo(options.pollInterval()) < 0) {
                next = options.minPollInterval();
            } else if (Duration.between(lastEventAt, now).compareTo(QUIET_AFTER) > 0) {
                next = options.maxPollInterval();
            } else {
                next = options.pollInterval();
            }
            int used = requests.getAndSet(0);
            double rate = Math.max(1, runtime.caller().ratePerSecond()) * options.maxRateShare();
            Duration floor = Duration.ofMillis((long) Math.ceil(used * 1000 / rate));
            interval = next.compareTo(floor) >= 0 ? next : floor;
            nextPollAt = now.plus(interval);
        }

        /**
         * Reads the next batch of one conversation from its committed state. Thread-safe for different
         * conversations.
         */
        Batch read(ChangeDetector.Signal signal) {
            String id = signal.ref().id();
            InboxState.Conv st = state(id);
            Instant observed = clock.instant();
            boolean isNew = st == null;
            if (st == null) {
                long boundary = committed != null && committed.startedAtMilli() != null
                        ? Instant.ofEpochMilli(committed.startedAtMilli()).getEpochSecond() : Long.MIN_VALUE;
                st = new InboxState.Conv(boundary, Set.of(), null, null, 0, Map.of(), null);
            }
            List<InboxEvent> events = new ArrayList<>();
            long revision = st.revision();
            String fp = InboxState.fingerprint(signal.snapshot());
            if (signal.snapshot() != null && (isNew || !fp.equals(st.fingerprint()))) {
                revision++;
                events.add(new InboxEvent(signal.ref() + "@c" + revision, InboxEventType.CONVERSATION_UPDATED, signal.ref(),
                        null, signal.snapshot(), signal.lastActivity(), observed));
                st = new InboxState.Conv(st.boundary(), st.seen(), st.lastActivity(), fp, revision, st.pending(), st.readAt());
            } else if (fp != null && st.fingerprint() == null) {
                st = new InboxState.Conv(st.boundary(), st.seen(), st.lastActivity(), fp, revision, st.pending(), st.readAt());
            }
            // no state per event: the state after a part of the batch is replayed from the walked messages (Batch#after)
            Walk walk = new Walk(st, observed);
            List<Message> walked = new ArrayList<>();
            int[] walkedAt = new int[16];
            int emitted = events.size(); // a conversation event is handed over before any message: 0 walked
            Long oldestPending = walk.pending.values().stream().map(InboxState.Pending::sentSecond).min(Long::compare)
                    .orElse(null);
            long from = oldestPending == null ? walk.boundary : Math.min(walk.boundary, oldestPending);
            // one row more than a full batch: a page that ends the conversation says so, no extra read to find out
            MessageQuery.Builder q = MessageQuery.of(signal.ref()).order(MessageQuery.Order.ASCENDING)
                    .pageSize(Math.min(io.chatgateway.ConversationQuery.MAX_PAGE_SIZE, Math.min(runtime.metadata().maxPageSize(),
                            options.batchSize() + walk.seen.size() + walk.pending.size() + 1)));
            if (from != Long.MIN_VALUE) {
                q.since(Instant.ofEpochSecond(from));
            }
            Page<Message> page = gateway.messages(q.build());
            requests.incrementAndGet();
            int fresh = 0;
            boolean cut = false;
            Long lastActivity = st.lastActivity();
            outer:
            while (true) {
                // outbound messages of this gateway's sends, or (with a shared idempotency store) another instance's
                Set<io.chatgateway.MessageRef> own = ownSends.ownAmong(page.items(), m -> walk.isNew(m, sentAt(m, observed)));
                for (Message m : page.items()) {
                    Instant sent = sentAt(m, observed);
                    InboxEvent event;
                    if (!walk.isNew(m, sent)) {
                        String status = walk.update(m);
                        walked.add(m);
                        if (status == null) {
                            continue;
                        }
                        event = new InboxEvent(m.ref() + "@u:" + status, InboxEventType.MESSAGE_UPDATED, signal.ref(), m,
                                null, m.updatedAt() != null ? m.updatedAt() : sent, observed);
                    } else {
                        if (fresh >= options.batchSize()) {
                            cut = true;
                            break outer;
                        }
                        fresh++;
                        walk.take(m, sent);
                        walked.add(m);
                        lastActivity = lastActivity == null ? sent.toEpochMilli() : Math.max(lastActivity, sent.toEpochMilli());
                        boolean inbound = m.direction() == Message.Direction.INBOUND;
                        if (!inbound && own.contains(m.ref())) {
                            continue; // this gateway sent it: no MESSAGE_SENT, but its delivery changes are reported
                        }
                        event = new InboxEvent(m.ref() + (inbound ? "@received" : "@sent"),
                                inbound ? InboxEventType.MESSAGE_RECEIVED : InboxEventType.MESSAGE_SENT, signal.ref(), m,
                                null, sent, observed);
                    }
                    if (emitted == walkedAt.length) {
                        walkedAt = java.util.Arrays.copyOf(walkedAt, emitted * 2);
                    }
                    walkedAt[emitted++] = walked.size();
                    events.add(event);
                }
                if (!page.hasNext()) {
                    break;
                }
                if (fresh >= options.batchSize()) {
                    cut = true; // the batch is full: the next page is read by the next batch, not now
                    break;
                }
                page = page.next();
                requests.incrementAndGet();
            }
            if (!cut && signal.lastActivity() != null) {
                long la = signal.lastActivity().toEpochMilli();
                lastActivity = lastActivity == null ? la : Math.max(lastActivity, la);
            }
            // a cut batch leaves no last activity, so the next scan reads the conversation again
            InboxState.Conv end = walk.state(st.fingerprint(), revision, cut ? null : lastActivity,
                    cut ? null : observed.toEpochMilli());
            return new Batch(this, signal, events, end, !cut, st, observed, walked,
                    java.util.Arrays.copyOf(walkedAt, emitted));
        }
    }

    private static boolean watched(Message m) {
        return m.direction() == Message.Direction.OUTBOUND
                && (m.delivery() == DeliveryStatus.PENDING || m.delivery() == DeliveryStatus.SENT
                || (m.delivery() == DeliveryStatus.DELIVERED && m.readStatus() != io.chatgateway.Message.ReadStatus.READ));
    }

    private static String status(Message m) {
        return m.delivery() + "/" + m.readStatus();
    }

    private static Map<String, InboxState.Pending> capped(Map<String, InboxState.Pending> pending) {
        if (pending.size() <= MAX_PENDING) {
            return Map.copyOf(pending);
        }
        List<Map.Entry<String, InboxState.Pending>> newest = new ArrayList<>(pending.entrySet());
        newest.sort((x, y) -> Long.compare(y.getValue().sentSecond(), x.getValue().sentSecond()));
        Map<String, InboxState.Pending> kept = new HashMap<>();
        newest.subList(0, MAX_PENDING).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /** @return when a message was sent, as the inbox orders it (its update time or the read time when unknown) */
    private static Instant sentAt(Message m, Instant observed) {
        return m.sentAt() != null ? m.sentAt() : m.updatedAt() != null ? m.updatedAt() : observed;
    }

    /**
     * A conversation's keyset position while its messages are walked in order: the mutable form of
     * {@link InboxState.Conv} (boundary second, ids seen at it, outbound messages watched for delivery changes).
     */
    private static final class Walk {
        private final Instant observed;
        long boundary;
        final Set<String> seen;
        final Map<String, InboxState.Pending> pending;

        /** Starts at {@code st}, forgetting watched messages older than {@link #PENDING_WINDOW}. */
        Walk(InboxState.Conv st, Instant observed) {
            this.observed = observed;
            this.boundary = st.boundary();
            this.seen = new LinkedHashSet<>(st.seen());
            this.pending = new LinkedHashMap<>(st.pending());
            long cutoff = observed.minus(PENDING_WINDOW).getEpochSecond();
            pending.values().removeIf(p -> p.sentSecond() < cutoff);
        }

        /** @return whether {@code m} (sent at {@code sent}) lies past the position: not delivered yet */
        boolean isNew(Message m, Instant sent) {
            long second = sent.getEpochSecond();
            return second > boundary || (second == boundary && !seen.contains(m.ref().id()));
        }

        /** Moves the position past a new message, watching it when it is an outbound one not yet delivered/read. */
        void take(Message m, Instant sent) {
            long second = sent.getEpochSecond();
            if (second != boundary) {
                boundary = second;
                seen.clear();
            }
            String mid = m.ref().id();
            seen.add(mid);
            if (m.direction() != Message.Direction.INBOUND && watched(m)) {
                pending.put(mid, new InboxState.Pending(status(m), second));
            }
        }

        /**
         * An old message again: when it is watched and its status changed, records the change.
         *
         * @return the new "DELIVERY/READ" status to report, or {@code null} when there is nothing to report
         */
        String update(Message m) {
            String mid = m.ref().id();
            InboxState.Pending p = pending.get(mid);
            if (p == null) {
                return null;
            }
            String status = status(m);
            if (status.equals(p.status())) {
                return null;
            }
            if (watched(m)) {
                pending.put(mid, new InboxState.Pending(status, p.sentSecond()));
            } else {
                pending.remove(mid);
            }
            return status;
        }

        /** Walks one message as {@link DefaultInbox.Feed#read} did. */
        void replay(Message m) {
            Instant sent = sentAt(m, observed);
            if (isNew(m, sent)) {
                take(m, sent);
            } else {
                update(m);
            }
        }

        InboxState.Conv state(String fingerprint, long revision,
                              Long lastActivity, Long readAt) {
            return new InboxState.Conv(boundary, seen, lastActivity, fingerprint, revision, capped(pending), readAt);
        }
    }

    /**
     * One conversation's read: its events, the state once all are handled, and what it takes to rebuild the
     * state after only a part of them (a commit part-way, on stop) without keeping one per event.
     *
     * @param start    the state the messages were walked from (after the conversation event, if any)
     * @param observed when it was read
     * @param walked   the messages walked, in order
     * @param walkedAt for each event, how many of {@code walked} were walked when it was produced
     */
    private record Batch(Feed feed, ChangeDetector.Signal signal, List<InboxEvent> events, InboxState.Conv end,
                         boolean exhausted, InboxState.Conv start, Instant observed, List<Message> walked, int[] walkedAt) {

        String id() {
            return signal.ref().id();
        }

        /**
         * @param handled how many events (1 or more) were handled
         * @return the state to commit once the first {@code handled} events are handled: replayed from {@code start};
         *         with no last activity or read time, so that the next scan reads the conversation again
         */
        InboxState.Conv after(int handled) {
            if (handled >= events.size()) {
                return end;
            }
            Walk walk = new Walk(start, observed);
            int upTo = walkedAt[handled - 1];
            for (int i = 0; i < upTo; i++) {
                walk.replay(walked.get(i));
            }
            return walk.state(start.fingerprint(), start.revision(), null, null);
        }
    }

    /**
     * How one attempt of the handler on an event failed.
     *
     * @param error one line: the exception or the timeout
     * @param kind  the outcome reported to the monitor ({@code handler_error}, {@code handler_timeout}, …)
     */
    private record Failure(String error, String kind) {
        /** The waiting thread was interrupted: not the handler's failure; delivery stops. */
        static final Failure INTERRUPTED = new Failure("interrupted", "interrupted");
    }

    // ---------------------------------------------------------------- pull mode

    @Override
    public synchronized InboxBatch poll(Duration maxWait) {
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive");
        }
        if (!mode.compareAndSet(null, "pull") && !"pull".equals(mode.get())) {
            throw new IllegalStateException("This inbox runs in push mode (start); poll is not available.");
        }
        int gen = ++generation;
        PulledBatch previous = outstanding;
        if (previous != null) {
            previous.release(); // replaced: its events are read again, its leases no longer held for it
            outstanding = null;
        }
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            List<Batch> batches = new ArrayList<>();
            int events = 0;
            Instant nextDue = deadline;
            for (Feed f : feeds) {
                try (Busy busy = f.busy()) {
                    if (!f.ensureLease()) {
                        Instant retry = clock.instant().plus(options.leaseTtl().dividedBy(3));
                        nextDue = retry.isBefore(nextDue) ? retry : nextDue;
                        continue;
                    }
                    f.scanIfDue();
                    for (ChangeDetector.Signal s : List.copyOf(f.dirty.values())) {
                        if (events >= options.batchSize()) {
                            break;
                        }
                        Batch b = f.read(s);
                        if (b.events().isEmpty()) {
                            f.commit(Map.of(b.id(), b.end()), null);
                            if (b.exhausted()) {
                                f.dirty.remove(b.id());
                            }
                            continue;
                        }
                        batches.add(b);
                        f.behind(b.events());
                        events += b.events().size();
                    }
                    if (f.dirty.isEmpty() && f.nextPosition != null) {
                        f.finishCycle();
                    }
                } catch (InvalidConfigurationException e) {
                    throw e;
                } catch (LeaseLostException e) {
                    LOG.info("{}", e.getMessage());
                    f.drop();
                } catch (RuntimeException e) {
                    LOG.warn("Inbox '{}' account '{}': polling failed, trying again later: {}", options.name(), f.account,
                            e.toString());
                    f.dirty.clear();
                    f.nextPosition = null;
                    f.nextPollAt = clock.instant().plus(options.pollInterval());
                }
                if (f.nextPollAt.isBefore(nextDue)) {
                    nextDue = f.nextPollAt;
                }
            }
            if (!batches.isEmpty()) {
                PulledBatch batch = new PulledBatch(gen, batches);
                outstanding = batch;
                return batch;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return new PulledBatch(gen, List.of());
            }
            Duration wait = Duration.between(now, nextDue.isAfter(deadline) ? deadline : nextDue);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait).join();
            }
        }
    }

    /**
     * A batch handed to the caller of {@link #poll}. Until it is committed or replaced by the next poll (or the
     * inbox closes), its accounts' leases are renewed, for at most {@link InboxOptions#maxBatchHold()}: a commit
     * after that is refused.
     */
    private final class PulledBatch implements InboxBatch {
        private final int gen;
        private final List<Batch> batches;
        private final List<InboxEvent> events;
        private final long handedAtNanos = System.nanoTime();
        private final Instant handedAt = clock.instant();
        /** The leases this batch keeps alive, one per account in it; guarded by the inbox. */
        private final Map<Feed, Hold> holds = new LinkedHashMap<>();
        private boolean committed;

        PulledBatch(int gen, List<Batch> batches) {
            this.gen = gen;
            this.batches = batches;
            List<InboxEvent> all = new ArrayList<>();
            batches.forEach(b -> all.addAll(b.events()));
            this.events = List.copyOf(all);
            Instant until = handedAt.plus(options.maxBatchHold());
            for (Batch b : batches) {
                holds.computeIfAbsent(b.feed(), f -> f.hold(until));
            }
        }

        /** Stops keeping this batch's leases alive. Called holding the inbox's lock. */
        void release() {
            holds.forEach(Feed::unhold);
            holds.clear();
        }

        @Override
        public List<InboxEvent> events() {
            return events;
        }

        @Override
        public void commit() {
            synchronized (DefaultInbox.this) {
                if (committed) {
                    return;
                }
                if (gen != generation) {
                    throw new IllegalStateException("A later poll replaced this batch; its events will be delivered again.");
                }
                Duration held = Duration.between(handedAt, clock.instant());
                if (held.compareTo(options.maxBatchHold()) >= 0) {
                    List<String> accounts = holds.keySet().stream().map(f -> f.account).toList();
                    ErrorDetails details = batches.get(0).feed().details();
                    release();
                    throw new LeaseLostException("The inbox '" + options.name() + "' refuses to commit a pulled batch of "
                            + (accounts.size() == 1 ? "account '" + accounts.get(0) + "'" : "accounts " + accounts)
                            + ": it was held for " + held + ", not less than maxBatchHold (" + options.maxBatchHold()
                            + "), so its lease was no longer renewed. Its events will be delivered again (by this inbox's"
                            + " next poll or by the instance that took the account over).", details);
                }
                Map<Feed, Map<String, InboxState.Conv>> byFeed = new LinkedHashMap<>();
                for (Batch b : batches) {
                    byFeed.computeIfAbsent(b.feed(), f -> new LinkedHashMap<>()).put(b.id(), b.end());
                }
                Instant now = clock.instant();
                byFeed.forEach((f, states) -> {
                    f.commit(states, null);
                    f.lastEventAt = now;
                });
                for (Feed f : byFeed.keySet()) {
                    f.handled((int) events.stream().filter(e -> e.account().equals(f.account)).count(), handedAtNanos);
                }
                for (Batch b : batches) {
                    if (b.exhausted()) {
                        b.feed().dirty.remove(b.id());
                    }
                }
                for (Feed f : byFeed.keySet()) {
                    if (f.dirty.isEmpty() && f.nextPosition != null) {
                        f.finishCycle();
                    }
                }
                committed = true;
                release();
                if (outstanding == this) {
                    outstanding = null;
                }
            }
        }
    }

    // ---------------------------------------------------------------- push mode

    @Override
    public InboxSubscription start(InboxHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        if (!mode.compareAndSet(null, "push")) {
            throw new IllegalStateException("This inbox was already started or polled; make another one.");
        }
        Subscription s = new Subscription(handler);
        subscription = s;
        s.begin();
        return s;
    }

    private final class Subscription implements InboxSubscription {
        private final InboxHandler handler;
        private final CompletableFuture<Void> stopSignal = new CompletableFuture<>();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final ExecutorService conversations;
        private final ExecutorService handlers;
        private final List<Thread> loops = new ArrayList<>();

        Subscription(InboxHandler handler) {
            this.handler = handler;
            this.done = new CountDownLatch(feeds.size());
            AtomicInteger n = new AtomicInteger();
            this.conversations = Executors.newFixedThreadPool(options.parallelism(), r -> daemon(r, "chatgw-inbox-" + n.incrementAndGet()));
            this.handlers = Executors.newCachedThreadPool(r -> daemon(r, "chatgw-inbox-handler-" + n.incrementAndGet()));
        }

        void begin() {
            for (Feed f : feeds) {
                Thread t = daemon(() -> loop(f), "chatgw-inbox-" + options.name() + "-" + f.account);
                loops.add(t);
                t.start();
            }
        }

        boolean stopping() {
            return stopSignal.isDone();
        }

        private void loop(Feed f) {
            try {
                while (!stopping()) {
                    Duration wait;
                    try (Busy busy = f.busy()) {
                        wait = cycle(f);
                    } catch (InvalidConfigurationException e) {
                        failure.compareAndSet(null, e);
                        LOG.error("Inbox '{}' stops: {}", options.name(), e.getMessage());
                        stopSignal.complete(null);
                        break;
                    } catch (LeaseLostException e) {
                        LOG.info("{}", e.getMessage());
                        f.drop();
                        wait = options.leaseTtl().dividedBy(3);
                    } catch (RuntimeException e) {
                        LOG.warn("Inbox '{}' account '{}': polling failed, trying again later: {}", options.name(), f.account,
                                e.toString());
                        f.dirty.clear();
                        f.nextPosition = null;
                        wait = options.pollInterval();
                        f.nextPollAt = clock.instant().plus(wait);
                    }
                    if (!wait.isZero() && !wait.isNegative() && !stopping()) {
                        CompletableFuture.anyOf(sleeper.sleep(wait), stopSignal).join();
                    }
                }
            } finally {
                Lease held = f.lease;
                if (held != null) {
                    try {
                        options.leaseStore().release(held);
                    } catch (RuntimeException e) {
                        LOG.debug("Inbox lease release failed: {}", e.toString());
                    }
                    f.lease = null;
                }
                done.countDown();
                if (done.getCount() == 0) {
                    conversations.shutdown();
                    handlers.shutdownNow();
                }
            }
        }

        /** One poll of one account; returns how long to wait before the next. */
        private Duration cycle(Feed f) {
            if (!f.ensureLease()) {
                return options.leaseTtl().dividedBy(3);
            }
            f.scanIfDue();
            while (!f.dirty.isEmpty() && !stopping()) {
                List<Future<?>> running = new ArrayList<>();
                AtomicReference<RuntimeException> error = new AtomicReference<>();
                for (ChangeDetector.Signal s : List.copyOf(f.dirty.values())) {
                    running.add(conversations.submit(() -> {
                        try {
                            drain(f, s);
                        } catch (RuntimeException e) {
                            error.compareAndSet(null, e);
                        }
                    }));
                }
                for (Future<?> r : running) {
                    try {
                        r.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    } catch (ExecutionException e) {
                        error.compareAndSet(null, new IllegalStateException(e.getCause()));
                    }
                }
                if (error.get() != null) {
                    throw error.get();
                }
            }
            if (stopping()) {
                return Duration.ZERO;
            }
            if (f.nextPosition != null) {
                f.finishCycle();
            }
            Duration wait = Duration.between(clock.instant(), f.nextPollAt);
            return wait.isNegative() ? Duration.ZERO : wait;
        }

        /** Reads and handles one conversation's batches until it has nothing new, committing after each. */
        private void drain(Feed f, ChangeDetector.Signal s) {
            while (!stopping()) {
                Lease under = f.lease;
                if (under == null) {
                    throw f.lostLease(); // lost while the account's work was in progress
                }
                Batch b = f.read(s);
                f.behind(b.events());
                long handingNanos = System.nanoTime();
                int handled = handOver(f, b.events(), under);
                if (handled > 0) {
                    f.lastEventAt = clock.instant();
                }
                boolean all = handled == b.events().size();
                if (all) {
                    commitRetrying(f, Map.of(b.id(), b.end()));
                    f.handled(handled, handingNanos);
                    if (b.exhausted()) {
                        synchronized (f.dirty) {
                            f.dirty.remove(b.id());
                        }
                        return;
                    }
                } else {
                    // stopped part-way: commit what was handled, so a clean stop redelivers nothing
                    if (handled > 0) {
                        commitRetrying(f, Map.of(b.id(), b.after(handled)));
                        f.handled(handled, handingNanos);
                    }
                    return;
                }
            }
        }

        private void commitRetrying(Feed f, Map<String, InboxState.Conv> states) {
            Duration backoff = options.retryBackoff().isZero() ? Duration.ofMillis(100) : options.retryBackoff();
            while (true) {
                try {
                    f.commit(states, null);
                    return;
                } catch (StoreUnavailableException e) {
                    if (stopping()) {
                        throw e;
                    }
                    LOG.warn("Inbox '{}' account '{}': the checkpoint store is unavailable; pausing. {}", options.name(),
                            f.account, e.getMessage());
                    CompletableFuture.anyOf(sleeper.sleep(backoff), stopSignal).join();
                    Duration cap = options.maxRetryBackoff().compareTo(options.pollInterval()) > 0
                            ? options.maxRetryBackoff() : options.pollInterval();
                    backoff = min(backoff.multipliedBy(2), cap);
                }
            }
        }

        /**
         * Hands a batch's events to one handler thread, which calls the handler on them one after the other (no
         * thread hop per event); this thread waits, and counts an event whose call outlives the handler timeout as
         * failed. A failed event is retried as {@link #deliver} does, then the rest are handed over again.
         *
         * @return how many events, from the first, are done with (handled or dead-lettered): all, or fewer on stop
         * @throws LeaseLostException when the lease the batch was read under is no longer held
         */
        private int handOver(Feed f, List<InboxEvent> events, Lease under) {
            int done = 0;
            while (done < events.size() && !stopping()) {
                Run run = new Run(f, events, done, under.token());
                Future<?> task = handlers.submit(run);
                Failure failed = run.await(task);
                done = run.handled();
                if (run.lost) {
                    throw MemoryInboxStore.lost(under);
                }
                if (failed == null) {
                    continue; // all handled, or stopped, or interrupted: the loop condition decides
                }
                if (failed == Failure.INTERRUPTED || !deliver(f, events.get(done), failed)) {
                    return done;
                }
                done++;
                if (!f.stillHeld(under.token())) {
                    throw MemoryInboxStore.lost(under);
                }
            }
            return done;
        }

        /**
         * The handler called on a run of one batch's events on one handler thread. The waiting thread and the
         * handler thread agree under this object's lock on which event is being handled, so an event counted as
         * timed out is never counted as handled and the run never goes on past it.
         */
        private final class Run implements Runnable {
            private final Feed feed;
            private final List<InboxEvent> events;
            private final long token;
            private final CompletableFuture<Void> finished = new CompletableFuture<>();
            /** The event being handled (or next), guarded by this. */
            private int next;
            /** When the handling of {@link #next} started (or the run was submitted), guarded by this. */
            private long startedNanos = System.nanoTime();
            /** Set by the waiting thread on a timeout or interrupt: the run stops. Guarded by this. */
            private boolean cancelled;
            /** What the handler threw on {@link #next}, guarded by this. */
            private Throwable thrown;
            volatile boolean lost;

            Run(Feed feed, List<InboxEvent> events, int from, long token) {
                this.feed = feed;
                this.events = events;
                this.next = from;
                this.token = token;
            }

            @Override
            public void run() {
                try {
                    while (true) {
                        InboxEvent event;
                        synchronized (this) {
                            if (cancelled || next >= events.size() || stopping()) {
                                return;
                            }
                            event = events.get(next);
                            startedNanos = System.nanoTime();
                        }
                        try {
                            handler.handle(event);
                        } catch (Throwable t) { // as a Future would: any throwable is the handler failing
                            synchronized (this) {
                                if (!cancelled) {
                                    thrown = t;
                                }
                            }
                            return;
                        }
                        synchronized (this) {
                            if (cancelled) {
                                return; // it returned after it was counted as timed out: it stays failed
                            }
                            next++;
                        }
                        if (!feed.stillHeld(token)) {
                            lost = true;
                            return;
                        }
                    }
                } finally {
                    finished.complete(null);
                }
            }

            synchronized int handled() {
                return next;
            }

            /**
             * Waits for the run to end, enforcing the handler timeout on each event.
             *
             * @return {@code null} when the run ended by itself without a failure (all handled, stop or lease lost),
             *         the failure of event {@link #handled()} (first attempt), or {@link Failure#INTERRUPTED}
             */
            Failure await(Future<?> task) {
                long timeout = options.handlerTimeout().toNanos();
                while (true) {
                    int at;
                    long deadline;
                    synchronized (this) {
                        at = next;
                        deadline = startedNanos + timeout;
                    }
                    try {
                        finished.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        synchronized (this) {
                            return thrown == null ? null : failure(events.get(next), 1, thrown);
                        }
                    } catch (InterruptedException e) {
                        synchronized (this) {
                            cancelled = true;
                        }
                        task.cancel(true);
                        Thread.currentThread().interrupt();
                        return Failure.INTERRUPTED;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause()); // never: the run completes normally
                    } catch (TimeoutException e) {
                        synchronized (this) {
                            if (next != at || finished.isDone()) {
                                continue; // it moved on (or just ended): wait for the next event's deadline
                            }
                            cancelled = true;
                        }
                        task.cancel(true);
                        return timedOut(events.get(at), 1);
                    }
                }
            }
        }

        /** @return the failure of one attempt on {@code event}, logged */
        private Failure failure(InboxEvent event, int attempt, Throwable cause) {
            Failure f = new Failure(cause.getClass().getName() + ": " + cause.getMessage(),
                    cause instanceof io.chatgateway.ChatGatewayException ? Telemetry.outcome(cause) : "handler_error");
            LOG.warn("Inbox '{}': the handler failed on {} (attempt {} of {}): {}", options.name(), event.eventId(),
                    attempt, options.maxAttempts(), f.error());
            return f;
        }

        /** @return the timeout of one attempt on {@code event}, logged */
        private Failure timedOut(InboxEvent event, int attempt) {
            Failure f = new Failure("the handler did not return within " + options.handlerTimeout(), "handler_timeout");
            LOG.warn("Inbox '{}': {} on {} (attempt {} of {})", options.name(), f.error(), event.eventId(), attempt,
                    options.maxAttempts());
            return f;
        }

        /**
         * @param firstFailed how the first attempt failed when it was already made ({@link #handOver}), else {@code null}
         * @return {@code true} when the event is done with (handled or dead-lettered), {@code false} on stop
         */
        private boolean deliver(Feed f, InboxEvent event, Failure firstFailed) {
            Duration backoff = options.retryBackoff();
            String lastError = firstFailed == null ? "" : firstFailed.error();
            String lastKind = firstFailed == null ? "handler_error" : firstFailed.kind();
            for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
                if (attempt > 1 || firstFailed == null) {
                    Future<?> call = handlers.submit(() -> {
                        handler.handle(event);
                        return null;
                    });
                    try {
                        call.get(options.handlerTimeout().toNanos(), TimeUnit.NANOSECONDS);
                        return true;
                    } catch (InterruptedException e) {
                        call.cancel(true);
                        Thread.currentThread().interrupt();
                        return false;
                    } catch (ExecutionException e) {
                        Failure failed = failure(event, attempt, e.getCause());
                        lastError = failed.error();
                        lastKind = failed.kind();
                    } catch (TimeoutException e) {
                        call.cancel(true);
                        Failure failed = timedOut(event, attempt);
                        lastError = failed.error();
                        lastKind = failed.kind();
                    }
                }
                if (attempt < options.maxAttempts()) {
                    if (stopping()) {
                        return false;
                    }
                    CompletableFuture.anyOf(sleeper.sleep(backoff), stopSignal).join();
                    if (stopping()) {
                        return false;
                    }
                    backoff = min(backoff.multipliedBy(2), options.maxRetryBackoff());
                }
            }
            DeadLetter letter = new DeadLetter(event, options.maxAttempts(), lastError, clock.instant());
            DeadLetterRecord record = new DeadLetterRecord(f.account, event.conversation().toString(), event.eventId(),
                    event.type().name(), letter.attempts(), oneLine(lastError), letter.failedAt());
            Duration wait = options.retryBackoff().isZero() ? Duration.ofMillis(100) : options.retryBackoff();
            while (true) {
                try {
                    options.checkpointStore().recordDeadLetter(options.name(), record);
                    break;
                } catch (StoreUnavailableException e) {
                    if (stopping()) {
                        return false;
                    }
                    CompletableFuture.anyOf(sleeper.sleep(wait), stopSignal).join();
                }
            }
            LOG.error("Inbox '{}': {} dead-lettered after {} attempts: {}", options.name(), event.eventId(),
                    letter.attempts(), record.error());
            f.monitor.deadLettered(io.chatgateway.events.GatewayEvent.Source.INBOX, lastKind);
            if (options.deadLetterHandler() != null) {
                try {
                    options.deadLetterHandler().accept(letter);
                } catch (RuntimeException e) {
                    LOG.warn("Inbox '{}': the dead-letter callback failed: {}", options.name(), e.toString());
                }
            }
            return true;
        }

        @Override
        public void stop() {
            stopSignal.complete(null);
        }

        @Override
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean isRunning() {
            return done.getCount() > 0 && !stopping();
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure.get());
        }

        @Override
        public void close() {
            stop();
            try {
                if (!awaitTermination(options.handlerTimeout().plusSeconds(5))) {
                    conversations.shutdownNow();
                    handlers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("[\\r\\n]+", " ");
        return line.length() > 1000 ? line.substring(0, 1000) : line;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A pulled batch outstanding on an account: its lease is kept alive until the batch is committed or replaced,
     * the inbox closes, or the clock reaches {@code until}. Compared by identity: each batch has its own.
     */
    private record Hold(Instant until) {}

    /** A stretch of an account's work during which its lease is kept alive. */
    @FunctionalInterface
    private interface Busy extends AutoCloseable {
        @Override
        void close();
    }

    private ScheduledThreadPoolExecutor keeper() {
        // called holding keeperLock
        if (keeper == null) {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                    r -> daemon(r, "chatgw-inbox-lease-" + options.name()));
            e.setRemoveOnCancelPolicy(true);
            e.setKeepAliveTime(1, TimeUnit.MINUTES);
            e.allowCoreThreadTimeOut(true);
            keeper = e;
        }
        return keeper;
    }

    @Override
    public void close() {
        Subscription s = subscription;
        if (s != null) {
            s.close();
        } else {
            synchronized (this) {
                if (outstanding != null) {
                    outstanding.release();
                    outstanding = null;
                }
                for (Feed f : feeds) {
                    Lease held = f.lease;
                    if (held != null) {
                        try {
                            options.leaseStore().release(held);
                        } catch (RuntimeException e) {
                            LOG.debug("Inbox lease release failed: {}", e.toString());
                        }
                    }
                    f.drop();
                }
            }
        }
        synchronized (keeperLock) {
            closed = true;
            if (keeper != null) {
                keeper.shutdownNow();
            }
        }
        onClose.accept(this);
    }

    /** @return whether the lease of {@code account} is being renewed now (work in progress or a batch held; for tests) */
    boolean renewing(String account) {
        return feeds.stream().anyMatch(f -> f.account.equals(account) && f.renewing());
    }

    @Override
    public String toString() {
        return "Inbox[" + options.name() + ", accounts=" + feeds.stream().map(f -> f.account).toList() + "]";
    }

}

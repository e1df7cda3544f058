package io.chatgateway.internal;

import io.chatgateway.Operation;
import io.chatgateway.events.MdcKeys;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;

/**
 * What the current thread works for while it runs adapter code: the SLF4J MDC entries of {@link MdcKeys} and the
 * attempt counter of the gateway operation (so that requests an adapter starts from a continuation count
 * towards the operation that started it). {@link #enter} and {@link #exit} bracket each stretch of adapter code
 * the gateway runs or resumes; previous values are restored on exit. Does nothing (and allocates nothing) when
 * the SLF4J binding has no MDC and nobody counts attempts.
 */
final class CallContext {

    private static final boolean MDC_ON = !(MDC.getMDCAdapter() instanceof NOPMDCAdapter) && MDC.getMDCAdapter() != null;
    /**
     * Per thread: the operation it works for (slot 0), or {@code null}. A holder kept for the thread's life (an
     * {@code Object[]}, which pins no class of this library), so entering and leaving allocate no map entry.
     */
    private static final ThreadLocal<Object[]> SCOPE = ThreadLocal.withInitial(() -> new Object[1]);

    private CallContext() {}

    /** What {@link #exit} restores. */
    record Frame(String account, String provider, String operation, CallScope scope) { }

    /** What {@link #enter} returns when the thread already works for that call: {@link #exit} restores nothing. */
    private static final Frame UNCHANGED = new Frame(null, null, null, null);
    /** What {@link #enter} returns when the thread worked for no call before: {@link #exit} clears what it set. */
    private static final Frame NOTHING = new Frame(null, null, null, null);

    /**
     * @param account   account name
     * @param provider  provider id
     * @param operation the operation, or {@code null} to leave the MDC's as it is
     * @param attempts  the operation's scope (attempt counter), or {@code null} when nobody listens
     * @return what to hand to {@link #exit}, or {@code null} when nothing was set
     */
    static Frame enter(String account, String provider, Operation operation, CallScope attempts) {
        if (!MDC_ON && attempts == null) {
            return null;
        }
        Frame previous;
        if (MDC_ON) {
            String a = MDC.get(MdcKeys.ACCOUNT);
            String p = MDC.get(MdcKeys.PROVIDER);
            String o = MDC.get(MdcKeys.OPERATION);
            Object[] holder = SCOPE.get();
            CallScope s = (CallScope) holder[0];
            if (account.equals(a) && provider.equals(p) && (operation == null || operation.id().equals(o))
                    && (attempts == null || attempts == s)) {
                return UNCHANGED; // nested in the same call (a request inside its operation): nothing to set or restore
            }
            previous = a == null && p == null && o == null && s == null ? NOTHING : new Frame(a, p, o, s);
            MDC.put(MdcKeys.ACCOUNT, account);
            MDC.put(MdcKeys.PROVIDER, provider);
            if (operation != null) {
                MDC.put(MdcKeys.OPERATION, operation.id());
            }
        } else {
            previous = new Frame(null, null, null, (CallScope) SCOPE.get()[0]);
        }
        if (attempts != null) {
            SCOPE.get()[0] = attempts;
        }
        return previous;
    }

    /** @param previous what {@link #enter} returned */
    static void exit(Frame previous) {
        if (previous == null || previous == UNCHANGED) {
            return;
        }
        if (MDC_ON) {
            restore(MdcKeys.ACCOUNT, previous.account());
            restore(MdcKeys.PROVIDER, previous.provider());
            restore(MdcKeys.OPERATION, previous.operation());
        }
        SCOPE.get()[0] = previous.scope();
    }

    /** @return the operation this thread works for, or {@code null} when nobody listens */
    static CallScope scope() {
        return (CallScope) SCOPE.get()[0];
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

package io.chatgateway;

import java.time.Duration;

/**
 * How a send whose outcome is uncertain (a timeout or reset after the request was written) is settled by
 * reading the conversation back: the gateway lists the account's own outbound messages since the send time
 * minus {@code skew}, {@code reads} times, {@code interval} apart, looking for the same text and attachments
 * not already matched to another send. Found → the send succeeded with that message's ref
 * ({@link SendResult.Reconciliation#FOUND}); never found → sent once more ({@link SendResult.Reconciliation#RESENT}), and a first
 * copy that shows up after all is reported ({@link SendResult.Reconciliation#DUPLICATE_DETECTED}).
 *
 * <p>Immutable; change it with the {@code with…} methods.
 *
 * @param skew        how far before the local send time to look (provider clocks and time stamps differ); 0 to 1 day
 * @param reads       how many looks before resending, 1 to 10
 * @param interval    the pause before each look (the provider may list a message a little after accepting it),
 *                    zero to 10 minutes
 * @param maxMessages most messages read per look, 1 to 10 000 (a busy conversation is not read to its end)
 */
public record ReconcileOptions(Duration skew, int reads, Duration interval, int maxMessages) {

    /** Two looks 5 s apart, 2 minutes of clock skew, at most 500 messages per look. */
    public static final ReconcileOptions DEFAULT = new ReconcileOptions(Duration.ofMinutes(2), 2, Duration.ofSeconds(5), 500);

    /** @throws InvalidRequestException when a value is out of its range */
    public ReconcileOptions {
        if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidRequestException("The reconcile skew must be between 0 and 1 day, not " + skew + ".");
        }
        if (reads < 1 || reads > 10) {
            throw new InvalidRequestException("A reconciliation reads the conversation 1 to 10 times, not " + reads + ".");
        }
        if (interval == null || interval.isNegative() || interval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidRequestException("The reconcile interval must be between 0 and 10 minutes, not " + interval + ".");
        }
        if (maxMessages < 1 || maxMessages > 10_000) {
            throw new InvalidRequestException("A reconciliation reads 1 to 10 000 messages per look, not " + maxMessages + ".");
        }
    }

    /** @param value the skew @return a copy with it */
    public ReconcileOptions withSkew(Duration value) {
        return new ReconcileOptions(value, reads, interval, maxMessages);
    }

    /** @param value the number of looks @return a copy with it */
    public ReconcileOptions withReads(int value) {
        return new ReconcileOptions(skew, value, interval, maxMessages);
    }

    /** @param value the pause before each look @return a copy with it */
    public ReconcileOptions withInterval(Duration value) {
        return new ReconcileOptions(skew, reads, value, maxMessages);
    }

    /** @param value most messages per look @return a copy with it */
    public ReconcileOptions withMaxMessages(int value) {
        return new ReconcileOptions(skew, reads, interval, value);
    }
}

package io.chatgateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.Conversation;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.Participant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inbox's positions and their JSON form (written by hand: no reflection, so it works on the module path).
 * Format version {@link #VERSION}.
 */
final class InboxState {

    /** Version of the position format; a checkpoint of another version is refused. */
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private InboxState() {}

    /**
     * An account's position.
     *
     * @param detector       the detector kind that wrote {@code position}
     * @param startedAtMilli when the inbox started reading (epoch ms), or {@code null} for "earliest"
     * @param position       the detector's position
     */
    record Account(String detector, Long startedAtMilli, String position) {

        String toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("detector", detector);
            if (startedAtMilli != null) {
                o.put("startedAt", startedAtMilli);
            }
            o.put("position", position);
            return o.toString();
        }

        static Account fromJson(String text) {
            JsonNode o = parse(text);
            return new Account(o.path("detector").asText(""), o.hasNonNull("startedAt") ? o.get("startedAt").asLong() : null,
                    o.path("position").asText(""));
        }
    }

    /**
     * An outbound message whose delivery is still being watched.
     *
     * @param status   last seen "DELIVERY/READ"
     * @param sentSecond its send time, epoch seconds
     */
    record Pending(String status, long sentSecond) { }

    /**
     * One conversation's position.
     *
     * @param boundary     keyset boundary second (messages before it are done); {@code Long.MIN_VALUE} = from the
     *                     provider's earliest
     * @param seen         ids already delivered at the boundary second
     * @param lastActivity the last activity seen (epoch ms), or {@code null}
     * @param fingerprint  hash of the conversation's state (status, assignee, title, unread), or {@code null}
     * @param revision     count of conversation events delivered (makes their ids unique and stable)
     * @param pending      outbound messages still watched for delivery changes, by id
     * @param readAt       when the messages were last read to the end (epoch ms, gateway clock), or {@code null}
     */
    record Conv(long boundary, Set<String> seen, Long lastActivity, String fingerprint, long revision,
                Map<String, Pending> pending, Long readAt) {

        Conv {
            seen = Set.copyOf(new TreeSet<>(seen));
            pending = Map.copyOf(pending);
        }

        /**
         * @param activity the activity the detector reports now (epoch ms)
         * @return whether messages may exist that were not read: newer activity, or a read so close to the
         *         last activity that more may have come in the same second
         */
        boolean behind(long activity) {
            return lastActivity == null || activity > lastActivity
                    || (activity == lastActivity && (readAt == null || readAt < activity + 2000));
        }

        String toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("b", boundary);
            ArrayNode s = o.putArray("s");
            seen.forEach(s::add);
            if (lastActivity != null) {
                o.put("la", lastActivity);
            }
            if (fingerprint != null) {
                o.put("fp", fingerprint);
            }
            o.put("rev", revision);
            if (readAt != null) {
                o.put("ra", readAt);
            }
            if (!pending.isEmpty()) {
                ObjectNode p = o.putObject("p");
                new java.util.TreeMap<>(pending).forEach((id, v) -> p.putArray(id).add(v.status()).add(v.sentSecond()));
            }
            return o.toString();
        }

        static Conv fromJson(String text) {
            JsonNode o = parse(text);
            List<String> seen = new ArrayList<>();
            o.path("s").forEach(n -> seen.add(n.asText()));
            Map<String, Pending> pending = new LinkedHashMap<>();
            o.path("p").fields().forEachRemaining(e -> pending.put(e.getKey(),
                    new Pending(e.getValue().path(0).asText(), e.getValue().path(1).asLong())));
            return new Conv(o.path("b").asLong(), Set.copyOf(seen), o.hasNonNull("la") ? o.get("la").asLong() : null,
                    o.hasNonNull("fp") ? o.get("fp").asText() : null, o.path("rev").asLong(), pending,
                    o.hasNonNull("ra") ? o.get("ra").asLong() : null);
        }
    }

    /**
     * @param c a conversation snapshot, may be {@code null}
     * @return a short stable hash of what a CONVERSATION_UPDATED reports (status, assignee, title, unread count)
     */
    static String fingerprint(Conversation c) {
        if (c == null) {
            return null;
        }
        Participant a = c.assignee();
        String text = c.status() + "\u0000" + (a == null ? "" : a.id()) + "\u0000" + (c.title() == null ? "" : c.title())
                + "\u0000" + (c.unreadCount() == null ? "" : c.unreadCount());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (Exception e) {
            throw new InvalidConfigurationException("An inbox checkpoint could not be read (" + e.getClass().getSimpleName()
                    + "); it was not written by this version of chat-gateway.", ErrorDetails.of(null, null, Operation.INBOX));
        }
    }
}

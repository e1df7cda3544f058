package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.MessageKind;
import io.chatgateway.OutgoingMessage;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private static final ConversationRef TO = new ConversationRef("acc", "c1");

    @Test
    void should_be_stable_across_versions_because_other_processes_compare_stored_digests() {
        assertThat(Fingerprints.of(TO, OutgoingMessage.text("hello")))
                .isEqualTo(Fingerprints.of(TO, OutgoingMessage.text("hello").withIdempotencyKey("k")))
                .hasSize(64)
                .isEqualTo(FROZEN);
    }

    /** The digest of ("acc:c1", "hello") in layout v1; changing it breaks stores written by older versions. */
    private static final String FROZEN = "638207704937203674d22ef97284bc79f16e927ff3ba6cf14f7bbbc978dda211";

    @Test
    void should_differ_by_recipient_text_and_attachment() {
        OutgoingMessage.Attachment photo = new OutgoingMessage.Attachment("a.png", "image/png", MessageKind.PHOTO, new byte[] {1, 2});
        String base = Fingerprints.of(TO, OutgoingMessage.text("hello"));
        assertThat(Fingerprints.of(new ConversationRef("acc", "c2"), OutgoingMessage.text("hello"))).isNotEqualTo(base);
        assertThat(Fingerprints.of(TO, OutgoingMessage.text("hello!"))).isNotEqualTo(base);
        assertThat(Fingerprints.of(TO, OutgoingMessage.text("hello").withAttachment(photo))).isNotEqualTo(base);
        assertThat(Fingerprints.of(TO, new OutgoingMessage("hel", java.util.List.of(), null)))
                .isNotEqualTo(Fingerprints.of(TO, new OutgoingMessage("hel", java.util.List.of(), null).withAttachment(photo)));
    }
}

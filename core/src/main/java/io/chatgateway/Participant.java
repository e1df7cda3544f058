package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * Who wrote a message or is assigned to a conversation.
 *
 * @param id   the provider's id of the person or bot, may be {@code null} when the provider gives none
 * @param name display name
 * @param role what part the participant plays; never {@code null}
 */
public record Participant(@Nullable String id, @Nullable String name, Role role) {

    /** What part a participant plays in a conversation. */
    public enum Role {
        /** A dispatcher, operator or the application's acting user. */
        AGENT,
        /** The driver, customer or other end user. */
        CUSTOMER,
        /** An automated sender. */
        BOT,
        /** The provider or platform itself. */
        SYSTEM,
        /** The provider does not say, or said something this version does not know. */
        UNKNOWN
    }

    /** @throws InvalidRequestException when the role is null */
    public Participant {
        if (role == null) {
            throw new InvalidRequestException("A participant needs a role (use UNKNOWN when not known).");
        }
    }
}

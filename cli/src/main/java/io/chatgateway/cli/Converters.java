package io.chatgateway.cli;

import io.chatgateway.Channel;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters: a bad value on the command line is a usage error (exit code 2) with one clear line. */
final class Converters {

    private Converters() {}

    /** {@code navixy:123456}. */
    static final class ConversationRefConverter implements ITypeConverter<ConversationRef> {
        @Override
        public ConversationRef convert(String value) {
            try {
                return ConversationRef.parse(value);
            } catch (InvalidRequestException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code navixy:123456/789}. */
    static final class MessageRefConverter implements ITypeConverter<MessageRef> {
        @Override
        public MessageRef convert(String value) {
            try {
                return MessageRef.parse(value);
            } catch (InvalidRequestException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An ISO-8601 instant ({@code 2026-11-20T00:00:00Z}), a date-time with offset, or a date (UTC midnight). */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return instant(value);
        }
    }

    /** A neutral channel name, any case: {@code VIBER}, {@code telegram}, … */
    static final class ChannelConverter implements ITypeConverter<Channel> {
        @Override
        public Channel convert(String value) {
            try {
                return Channel.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("Unknown channel '" + value + "'; use one of "
                        + Arrays.stream(Channel.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
            }
        }
    }

    /** A neutral status name, any case: {@code OPEN}, {@code closed}, … */
    static final class StatusConverter implements ITypeConverter<Conversation.Status> {
        @Override
        public Conversation.Status convert(String value) {
            return status(value);
        }
    }

    static Instant instant(String value) {
        String v = value.trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new TypeConversionException("'" + Table.cell(value)
                            + "' is not a time; use an ISO-8601 instant such as 2026-11-20T00:00:00Z or a date such as 2026-11-20.");
                }
            }
        }
    }

    static Conversation.Status status(String value) {
        try {
            Conversation.Status status = Conversation.Status.valueOf(value.trim().toUpperCase(Locale.ROOT));
            if (status != Conversation.Status.UNKNOWN) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new TypeConversionException("'" + Table.cell(value) + "' is not a conversation status; use one of "
                + Arrays.stream(Conversation.Status.values()).filter(s -> s != Conversation.Status.UNKNOWN)
                        .map(Enum::name).collect(Collectors.joining(", ")) + ".");
    }
}

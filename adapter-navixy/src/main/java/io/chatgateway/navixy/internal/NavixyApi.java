package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
import io.chatgateway.ProtocolException;
import io.chatgateway.Secret;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import io.chatgateway.spi.SharedCredential;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Navixy calls of one account: JSON POST bodies with real numbers and arrays, the credential in
 * {@code Authorization: NVX <hash>} (never in the URL or body), ISO date/times requested by header, a
 * session from {@code user/auth} renewed once on codes 3/4, and the account's time zone when needed.
 * Thread-safe.
 */
final class NavixyApi {

    /** Navixy's code for an exceeded dealer device limit ({@code updated/list}, {@code broadcast}); never retried. */
    static final String DEVICE_LIMIT = "221";

    private final URI base;
    private final ProviderHttp http;
    private final boolean iso;
    private final boolean renewable;
    private final SharedCredential<Secret> credential;
    private final NavixyConfig config;
    private final ErrorDetails details;
    private volatile ZoneId zone;
    private CompletableFuture<ZoneId> zoneLookup;

    NavixyApi(NavixyConfig config, ProviderContext context) {
        this.config = config;
        this.base = config.baseUri();
        this.http = context.http(new NavixyErrorDecoder());
        this.iso = config.isoDateTime();
        this.zone = config.timeZone().orElse(null);
        this.details = ErrorDetails.of(context.account(), context.providerId(), null);
        if (config.hash().isPresent()) {
            this.renewable = false;
            this.credential = SharedCredential.fixed(config.hash().get(), details);
        } else {
            this.renewable = true;
            this.credential = SharedCredential.obtainedBy(this::authenticate, context.clock(), Duration.ZERO,
                    details.withOperation(Operation.AUTHENTICATE));
        }
    }

    /** @param operation gateway operation @return account, provider and operation, for errors */
    ErrorDetails details(Operation operation) {
        return details.withOperation(operation);
    }

    /**
     * @param operation gateway operation, e.g. {@code send}
     * @param path      API path below the base, e.g. {@code /tracker/chat/send}
     * @param body      JSON body (without credential)
     * @param delivers  whether the call delivers a message (never retried when uncertain)
     * @return the answer's JSON, after the error decoder found no error
     */
    CompletableFuture<JsonNode> call(Operation operation, String path, Map<String, Object> body, boolean delivers) {
        return credential.call(hash -> exchange(operation, path, body, delivers, hash),
                e -> renewable && isExpired(e));
    }

    private CompletableFuture<JsonNode> exchange(Operation operation, String path, Map<String, Object> body,
                                                 boolean delivers, Secret hash) {
        HttpCall.Builder b = HttpCall.post(base, path).operation(operation)
                .credential("Authorization", "NVX ", hash)
                .json(body);
        if (iso) {
            b.header("NVX-ISO-DateTime", "true");
        }
        if (delivers) {
            b.deliversMessage();
        }
        return http.exchange(b.build()).thenApply(HttpAnswer::json);
    }

    static boolean isExpired(Throwable e) {
        return e instanceof AuthenticationException a && a.reason() == AuthenticationException.Reason.EXPIRED;
    }

    private CompletableFuture<SharedCredential.Lease<Secret>> authenticate() {
        Secret password = config.password().orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", config.login().orElseThrow());
        body.put("password", password.reveal());
        HttpCall.Builder b = HttpCall.post(base, "/user/auth").operation(Operation.AUTHENTICATE).redact(password).json(body);
        if (iso) {
            b.header("NVX-ISO-DateTime", "true");
        }
        return http.exchange(b.build()).thenApply(answer -> {
            JsonNode root = answer.json();
            String type = JsonValues.asText(root.get("type"));
            if (type != null && !type.trim().equalsIgnoreCase("authenticated")) {
                String factor = JsonValues.asText(root.get("factor_type"));
                throw new AuthenticationException(AuthenticationException.Reason.SECOND_FACTOR_REQUIRED, "Navixy login of account '" + details.account() + "' needs a second factor"
                        + (factor == null ? "" : " (" + factor + ")") + " (answer type '" + type + "'), which this library"
                        + " cannot answer; configure an API key as hash instead.", details.withOperation(Operation.AUTHENTICATE), null);
            }
            String hash = JsonValues.asText(root.get("hash"));
            if (hash == null || hash.isBlank() || hash.indexOf('\n') >= 0 || hash.indexOf('\r') >= 0) {
                throw new ProtocolException("Navixy user/auth succeeded without a usable session hash.",
                        details.withOperation(Operation.AUTHENTICATE));
            }
            return new SharedCredential.Lease<>(Secret.of(hash.trim()), null);
        });
    }

    /** @return the date/time codec with what is known now (the zone may still be unknown) */
    NavixyTime time() {
        return new NavixyTime(zone, iso);
    }

    /** @return a codec that can write {@code from}/{@code to}: fetches the account's zone first when needed */
    CompletableFuture<NavixyTime> writableTime() {
        NavixyTime t = time();
        return t.needsZoneToWrite() ? accountZone().thenApply(t::withZone) : CompletableFuture.completedFuture(t);
    }

    /**
     * Maps an answer with the date/time codec; when a zone-less time turns up and the zone is not known,
     * asks the account for its zone once and maps again.
     *
     * @param mapping the mapping
     * @param <R>     result type
     * @return the result
     */
    <R> CompletableFuture<R> withTime(Function<NavixyTime, R> mapping) {
        NavixyTime t = time();
        try {
            return CompletableFuture.completedFuture(mapping.apply(t));
        } catch (NavixyTime.ZoneRequired e) {
            return accountZone().thenApply(z -> mapping.apply(t.withZone(z)));
        }
    }

    /** @return the account's zone: configured, or {@code user/get_info} → {@code user_info.time_zone} (asked once) */
    synchronized CompletableFuture<ZoneId> accountZone() {
        if (zone != null) {
            return CompletableFuture.completedFuture(zone);
        }
        if (zoneLookup == null || zoneLookup.isCompletedExceptionally()) {
            zoneLookup = call(Operation.CONFIGURE, "/user/get_info", new LinkedHashMap<>(), false).thenApply(json -> {
                String name = JsonValues.asText(json.path("user_info").get("time_zone"));
                if (name == null || name.isBlank()) {
                    throw new ProtocolException("Navixy user/get_info did not say the account's time zone"
                            + " (user_info.time_zone); set the account's time-zone property.", details.withOperation(Operation.CONFIGURE));
                }
                try {
                    ZoneId z = ZoneId.of(name.trim());
                    zone = z;
                    return z;
                } catch (DateTimeException e) {
                    throw new ProtocolException("Navixy user/get_info gave an unknown time zone '" + name
                            + "'; set the account's time-zone property.", details.withOperation(Operation.CONFIGURE), e);
                }
            });
        }
        return zoneLookup;
    }

    /**
     * @param e a failure
     * @return the Navixy code it carries, if any
     */
    static String code(Throwable e) {
        return e instanceof ChatGatewayException g ? g.providerCode().orElse(null) : null;
    }

    List<Long> trackerIds(List<ConversationRef> refs, Operation operation) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ConversationRef r : refs) {
            ids.add(trackerId(r, operation));
        }
        return new ArrayList<>(ids);
    }

    long trackerId(ConversationRef ref, Operation operation) {
        return numeric(ref.id(), "tracker id", ref.toString(), operation);
    }

    long numeric(String id, String what, String ref, Operation operation) {
        if (id == null || !JsonValues.isDigits(id)) {
            throw new InvalidRequestException("'" + ref + "' is not a Navixy " + what + "; Navixy ids are positive"
                    + " whole numbers.", details(operation));
        }
        return Long.parseLong(id);
    }

    static List<List<Long>> chunks(List<Long> ids, int size) {
        List<List<Long>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += size) {
            out.add(new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + size))));
        }
        return out;
    }
}
